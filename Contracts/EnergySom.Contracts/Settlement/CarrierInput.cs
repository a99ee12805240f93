using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// The verified savings of one carrier for a settlement, as plain data from Baseline, in one of three forms:
/// interval avoided energy (<see cref="Avoided"/>), daily avoided energy (<see cref="DailyAvoided"/>, spread over
/// intervals by the contract's daily-allocation policy for time-of-use electricity), or one total for the period
/// (<see cref="PeriodAvoided"/>, for gas or agreed-price valuation, within one tariff version). Quantities are in the
/// carrier's metered unit: kWh, or m³ on the contract's volume basis.
/// </summary>
/// <param name="BaselineResult">The baseline result the savings come from; must be the contract's frozen result.</param>
public sealed record CarrierInput(EnergyCarrier Carrier, BaselineResultReference BaselineResult)
{
    public IntervalSeries? Avoided { get; init; }

    public DailySeries? DailyAvoided { get; init; }

    public double? PeriodAvoided { get; init; }

    /// <summary>The baseline model's estimate of the avoided energy of each interval, used for missing intervals under the estimate and dispute policies.</summary>
    public IntervalSeries? Estimates { get; init; }

    /// <summary>The same as <see cref="Estimates"/> for daily savings.</summary>
    public DailySeries? DailyEstimates { get; init; }

    /// <summary>
    /// Actual metered energy per interval: the weights of pro-rata daily allocation, and the actual energy whose
    /// cost an energy-cost trusteeship prices.
    /// </summary>
    public IntervalSeries? Metered { get; init; }

    /// <summary>Actual metered energy per day (gas under a trusteeship).</summary>
    public DailySeries? MeteredDaily { get; init; }

    /// <summary>Billing demand per month, for demand-charge savings (and the actual demand charge of a trusteeship).</summary>
    public IReadOnlyList<MonthlyDemand> Demand { get; init; } = [];
}
