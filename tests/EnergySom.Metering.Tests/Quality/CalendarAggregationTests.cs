using EnergySom.Metering.Quality;
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
    }

    [Fact]
    public void Month_InShanghai_EmptyBucketsAreNaN()
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var from = new LocalDate(2025, 1, 1).AtStartOfDayInZone(zone).ToInstant();
        var to = new LocalDate(2025, 4, 1).AtStartOfDayInZone(zone).ToInstant();
        var (times, values) = Hourly(from, 24 * 31);

        var months = CalendarAggregation.Aggregate(times, values, from, to, CalendarPeriod.Month, zone, AggregateFunction.Mean);

        Assert.Equal(3, months.Count);
        Assert.Equal(1, months[0].Value);
        Assert.Equal(744, months[0].Count);
        Assert.True(double.IsNaN(months[1].Value));
        Assert.Equal(0, months[2].Count);
    }
}
