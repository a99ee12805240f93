using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Tests.Quality;

public class IntervalProjectionTests
{
    private static readonly SeriesKey Energy = new("m1", "active_energy_import");
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly Instant T0 = new LocalDate(2025, 6, 1).AtStartOfDayInZone(Shanghai).ToInstant();

    /// <summary>A counter read every <paramref name="every"/> with a constant load of <paramref name="kw"/>.</summary>
    private static List<Reading> ConstantLoad(double kw, Duration every, Duration length, Instant? start = null, double register = 1000)
    {
        var from = start ?? T0;
        var readings = new List<Reading>();
        for (var t = from; t <= from + length; t += every)
        {
            readings.Add(new Reading(Energy, t, register + (kw * (t - from).TotalHours)));
        }

        return readings;
    }

    private static IReadOnlyList<IntervalValue> Quarters(IReadOnlyList<Reading> readings, Instant from, Instant to, CounterSpec? spec = null, IntervalPolicy? policy = null) =>
        IntervalProjection.Project(CounterDeltas.ToIncrements(CounterDeltas.Compute(readings, spec ?? new CounterSpec())), CalendarGrid.Spans(from, to, CalendarPeriod.QuarterHour, Shanghai), policy);

    [Fact]
    public void ConstantLoad_GivesExactQuarterHours_LinkedToTheirRawReadings()
    {
        // Readings every 7 s do not land on the quarter hours: the edges are interpolated within 7 s.
        var readings = ConstantLoad(36, Duration.FromSeconds(7), Duration.FromHours(2), T0 - Duration.FromSeconds(3));

        var quarters = Quarters(readings, T0, T0 + Duration.FromHours(1));

        Assert.Equal(4, quarters.Count);
        Assert.All(quarters, q =>
        {
            Assert.Equal(9, q.Value, 1e-9);
            Assert.Equal(QualityFlags.None, q.Flags);
            Assert.Equal(1, q.Coverage);
            Assert.True(q.RawFrom <= q.Span.Start && q.RawFrom > q.Span.Start - Duration.FromSeconds(7));
            Assert.True(q.RawTo >= q.Span.End && q.RawTo < q.Span.End + Duration.FromSeconds(7));
        });
    }

    [Fact]
    public void Day_FromCounters_NeedsOnlyTheReadingsAroundMidnight()
    {
        // Readings only near the two midnights: the day's energy is still exact.
        var before = ConstantLoad(10, Duration.FromSeconds(10), Duration.FromMinutes(1), T0 - Duration.FromSeconds(30));
        var after = ConstantLoad(10, Duration.FromSeconds(10), Duration.FromMinutes(1), T0 + Duration.FromDays(1) - Duration.FromSeconds(30), register: 1000 + 240);
        var readings = before.Concat(after).ToList();

        var increments = CounterDeltas.ToIncrements(CounterDeltas.Compute(readings, new CounterSpec()));
        var day = Assert.Single(IntervalProjection.Project(increments, CalendarGrid.Spans(T0, T0 + Duration.FromDays(1), CalendarPeriod.Day, Shanghai)));

        Assert.Equal(240, day.Value, 1e-9);
        Assert.Equal(QualityFlags.None, day.Flags);
    }

    [Fact]
    public void SparseReadings_AreInterpolated_AndFlaggedEstimated()
    {
        var readings = ConstantLoad(12, Duration.FromMinutes(10), Duration.FromHours(1));

        var quarters = Quarters(readings, T0, T0 + Duration.FromHours(1));

        Assert.All(quarters, q => Assert.Equal(3, q.Value, 1e-9));
        Assert.Equal(QualityFlags.None, quarters[0].Flags & QualityFlags.Gap);
        Assert.Contains(quarters, q => q.Flags.HasFlag(QualityFlags.Estimated));
    }

    [Fact]
    public void Gap_StaysAGap_NeverZero()
    {
        var readings = ConstantLoad(12, Duration.FromMinutes(1), Duration.FromHours(4));
        readings.RemoveAll(r => r.Time > T0 + Duration.FromMinutes(40) && r.Time < T0 + Duration.FromMinutes(200));

        var quarters = Quarters(readings, T0, T0 + Duration.FromHours(4));

        Assert.Equal(16, quarters.Count);
        Assert.Equal(3, quarters[0].Value, 1e-9);
        Assert.Equal(3, quarters[1].Value, 1e-9);
        var gaps = quarters.Where(q => q.Flags.HasFlag(QualityFlags.Gap)).ToList();
        Assert.Equal(12, gaps.Count); // 00:30 … 03:15: every quarter with an edge inside the 160-minute hole
        Assert.All(gaps, g => Assert.True(double.IsNaN(g.Value)));
        Assert.Equal(3, quarters[^1].Value, 1e-9);
    }

    [Fact]
    public void BeforeTheFirstReading_IsAGap_WithPartialCoverage()
    {
        var readings = ConstantLoad(12, Duration.FromMinutes(1), Duration.FromMinutes(20), T0 + Duration.FromMinutes(5));

        var quarters = Quarters(readings, T0, T0 + Duration.FromMinutes(30));

        Assert.True(double.IsNaN(quarters[0].Value));
        Assert.Equal(QualityFlags.Gap, quarters[0].Flags);
        Assert.Equal(10.0 / 15, quarters[0].Coverage, 1e-12);
        Assert.True(double.IsNaN(quarters[1].Value));
    }

    [Fact]
    public void Reset_InsideAQuarter_MakesItUnknown_AndOnlyIt()
    {
        var readings = ConstantLoad(12, Duration.FromMinutes(1), Duration.FromMinutes(45));
        var reset = T0 + Duration.FromMinutes(20);
        readings = readings.Select(r => r.Time >= reset ? r with { Value = (r.Time - reset).TotalHours * 12 } : r).ToList();

        var quarters = Quarters(readings, T0, T0 + Duration.FromMinutes(45));

        Assert.Equal(3, quarters[0].Value, 1e-9);
        Assert.True(double.IsNaN(quarters[1].Value));
        Assert.Equal(QualityFlags.Reset, quarters[1].Flags);
        Assert.Equal(3, quarters[2].Value, 1e-9);
    }

    [Fact]
    public void Rollover_Inside_KeepsTheValue_AndTheFlag()
    {
        var readings = ConstantLoad(12, Duration.FromMinutes(1), Duration.FromMinutes(30), register: 9_999);
        readings = readings.Select(r => r with { Value = r.Value % 10_000 }).ToList();

        var quarters = Quarters(readings, T0, T0 + Duration.FromMinutes(30), new CounterSpec { RolloverModulus = 10_000 });

        Assert.Equal(3, quarters[0].Value, 1e-9);
        Assert.Equal(QualityFlags.Rollover, quarters[0].Flags);
        Assert.Equal(QualityFlags.None, quarters[1].Flags);
    }

    [Fact]
    public void IntervalData_IntoLocalDays_MissingIntervalMakesTheDayAGap()
    {
        var readings = Enumerable.Range(0, 96 * 2).Select(i => new Reading(Energy, T0 + Duration.FromMinutes(15 * i), 1.0)).ToList();
        readings.RemoveAt(150);

        var days = IntervalProjection.Project(IntervalProjection.FromIntervalReadings(readings, Duration.FromMinutes(15)),
            CalendarGrid.Spans(T0, T0 + Duration.FromDays(2), CalendarPeriod.Day, Shanghai));

        Assert.Equal(96, days[0].Value, 1e-12);
        Assert.Equal(QualityFlags.None, days[0].Flags);
        Assert.True(double.IsNaN(days[1].Value));
        Assert.Equal(QualityFlags.Gap, days[1].Flags);
        Assert.Equal(95.0 / 96, days[1].Coverage, 1e-12);
    }

    [Fact]
    public void HourlyUtcData_IntoKolkataHours_IsSplitProRata_AndEstimated()
    {
        var kolkata = DateTimeZoneProviders.Tzdb["Asia/Kolkata"];
        var from = Instant.FromUtc(2025, 6, 1, 0, 0);
        var readings = Enumerable.Range(0, 4).Select(h => new Reading(Energy, from + Duration.FromHours(h), 10.0 * (h + 1))).ToList();

        var hours = IntervalProjection.Project(IntervalProjection.FromIntervalReadings(readings, Duration.FromHours(1)),
            CalendarGrid.Spans(from + Duration.FromMinutes(30), from + Duration.FromMinutes(210), CalendarPeriod.Hour, kolkata));

        Assert.Equal([15.0, 25.0, 35.0], hours.Select(h => h.Value));
        Assert.All(hours, h => Assert.Equal(QualityFlags.Estimated, h.Flags));
    }

    [Fact]
    public void OverlappingIntervalReadings_AreRefused()
    {
        var readings = new List<Reading> { new(Energy, T0, 1), new(Energy, T0 + Duration.FromMinutes(10), 1) };
        Assert.Throws<ArgumentException>(() => IntervalProjection.FromIntervalReadings(readings, Duration.FromMinutes(15)));
    }

    [Fact]
    public void InferStep_IsTheMostCommonSpacing()
    {
        var readings = Enumerable.Range(0, 10).Where(i => i != 4).Select(i => new Reading(Energy, T0 + Duration.FromMinutes(15 * i), 1.0)).ToList();
        Assert.Equal(Duration.FromMinutes(15), IntervalProjection.InferStep(readings));
        Assert.Null(IntervalProjection.InferStep(readings.Take(1).ToList()));
    }
}
