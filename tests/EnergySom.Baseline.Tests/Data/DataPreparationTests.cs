using EnergySom.Baseline.Data;
using NodaTime;

namespace EnergySom.Baseline.Tests.Data;

public class DataPreparationTests
{
    private static readonly Instant Start = Instant.FromUtc(2016, 1, 1, 0, 0);

    private static Instant Hour(int h) => Start + Duration.FromHours(h);

    private static HourlyTemperature Grid(int hours, Func<int, double> value, TemperatureUnit unit = TemperatureUnit.Fahrenheit) =>
        new(Start, Enumerable.Range(0, hours).Select(value).ToArray(), unit);

    [Fact]
    public void UsageSeries_Within_KeepsOnlyWholePeriods_AndClosesTheLast()
    {
        var starts = Enumerable.Range(0, 10).Select(d => Start + Duration.FromDays(d)).ToArray();
        var series = new UsageSeries(starts, Enumerable.Range(0, 10).Select(d => (double)d).ToArray());

        var inner = series.Within(new Interval(Start + Duration.FromHours(12), Start + Duration.FromDays(5)));

        Assert.Equal(4, inner.Periods);                                   // days 1..4: day 0 starts before the window
        Assert.Equal(Start + Duration.FromDays(1), inner.PeriodStart(0));
        Assert.Equal(Start + Duration.FromDays(5), inner.PeriodEnd(3));
        Assert.True(double.IsNaN(inner.Values[^1]));
    }

    [Fact]
    public void UsageSeries_Within_IsEemetersInclusiveSelectionWithTheLastRowNaNed()
    {
        // eemeter: rows in [start, end] kept, last NaN-ed. Here end = day 5 exists as a row, so day 4 is the last period.
        var starts = Enumerable.Range(0, 10).Select(d => Start + Duration.FromDays(d)).ToArray();
        var series = new UsageSeries(starts, Enumerable.Range(0, 10).Select(d => (double)d).ToArray());
        var selected = series.Within(new Interval(Start + Duration.FromDays(1), Start + Duration.FromDays(5)));

        Assert.Equal(4, selected.Periods);
        Assert.Equal(4, selected.PeriodValue(3));
        Assert.Equal(Start + Duration.FromDays(5), selected.PeriodEnd(3));
    }

    [Fact]
    public void UsageSeries_RefusesTimestampsThatDoNotIncrease_NamingTheRow()
    {
        var error = Assert.Throws<ArgumentException>(() => new UsageSeries([Hour(0), Hour(2), Hour(2)], [1.0, 2, 3]));
        Assert.Contains("row 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HourlyTemperature_FromReadings_AveragesEachHour_LeavesGapsMissing()
    {
        var times = new[] { Hour(0), Hour(0) + Duration.FromMinutes(30), Hour(2) + Duration.FromMinutes(15), Hour(3) };
        var grid = HourlyTemperature.FromReadings(times, [10.0, 20, 40, double.NaN], TemperatureUnit.Celsius);

        Assert.Equal(Start, grid.Start);
        Assert.Equal(4, grid.Count);
        Assert.Equal(15, grid.Values[0]);
        Assert.True(double.IsNaN(grid.Values[1]));
        Assert.Equal(40, grid.Values[2]);
        Assert.True(double.IsNaN(grid.Values[3]));
        Assert.Equal(59, grid.InFahrenheit().Values[0], 12);           // 15 °C = 59 °F
    }

    [Fact]
    public void HourlyTemperature_IndexAtOrAfter_RoundsUpOffHourInstants()
    {
        var grid = Grid(48, h => h);
        Assert.Equal(0, grid.IndexAtOrAfter(Start));
        Assert.Equal(7, grid.IndexAtOrAfter(Start + Duration.FromMinutes(390)));
        Assert.Equal(-2, grid.IndexAtOrAfter(Start - Duration.FromHours(2)));
    }

    [Theory]
    [InlineData(12, false)]
    [InlineData(13, true)]
    public void DailyDesign_KeepsADayOnlyWithMoreThanTwelveHours(int present, bool kept)
    {
        var grid = Grid(24, h => h < present ? 50 + h : double.NaN);
        var usage = new UsageSeries([Start, Start + Duration.FromDays(1)], [24, double.NaN]);
        var design = DailyDesign.Build(usage, grid);

        Assert.Equal(kept, double.IsFinite(design.MeanTemperature[0]));
        if (kept)
        {
            Assert.Equal(Enumerable.Range(0, present).Average(h => 50.0 + h), design.MeanTemperature[0], 12);
        }

        Assert.Equal(present, design.PresentHours[0]);
        Assert.Equal(24, design.ExpectedHours[0]);
    }

    [Fact]
    public void DailyDesign_UsagePerDay_DividesByThePeriodLength()
    {
        var usage = new UsageSeries([Start, Start + Duration.FromDays(2), Start + Duration.FromDays(3)], [30, 12, double.NaN]);
        var design = DailyDesign.Build(usage, Grid(72, _ => 40));
        Assert.Equal(15, design.UsagePerDay[0]);
        Assert.Equal(12, design.UsagePerDay[1]);
        Assert.Equal(2, design.Days[0]);
    }

    [Fact]
    public void DailyDesign_ConvertsCelsiusToFahrenheit_BeforeAnyFeature()
    {
        var usage = new UsageSeries([Start, Start + Duration.FromDays(1)], [1, double.NaN]);
        var celsius = DailyDesign.Build(usage, Grid(24, h => h / 2.0, TemperatureUnit.Celsius));
        var fahrenheit = DailyDesign.Build(usage, Grid(24, h => 32 + (1.8 * h / 2.0)));
        Assert.Equal(fahrenheit.MeanTemperature[0], celsius.MeanTemperature[0], 12);
        Assert.Equal(TemperatureUnit.Fahrenheit, celsius.Unit);
    }

    [Fact]
    public void BillingDesign_FitCapsAt35DaysAndOneHour_PredictionUsesTheWholePeriod()
    {
        // One 61-day (bimonthly) period with complete temperatures, then a 30-day one.
        var hours = (61 + 30) * 24;
        var grid = Grid(hours, h => 30 + (h % 24));
        var usage = new UsageSeries([Start, Start + Duration.FromDays(61), Start + Duration.FromDays(91)], [610, 300, double.NaN]);
        var design = BillingDesign.Build(usage, grid);

        Assert.Equal(35, design.Fit.KeptDays(0));          // 35 full chunks + a 1-hour chunk, dropped
        Assert.Equal(36, design.Fit.ChunkCount(0));
        Assert.Equal(35 * 24 + 1, design.Fit.ExpectedHours(0));
        Assert.Equal(61, design.Prediction.ChunkCount(0));
        Assert.Equal(61, design.Prediction.KeptDays(0));
        Assert.Equal(30, design.Fit.KeptDays(1));
        Assert.Equal(10, design.UsagePerDay[0]);
        Assert.Equal(10, design.UsagePerDay[1]);

        // Per-day degree-days average the daily values: each chunk mean is 41.5 °F.
        Assert.Equal(60 - 41.5, design.Fit.HeatingDegreeDaysPerDay(0, 60), 12);
        Assert.Equal(0, design.Fit.CoolingDegreeDaysPerDay(0, 60));
    }

    [Fact]
    public void BillingDesign_DropsAPeriodUnder90PercentCoverage_AndChunksWithTwelveHoursOrFewer()
    {
        var grid = Grid(30 * 24, h => h < 24 * 4 ? double.NaN : 50);            // first 4 days missing: 86.7 % coverage
        var usage = new UsageSeries([Start, Start + Duration.FromDays(30)], [300, double.NaN]);
        Assert.False(BillingDesign.Build(usage, grid).Usable(0));

        var grid2 = Grid(30 * 24, h => h < 12 ? double.NaN : 50);               // half of day 1 missing: 98 % coverage
        var design = BillingDesign.Build(usage, grid2);
        Assert.True(design.Usable(0));
        Assert.Equal(29, design.Fit.KeptDays(0));
        Assert.Equal(30, design.Fit.ChunkCount(0));
    }

    [Fact]
    public void HourlyDesign_HourOfWeek_IsMondayMidnightUtcZero()
    {
        var monday = Instant.FromUtc(2016, 1, 4, 0, 0);
        var starts = Enumerable.Range(0, 170).Select(h => monday + Duration.FromHours(h)).ToArray();
        var usage = new UsageSeries(starts, Enumerable.Range(0, 170).Select(h => (double)h).ToArray());
        var design = HourlyDesign.Build(usage, new HourlyTemperature(monday, Enumerable.Range(0, 200).Select(h => (double)h).ToArray(), TemperatureUnit.Fahrenheit));

        Assert.Equal(0, design.HourOfWeek[0]);
        Assert.Equal(167, design.HourOfWeek[167]);
        Assert.Equal(0, design.HourOfWeek[168]);
        Assert.Equal(25, design.Temperature[25]);
        Assert.Equal(1, design.Month[0]);
    }

    [Fact]
    public void HourlyDesign_RefusesPeriodsThatAreNotOneHour()
    {
        var usage = new UsageSeries([Start, Start + Duration.FromMinutes(15)], [1, double.NaN]);
        var error = Assert.Throws<ArgumentException>(() => HourlyDesign.Build(usage, Grid(2, _ => 1)));
        Assert.Contains("row 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IntervalAggregation_ToHours_ScalesPartialHours_AndDropsHoursMostlyMissing()
    {
        // 15-minute data: hour 0 complete (4 × 1), hour 1 has 2 of 4 (→ 2 × 4 / 2 = 4), hour 2 has 1 of 4 (missing).
        var starts = Enumerable.Range(0, 13).Select(q => Start + Duration.FromMinutes(15 * q)).ToArray();
        double[] values = [1, 1, 1, 1, 2, double.NaN, 2, double.NaN, 5, double.NaN, double.NaN, double.NaN, double.NaN];
        var hours = IntervalAggregation.ToHours(new UsageSeries(starts, values));

        Assert.Equal(3, hours.Periods);
        Assert.Equal(4, hours.PeriodValue(0));
        Assert.Equal(8, hours.PeriodValue(1));
        Assert.True(double.IsNaN(hours.PeriodValue(2)));
    }

    [Fact]
    public void IntervalAggregation_ZeroIsMissing_ForElectricity()
    {
        var starts = Enumerable.Range(0, 5).Select(q => Start + Duration.FromMinutes(15 * q)).ToArray();
        var hours = IntervalAggregation.ToHours(new UsageSeries(starts, [0.0, 0, 0, 2, double.NaN]), zeroIsMissing: true);
        Assert.True(double.IsNaN(hours.PeriodValue(0)));
        var gas = IntervalAggregation.ToHours(new UsageSeries(starts, [0.0, 0, 0, 2, double.NaN]));
        Assert.Equal(2, gas.PeriodValue(0));
    }

    [Fact]
    public void IntervalAggregation_ToDays_UsesLocalMidnights()
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var first = Instant.FromUtc(2024, 12, 31, 16, 0);                          // 2025-01-01 00:00 +08
        var starts = Enumerable.Range(0, 49).Select(h => first + Duration.FromHours(h)).ToArray();
        var days = IntervalAggregation.ToDays(new UsageSeries(starts, Enumerable.Repeat(1.0, 49).ToArray()), zone);

        Assert.Equal(first, days.PeriodStart(0));
        Assert.Equal(2, days.Periods);
        Assert.Equal(24, days.PeriodValue(0));
        Assert.Equal(24, days.PeriodValue(1));
    }
}
