using NodaTime;

namespace EnergySom.Baseline.Models;

/// <summary>Hour-of-week and calendar month of an hour, in UTC or a given zone, without allocating.</summary>
public static class HourlyTowtCalendar
{
    private const long TicksPerHour = NodaConstants.TicksPerHour;
    private const long TicksPerDay = NodaConstants.TicksPerDay;

    /// <summary>Hour of week, 0 = Monday 00:00–01:00 … 167 = Sunday 23:00–24:00, read in <paramref name="zone"/> (null = UTC).</summary>
    public static int HourOfWeek(Instant hour, DateTimeZone? zone = null)
    {
        var ticks = LocalTicks(hour, zone);
        var days = FloorDiv(ticks, TicksPerDay);
        var weekday = (int)(((days + 3) % 7 + 7) % 7); // 1970-01-01 was a Thursday (Monday = 0)
        var hourOfDay = (int)((ticks - (days * TicksPerDay)) / TicksPerHour);
        return (24 * weekday) + hourOfDay;
    }

    /// <summary>Calendar month 1–12 of the hour, read in <paramref name="zone"/> (null = UTC).</summary>
    public static int Month(Instant hour, DateTimeZone? zone = null)
    {
        var days = FloorDiv(LocalTicks(hour, zone), TicksPerDay);

        // Days since 1970-01-01 to civil month (proleptic Gregorian), shifted so the year starts in March.
        var z = days + 719468;
        var era = FloorDiv(z, 146097);
        var dayOfEra = z - (era * 146097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var mp = ((5 * dayOfYear) + 2) / 153;
        return (int)(mp < 10 ? mp + 3 : mp - 9);
    }

    /// <summary>The clock's name as recorded in results: "UTC" or the zone id.</summary>
    public static string ClockName(DateTimeZone? zone) => zone?.Id ?? "UTC";

    private static long LocalTicks(Instant hour, DateTimeZone? zone)
    {
        var ticks = hour.ToUnixTimeTicks();
        return zone is null ? ticks : ticks + zone.GetUtcOffset(hour).Ticks;
    }

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    }
}
