using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Tests.Quality;

public class CalendarAggregationTests
{
    private static (long[] Times, double[] Values) Hourly(Instant from, int hours) =>
        (Enumerable.Range(0, hours).Select(h => from.Plus(Duration.FromHours(h)).ToUnixTimeTicks()).ToArray(), Enumerable.Repeat(1.0, hours).ToArray());

    [Fact]
    public void Day_AcrossSpringForward_Has23Hours()
    {
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var from = new LocalDate(2025, 3, 29).AtStartOfDayInZone(zone).ToInstant();
        var to = new LocalDate(2025, 4, 1).AtStartOfDayInZone(zone).ToInstant();
        var (times, values) = Hourly(from, (int)(to - from).TotalHours);

        var days = CalendarAggregation.Aggregate(times, values, from, to, CalendarPeriod.Day, zone, AggregateFunction.Sum);

        Assert.Equal([24.0, 23.0, 24.0], days.Select(d => d.Value));
    }

    [Fact]
    public void Day_AcrossFallBack_Has25Hours_AndHoursStayDistinct()
    {
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var from = new LocalDate(2025, 10, 26).AtStartOfDayInZone(zone).ToInstant();
        var to = new LocalDate(2025, 10, 27).AtStartOfDayInZone(zone).ToInstant();
        var (times, values) = Hourly(from, 25);

        var day = Assert.Single(CalendarAggregation.Aggregate(times, values, from, to, CalendarPeriod.Day, zone, AggregateFunction.Sum));
        Assert.Equal(25, day.Value);

        var hours = CalendarAggregation.Aggregate(times, values, from, to, CalendarPeriod.Hour, zone, AggregateFunction.Sum);
        Assert.Equal(25, hours.Count);
        Assert.All(hours, h => Assert.Equal(1, h.Value));
        Assert.Equal(2, hours.Count(h => h.LocalStart.Hour == 2));
    }

    [Fact]
    public void Days_NewYork_SpringAndFall_InOneRange()
    {
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        var from = new LocalDate(2025, 3, 8).AtStartOfDayInZone(zone).ToInstant();
        var to = new LocalDate(2025, 11, 4).AtStartOfDayInZone(zone).ToInstant();
        var (times, values) = Hourly(from, (int)(to - from).TotalHours);

        var days = CalendarAggregation.Aggregate(times, values, from, to, CalendarPeriod.Day, zone, AggregateFunction.Sum);

        Assert.Equal(23, days.Single(d => d.LocalStart.Date == new LocalDate(2025, 3, 9)).Value);
        Assert.Equal(25, days.Single(d => d.LocalStart.Date == new LocalDate(2025, 11, 2)).Value);
        Assert.Equal(times.Length, days.Sum(d => d.Count));
        Assert.All(days.Where(d => d.LocalStart.Date != new LocalDate(2025, 3, 9) && d.LocalStart.Date != new LocalDate(2025, 11, 2)), d => Assert.Equal(24, d.Value));
    }

    [Fact]
    public void Month_InShanghai_EmptyBucketsAreNaNAndGap()
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var from = new LocalDate(2025, 1, 1).AtStartOfDayInZone(zone).ToInstant();
        var to = new LocalDate(2025, 4, 1).AtStartOfDayInZone(zone).ToInstant();
        var (times, values) = Hourly(from, 24 * 31);

        var months = CalendarAggregation.Aggregate(times, values, from, to, CalendarPeriod.Month, zone, AggregateFunction.Mean);

        Assert.Equal(3, months.Count);
        Assert.Equal(1, months[0].Value);
        Assert.Equal(744, months[0].Count);
        Assert.Equal(QualityFlags.None, months[0].Flags);
        Assert.True(double.IsNaN(months[1].Value));
        Assert.Equal(QualityFlags.Gap, months[1].Flags);
        Assert.Equal(0, months[2].Count);
    }

    [Fact]
    public void Flags_OfTheValuesInABucket_AreCombined_AndNaNIsSkipped()
    {
        var zone = DateTimeZoneProviders.Tzdb["UTC"];
        var from = Instant.FromUtc(2025, 1, 1, 0, 0);
        long[] times = [from.ToUnixTimeTicks(), from.Plus(Duration.FromMinutes(30)).ToUnixTimeTicks(), from.Plus(Duration.FromMinutes(90)).ToUnixTimeTicks()];
        double[] values = [1, double.NaN, 5];
        QualityFlags[] flags = [QualityFlags.Estimated, QualityFlags.Invalid, QualityFlags.None];

        var hours = CalendarAggregation.Aggregate(times, values, flags, from, from.Plus(Duration.FromHours(2)), CalendarPeriod.Hour, zone, AggregateFunction.Max);

        Assert.Equal(1, hours[0].Value);
        Assert.Equal(1, hours[0].Count);
        Assert.Equal(QualityFlags.Estimated, hours[0].Flags);
        Assert.Equal(5, hours[1].Value);
    }

    [Fact]
    public void Sum_IsCompensated()
    {
        // 1e8 followed by a million 0.01s: a naive double sum drifts; the compensated one is exact to the last digit.
        var zone = DateTimeZoneProviders.Tzdb["UTC"];
        var from = Instant.FromUtc(2025, 1, 1, 0, 0);
        const int N = 1_000_001;
        var times = new long[N];
        var values = new double[N];
        for (var i = 0; i < N; i++)
        {
            times[i] = from.ToUnixTimeTicks() + i;
            values[i] = i == 0 ? 1e8 : 0.01;
        }

        var day = Assert.Single(CalendarAggregation.Aggregate(times, values, from, from.Plus(Duration.FromDays(1)), CalendarPeriod.Day, zone, AggregateFunction.Sum));

        Assert.Equal(100_010_000.0, day.Value, 1e-6);
    }

    [Fact]
    public void Functions_MinMaxLastMean()
    {
        var zone = DateTimeZoneProviders.Tzdb["UTC"];
        var from = Instant.FromUtc(2025, 1, 1, 0, 0);
        long[] times = [.. Enumerable.Range(0, 4).Select(i => from.Plus(Duration.FromMinutes(10 * i)).ToUnixTimeTicks())];
        double[] values = [3, -1, 7, 2];
        var to = from.Plus(Duration.FromHours(1));

        Assert.Equal(-1, CalendarAggregation.Aggregate(times, values, from, to, CalendarPeriod.Hour, zone, AggregateFunction.Min)[0].Value);
        Assert.Equal(7, CalendarAggregation.Aggregate(times, values, from, to, CalendarPeriod.Hour, zone, AggregateFunction.Max)[0].Value);
        Assert.Equal(2, CalendarAggregation.Aggregate(times, values, from, to, CalendarPeriod.Hour, zone, AggregateFunction.Last)[0].Value);
        Assert.Equal(2.75, CalendarAggregation.Aggregate(times, values, from, to, CalendarPeriod.Hour, zone, AggregateFunction.Mean)[0].Value);
    }
}
