using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Tariffs;

/// <summary>The span of local dates, half-open, in which one tariff version is in force.</summary>
public readonly record struct TariffSegment<T>(T Tariff, LocalDateRange Dates)
    where T : ITariffVersion;
