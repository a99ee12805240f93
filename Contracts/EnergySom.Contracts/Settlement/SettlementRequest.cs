using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Contracts.Settlement;

/// <summary>Avoided electricity (kWh) in one 15-minute metering interval starting at <paramref name="Start"/>.</summary>
public readonly record struct IntervalSavings(Instant Start, double AvoidedKwh);

/// <summary>
/// The foundation's settlement request: a shared-savings contract priced at one time-of-use and one gas tariff,
/// 15-minute electricity savings and a month's gas savings in Nm³. Kept so existing callers (the demo) work;
/// it is settled by the same engine as a <see cref="SettlementInput"/> (see <see cref="SettlementEngine.Settle(SettlementRequest)"/>).
/// </summary>
public sealed record SettlementRequest(
    SharedSavingsTerms Terms,
    YearMonth Period,
    DateTimeZone Zone,
    IReadOnlyList<IntervalSavings> Electricity,
    double GasAvoidedNormalCubicMetres,
    TimeOfUseTariff Tariff,
    GasTariff GasTariff,
    RoundingPolicy Rounding,
    string BaselineVersion);
