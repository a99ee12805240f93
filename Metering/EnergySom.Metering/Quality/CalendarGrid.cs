using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>
/// The calendar buckets of a time zone: quarter hours, hours, days and months as half-open spans of instants.
/// Works for any IANA zone, including offsets that are not whole hours (Asia/Kolkata +05:30, Asia/Kathmandu
/// +05:45) and DST shifts of half an hour (Australia/Lord_Howe).
/// </summary>
/// <remarks>
/// <para>Sub-day buckets (quarter hour, hour) are the maximal runs of instants that share the same local clock
/// label and the same UTC offset. So when clocks go back the repeated hour is two buckets with the same label
/// and different offsets; when clocks go forward the skipped hour has no bucket; and when a shift is not a
/// multiple of the bucket (Lord Howe's 30 minutes against an hour) the bucket on either side of the shift is
/// shorter than nominal. Every instant falls in exactly one bucket.</para>
/// <para>Days and months run from the start of the local day (<see cref="DateTimeZone.AtStartOfDay"/>: the earliest
/// instant of the date, so a day whose midnight falls in a DST gap starts when the gap ends) to the start of
/// the next one: 23, 24 or 25 hours for days in zones with DST.</para>
/// </remarks>
public static class CalendarGrid
{
    /// <summary>More buckets than this in one request is a caller mistake (an open-ended range), not a report.</summary>
    public const int MaxSpans = 10_000_000;

    /// <summary>The buckets covering <c>[from, to)</c>, in order; the first and last are clipped to the range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range would hold more than <see cref="MaxSpans"/> buckets.</exception>
    public static IEnumerable<CalendarSpan> Spans(Instant from, Instant to, CalendarPeriod period, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (to <= from)
        {
            yield break;
        }

        var nominal = period switch
        {
            CalendarPeriod.QuarterHour => Duration.FromMinutes(15),
            CalendarPeriod.Hour => Duration.FromHours(1),
            CalendarPeriod.Day => Duration.FromHours(23),
            CalendarPeriod.Month => Duration.FromDays(28),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
        };
        if ((to - from) / nominal > MaxSpans)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"{from}..{to} holds more than {MaxSpans:N0} {period} buckets; give a finite range");
        }

        var cursor = from;
        while (cursor < to)
        {
            var span = Containing(cursor, period, zone);
            var start = span.Start < from ? from : span.Start;
            var end = span.End > to ? to : span.End;
            yield return span with { Start = start, End = end, Clipped = start != span.Start || end != span.End };
            cursor = span.End;
        }
    }

    /// <summary>The whole (unclipped) bucket that contains <paramref name="instant"/>.</summary>
    public static CalendarSpan Containing(Instant instant, CalendarPeriod period, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return period switch
        {
            CalendarPeriod.QuarterHour => SubDay(instant, 15, zone),
            CalendarPeriod.Hour => SubDay(instant, 60, zone),
            CalendarPeriod.Day => Days(instant, zone, monthly: false),
            CalendarPeriod.Month => Days(instant, zone, monthly: true),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
        };
    }

    /// <summary>The start of the bucket containing <paramref name="instant"/> (the instant itself when it is a bucket start).</summary>
    public static Instant Floor(Instant instant, CalendarPeriod period, DateTimeZone zone) => Containing(instant, period, zone).Start;

    /// <summary>The first bucket start at or after <paramref name="instant"/>.</summary>
    public static Instant Ceiling(Instant instant, CalendarPeriod period, DateTimeZone zone)
    {
        var span = Containing(instant, period, zone);
        return span.Start == instant ? instant : span.End;
    }

    private static CalendarSpan SubDay(Instant instant, int minutes, DateTimeZone zone)
    {
        var interval = zone.GetZoneInterval(instant);
        var offset = interval.WallOffset;
        var local = instant.WithOffset(offset).LocalDateTime;
        var minuteOfDay = (local.Hour * 60) + local.Minute;
        var label = local.Date + LocalTime.Midnight.PlusMinutes(minuteOfDay - (minuteOfDay % minutes));

        // The bucket under this offset, cut where the offset stops applying.
        var start = new OffsetDateTime(label, offset).ToInstant();
        var end = new OffsetDateTime(label.PlusMinutes(minutes), offset).ToInstant();
        if (interval.HasStart && start < interval.Start)
        {
            start = interval.Start;
        }

        if (interval.HasEnd && end > interval.End)
        {
            end = interval.End;
        }

        return new CalendarSpan(label, offset, start, end);
    }

    private static CalendarSpan Days(Instant instant, DateTimeZone zone, bool monthly)
    {
        var date = instant.InZone(zone).Date;
        var first = monthly ? new LocalDate(date.Year, date.Month, 1) : date;
        while (true)
        {
            var next = monthly ? first.PlusMonths(1) : first.PlusDays(1);
            var start = zone.AtStartOfDay(first).ToInstant();
            var end = zone.AtStartOfDay(next).ToInstant();

            // Only when clocks go back across midnight can an instant of date D lie after the start of D+1; it then
            // belongs to the bucket of D+1, so buckets stay contiguous.
            if (instant < end)
            {
                return new CalendarSpan(first.AtMidnight(), zone.GetUtcOffset(start), start, end);
            }

            first = next;
        }
    }
}
