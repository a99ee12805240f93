namespace EnergySom.Contracts.Tariffs;

/// <summary>A season of a time-of-use tariff: the calendar months (1–12) in which its day pattern applies.</summary>
public sealed record TouSeason(IReadOnlyList<int> Months, TouDayPattern Pattern);
