using NodaTime;

namespace EnergySom.Baseline.Models;

/// <summary>Day types of a factory calendar from dates: Saturday and Sunday are weekend days, listed dates holidays.</summary>
public static class ProductionCalendar
{
    /// <summary>The day type of <paramref name="date"/>: <see cref="ProductionDayType.Holiday"/> when
    /// <paramref name="holiday"/>, else weekend on Saturday and Sunday, else working.</summary>
    public static ProductionDayType DayType(LocalDate date, bool holiday = false) =>
        holiday ? ProductionDayType.Holiday
        : date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday ? ProductionDayType.Weekend
        : ProductionDayType.Working;

    /// <summary>The stable name of a day type (<c>working</c>, <c>weekend</c>, <c>holiday</c>).</summary>
    public static string Name(ProductionDayType type) => type switch
    {
        ProductionDayType.Working => "working",
        ProductionDayType.Weekend => "weekend",
        ProductionDayType.Holiday => "holiday",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The day type named <paramref name="name"/> (case-insensitive); null when it is not one.</summary>
    public static ProductionDayType? Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "working" or "work" or "workday" => ProductionDayType.Working,
        "weekend" or "rest" => ProductionDayType.Weekend,
        "holiday" or "shutdown" => ProductionDayType.Holiday,
        _ => null,
    };
}
