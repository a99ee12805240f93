namespace EnergySom.Contracts.Tariffs;

/// <summary>
/// Windows that tile a day, with prices that override the tariff's default prices where given. Used for
/// seasons (by month) and special days (by date).
/// </summary>
/// <param name="Name">What the pattern is, e.g. <c>summer</c> or <c>high-temperature critical-peak days</c>.</param>
public sealed record TouDayPattern(string Name, IReadOnlyList<TouWindow> Windows, IReadOnlyDictionary<TouBand, decimal> PriceOverrides);
