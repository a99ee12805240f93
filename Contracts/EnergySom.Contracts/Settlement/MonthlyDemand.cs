using NodaTime;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// The billing demand of one month for a two-part tariff: kW of the highest 15-minute average demand (maximum
/// demand basis) or kVA of contracted capacity (capacity basis), as the baseline predicts it and as it was.
/// </summary>
/// <param name="Baseline">Adjusted-baseline demand (kW or kVA), from the baseline result.</param>
/// <param name="Actual">Actual billing demand (kW or kVA), e.g. from <see cref="PeakDemand.HighestAverage"/>.</param>
public sealed record MonthlyDemand(YearMonth Month, double Baseline, double Actual);
