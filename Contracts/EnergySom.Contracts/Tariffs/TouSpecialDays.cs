using NodaTime;

namespace EnergySom.Contracts.Tariffs;

/// <summary>
/// Dates on which a different day pattern applies (e.g. days declared critical-peak days), overriding the season.
/// </summary>
public sealed record TouSpecialDays(IReadOnlyList<LocalDate> Dates, TouDayPattern Pattern);
