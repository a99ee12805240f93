using EnergySom.Metering.Quality;
using NodaTime;
using NodaTime.Text;

namespace EnergySom.Metering.Tests.Quality;

public class CalendarGridTests
{
    private static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    private static Instant Local(string zone, string local) =>
        LocalDateTimePattern.GeneralIso.Parse(local).Value.InZoneLeniently(Zone(zone)).ToInstant();

    private static List<CalendarSpan> Spans(string zone, string fromLocal, string toLocal, CalendarPeriod period) =>
        CalendarGrid.Spans(Local(zone, fromLocal), Local(zone, toLocal), period, Zone(zone)).ToList();

    private static string Label(CalendarSpan s) => OffsetDateTimePattern.GeneralIso.Format(s.LocalStartWithOffset);

    [Theory]
    [InlineData("Europe/Berlin", "2025-03-30T00:00:00", 23)]
    [InlineData("Europe/Berlin", "2025-10-26T00:00:00", 25)]
    [InlineData("America/New_York", "2025-03-09T00:00:00", 23)]
    [InlineData("America/New_York", "2025-11-02T00:00:00", 25)]
    [InlineData("Asia/Shanghai", "2025-03-30T00:00:00", 24)]
    [InlineData("Australia/Lord_Howe", "2025-10-05T00:00:00", 23.5)]
    [InlineData("Australia/Lord_Howe", "2025-04-06T00:00:00", 24.5)]
    public void Day_HasTheLengthOfTheLocalDay(string zone, string midnight, double hours)
    {
        var start = Local(zone, midnight);
        var day = CalendarGrid.Containing(start, CalendarPeriod.Day, Zone(zone));

        Assert.Equal(start, day.Start);
        Assert.Equal(hours, (day.End - day.Start).TotalHours);
    }

    [Fact]
    public void Hours_Berlin_SpringForward_SkipsTwoOClock()
    {
        var hours = Spans("Europe/Berlin", "2025-03-30T00:00:00", "2025-03-30T05:00:00", CalendarPeriod.Hour);

        Assert.Equal(["2025-03-30T00:00:00+01", "2025-03-30T01:00:00+01", "2025-03-30T03:00:00+02", "2025-03-30T04:00:00+02"], hours.Select(Label));
        Assert.All(hours, h => Assert.Equal(Duration.FromHours(1), h.Duration));
    }

    [Fact]
    public void Hours_NewYork_FallBack_RepeatsOneOClockWithItsOffset()
    {
        var hours = Spans("America/New_York", "2025-11-02T00:00:00", "2025-11-02T03:00:00", CalendarPeriod.Hour);

        Assert.Equal(["2025-11-02T00:00:00-04", "2025-11-02T01:00:00-04", "2025-11-02T01:00:00-05", "2025-11-02T02:00:00-05"], hours.Select(Label));
        Assert.All(hours, h => Assert.Equal(Duration.FromHours(1), h.Duration));
    }

    [Fact]
    public void Hours_LordHowe_HalfHourShift_ShortensTheHourAroundIt()
    {
        // Clocks go from 02:00 (+10:30) to 02:30 (+11): the 02:00 hour has only its second half.
        var spring = Spans("Australia/Lord_Howe", "2025-10-05T01:00:00", "2025-10-05T04:00:00", CalendarPeriod.Hour);
        Assert.Equal(["2025-10-05T01:00:00+10:30", "2025-10-05T02:00:00+11", "2025-10-05T03:00:00+11"], spring.Select(Label));
        Assert.Equal([60.0, 30.0, 60.0], spring.Select(h => h.Duration.TotalMinutes));
        Assert.Equal(Local("Australia/Lord_Howe", "2025-10-05T02:30:00"), spring[1].Start);

        // Clocks go from 02:00 (+11) back to 01:30 (+10:30): 01:00 once in full, then its last half again.
        var autumn = Spans("Australia/Lord_Howe", "2025-04-06T00:00:00", "2025-04-06T03:00:00", CalendarPeriod.Hour);
        Assert.Equal(["2025-04-06T00:00:00+11", "2025-04-06T01:00:00+11", "2025-04-06T01:00:00+10:30", "2025-04-06T02:00:00+10:30"], autumn.Select(Label));
        Assert.Equal([60.0, 60.0, 30.0, 60.0], autumn.Select(h => h.Duration.TotalMinutes));
    }

    [Fact]
    public void Hours_Kolkata_StartAtHalfPastUtc()
    {
        var zone = Zone("Asia/Kolkata");
        var hour = CalendarGrid.Containing(Instant.FromUtc(2025, 6, 1, 10, 0), CalendarPeriod.Hour, zone);

        Assert.Equal(Instant.FromUtc(2025, 6, 1, 9, 30), hour.Start);
        Assert.Equal(new LocalDateTime(2025, 6, 1, 15, 0), hour.LocalStart);
    }

    [Fact]
    public void QuarterHours_Kathmandu_FollowTheQuarterPastOffset()
    {
        var zone = Zone("Asia/Kathmandu"); // +05:45
        var quarter = CalendarGrid.Containing(Instant.FromUtc(2025, 6, 1, 10, 10), CalendarPeriod.QuarterHour, zone);
        var hour = CalendarGrid.Containing(Instant.FromUtc(2025, 6, 1, 10, 10), CalendarPeriod.Hour, zone);

        Assert.Equal(Instant.FromUtc(2025, 6, 1, 10, 0), quarter.Start);
        Assert.Equal(new LocalDateTime(2025, 6, 1, 15, 45), quarter.LocalStart);
        Assert.Equal(Instant.FromUtc(2025, 6, 1, 9, 15), hour.Start);
    }

    [Fact]
    public void QuarterHours_NewYorkSpringDay_Are92()
    {
        var quarters = Spans("America/New_York", "2025-03-09T00:00:00", "2025-03-10T00:00:00", CalendarPeriod.QuarterHour);

        Assert.Equal(92, quarters.Count);
        Assert.DoesNotContain(quarters, q => q.LocalStart.Hour == 2);
    }

    [Fact]
    public void Day_Santiago_MidnightInTheGap_StartsAtOne_AndFallBackDayHas25Hours()
    {
        var zone = Zone("America/Santiago");
        var gapDay = CalendarGrid.Containing(Instant.FromUtc(2025, 9, 7, 12, 0), CalendarPeriod.Day, zone);
        Assert.Equal(new LocalDateTime(2025, 9, 7, 0, 0), gapDay.LocalStart);
        Assert.Equal(new LocalTime(1, 0), gapDay.Start.InZone(zone).TimeOfDay);
        Assert.Equal(23, gapDay.Duration.TotalHours);

        // Clocks go back from 24:00 to 23:00 on 5 April: the 5th keeps both 23:00 hours.
        var longDay = CalendarGrid.Containing(Instant.FromUtc(2025, 4, 5, 12, 0), CalendarPeriod.Day, zone);
        Assert.Equal(25, longDay.Duration.TotalHours);
    }

    [Fact]
    public void Month_IsTheLocalMonth_InAnyZone()
    {
        var zone = Zone("America/New_York");
        var march = CalendarGrid.Containing(Instant.FromUtc(2025, 3, 15, 0, 0), CalendarPeriod.Month, zone);

        Assert.Equal(Instant.FromUtc(2025, 3, 1, 5, 0), march.Start);
        Assert.Equal(Instant.FromUtc(2025, 4, 1, 4, 0), march.End);
        Assert.Equal((31 * 24) - 1, march.Duration.TotalHours);
    }

    [Fact]
    public void Spans_ClipTheRange_AndSayWhichAreClipped()
    {
        var zone = Zone("Asia/Shanghai");
        var from = Instant.FromUtc(2025, 1, 1, 1, 30); // 09:30 local
        var spans = CalendarGrid.Spans(from, from.Plus(Duration.FromHours(2)), CalendarPeriod.Hour, zone).ToList();

        Assert.Equal(3, spans.Count);
        Assert.True(spans[0].Clipped);
        Assert.False(spans[1].Clipped);
        Assert.True(spans[2].Clipped);
        Assert.Equal(from, spans[0].Start);
        Assert.Equal(new LocalDateTime(2025, 1, 1, 9, 0), spans[0].LocalStart);
    }

    [Fact]
    public void FloorAndCeiling_SnapToBucketEdges()
    {
        var zone = Zone("Europe/Berlin");
        var t = Instant.FromUtc(2025, 10, 26, 1, 20); // 02:20 +01, the second 02:00 hour
        Assert.Equal(Instant.FromUtc(2025, 10, 26, 1, 0), CalendarGrid.Floor(t, CalendarPeriod.Hour, zone));
        Assert.Equal(Instant.FromUtc(2025, 10, 26, 2, 0), CalendarGrid.Ceiling(t, CalendarPeriod.Hour, zone));
        Assert.Equal(Instant.FromUtc(2025, 10, 26, 1, 15), CalendarGrid.Floor(t, CalendarPeriod.QuarterHour, zone));
        var edge = Instant.FromUtc(2025, 10, 26, 1, 0);
        Assert.Equal(edge, CalendarGrid.Ceiling(edge, CalendarPeriod.Hour, zone));
    }

    [Fact]
    public void OpenEndedRange_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            CalendarGrid.Spans(Instant.FromUtc(1900, 1, 1, 0, 0), Instant.FromUtc(2200, 1, 1, 0, 0), CalendarPeriod.QuarterHour, Zone("UTC")).First());
    }

    /// <summary>
    /// Every IANA zone: around each offset change of 2020–2026, and over two whole years of days and months, the
    /// buckets tile time exactly (contiguous, non-empty), no bucket is longer than nominal, every instant lies in the
    /// bucket that <see cref="CalendarGrid.Containing"/> returns, and the local label is the truncated local time.
    /// </summary>
    [Fact]
    public void EveryIanaZone_BucketsTileTime()
    {
        var from = Instant.FromUtc(2020, 1, 1, 0, 0);
        var to = Instant.FromUtc(2027, 1, 1, 0, 0);
        var checkedZones = 0;
        foreach (var id in DateTimeZoneProviders.Tzdb.Ids)
        {
            var zone = DateTimeZoneProviders.Tzdb[id];
            foreach (var interval in zone.GetZoneIntervals(from, to))
            {
                if (!interval.HasStart || interval.Start < from)
                {
                    continue;
                }

                var around = interval.Start;
                foreach (var period in new[] { CalendarPeriod.QuarterHour, CalendarPeriod.Hour })
                {
                    var nominal = period == CalendarPeriod.Hour ? Duration.FromHours(1) : Duration.FromMinutes(15);
                    CheckTiling(id, zone, around - Duration.FromHours(3), around + Duration.FromHours(3), period, nominal);
                }
            }

            CheckTiling(id, zone, Instant.FromUtc(2024, 1, 1, 0, 0), Instant.FromUtc(2026, 1, 1, 0, 0), CalendarPeriod.Day, Duration.FromHours(26));
            CheckTiling(id, zone, Instant.FromUtc(2024, 1, 1, 0, 0), Instant.FromUtc(2026, 1, 1, 0, 0), CalendarPeriod.Month, Duration.FromDays(32));
            checkedZones++;
        }

        Assert.True(checkedZones > 400, $"only {checkedZones} zones");
    }

    private static void CheckTiling(string id, DateTimeZone zone, Instant from, Instant to, CalendarPeriod period, Duration longest)
    {
        var spans = CalendarGrid.Spans(from, to, period, zone).ToList();
        Assert.Equal(from, spans[0].Start);
        Assert.Equal(to, spans[^1].End);
        for (var i = 0; i < spans.Count; i++)
        {
            var s = spans[i];
            Assert.True(s.End > s.Start, $"{id} {period}: empty bucket at {s.Start}");
            Assert.True(s.Duration <= longest, $"{id} {period}: {s.Duration} bucket at {s.Start}");
            if (i > 0)
            {
                Assert.True(spans[i - 1].End == s.Start, $"{id} {period}: hole or overlap at {s.Start}");
            }

            var middle = s.Start + ((s.End - s.Start) / 2);
            var containing = CalendarGrid.Containing(middle, period, zone);
            Assert.True(containing.Start <= middle && middle < containing.End, $"{id} {period}: {middle} outside its bucket");
            Assert.Equal(s.LocalStart, containing.LocalStart);
            var local = s.Start.InZone(zone).LocalDateTime;
            if (period is CalendarPeriod.Hour or CalendarPeriod.QuarterHour)
            {
                Assert.True(local >= s.LocalStart && local < s.LocalStart.PlusMinutes(period == CalendarPeriod.Hour ? 60 : 15), $"{id}: label {s.LocalStart} for local {local}");
                Assert.Equal(zone.GetUtcOffset(s.Start), s.Offset);
            }
        }
    }
}
