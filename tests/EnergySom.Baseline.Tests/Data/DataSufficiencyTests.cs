using EnergySom.Baseline.Data;
using EnergySom.Baseline.Models;
using EnergySom.Baseline.Tests.Samples;
using NodaTime;

namespace EnergySom.Baseline.Tests.Data;

public class DataSufficiencyTests
{
    private const string Daily = "il-electricity-cdd-hdd-daily";

    private static (UsageSeries Usage, Interval Baseline) DailySample() =>
        (EemeterSamples.Meter(Daily), EemeterSamples.Get(Daily).Baseline);

    [Fact]
    public void CompleteDailyYear_Passes()
    {
        var (usage, baseline) = DailySample();
        var report = DataSufficiency.Check(DailyDesign.Build(usage.Within(baseline), EemeterSamples.Temperature), baseline);
        Assert.True(report.Passed);
        Assert.DoesNotContain(report.Warnings, w => w.Critical);
    }

    [Fact]
    public void ThirtySevenMissingDays_IsRefusedWithTheNumbers()
    {
        var (usage, baseline) = DailySample();
        var values = usage.Values.ToArray();
        var first = usage.Within(baseline).PeriodStart(0);
        var offset = usage.Starts.IndexOf(first);
        // CalTRACK's text says "37 days (10 %)"; eemeter checks valid/total ≥ 0.9, so 328/365 = 0.8986 already fails.
        for (var d = 0; d < 37; d++)
        {
            values[offset + (d * 9)] = double.NaN;
        }

        var holes = new UsageSeries(usage.Starts.ToArray(), values);
        var error = Assert.Throws<InsufficientDataException>(() => CalTrackDaily.Fit(holes, EemeterSamples.Temperature, baseline));

        var warning = Assert.Single(error.Critical, w => w.Code == "caltrack.sufficiency.too_many_days_with_missing_data");
        Assert.Equal(328, warning.Number("n_valid_days"));
        Assert.Equal(365, warning.Number("n_days_total"));
        Assert.Contains("n_valid_days=328", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Critical, w => w.Code == "caltrack.sufficiency.too_many_days_with_missing_meter_data");
        Assert.DoesNotContain(error.Critical, w => w.Code == "caltrack.sufficiency.too_many_days_with_missing_temperature_data");
    }

    [Fact]
    public void ThirtySixMissingDays_StillPass()
    {
        var (usage, baseline) = DailySample();
        var values = usage.Values.ToArray();
        var offset = usage.Starts.IndexOf(usage.Within(baseline).PeriodStart(0));
        for (var d = 0; d < 36; d++)
        {
            values[offset + (d * 9)] = double.NaN;
        }

        var fit = CalTrackDaily.Fit(new UsageSeries(usage.Starts.ToArray(), values), EemeterSamples.Temperature, baseline);
        Assert.True(fit.Result.Sufficiency!.Passed);
        Assert.Equal(329, fit.Result.Statistics.N);
    }

    [Fact]
    public void FittingDespiteInsufficientData_IsRecorded_AndKeepsTheWarnings()
    {
        var id = "il-gas-hdd-only-billing_monthly";
        var sample = EemeterSamples.Get(id);
        Assert.Throws<InsufficientDataException>(() =>
            CalTrackBilling.Fit(EemeterSamples.Meter(id), EemeterSamples.Temperature, sample.Baseline, CalTrackOptions.For(Fuel.Gas)));

        var fit = CalTrackBilling.Fit(EemeterSamples.Meter(id), EemeterSamples.Temperature, sample.Baseline, CalTrackOptions.For(Fuel.Gas) with { FitDespiteInsufficientData = true });
        Assert.False(fit.Result.Sufficiency!.Passed);
        Assert.True(fit.Result.Sufficiency.FittedDespiteInsufficientData);
        var days = Assert.Single(fit.Result.Warnings, w => w.Code == "caltrack.sufficiency.incorrect_number_of_total_days");
        Assert.True(days.Critical);

        // eemeter floors the gaps before (26.25 d) and after (6.75 d) the 332 days of data separately: 364.
        Assert.Equal(364, days.Number("n_days_total"));
        Assert.Equal(365, days.Number("num_days"));
        Assert.True(fit.Result.Settings["fit_despite_insufficient_data"]!.GetValue<bool>());
    }

    [Fact]
    public void CountingTheWindowExactly_PassesTheMonthlyBillingSpan()
    {
        var id = "il-gas-hdd-only-billing_monthly";
        var sample = EemeterSamples.Get(id);
        var design = BillingDesign.Build(EemeterSamples.Meter(id).Within(sample.Baseline), EemeterSamples.Temperature);
        var report = DataSufficiency.Check(design, sample.Baseline, SufficiencyOptions.CalTrack with { FloorGapDaysLikeEemeter = false });
        Assert.DoesNotContain(report.Warnings, w => w.Code.EndsWith("incorrect_number_of_total_days", StringComparison.Ordinal));
    }

    [Fact]
    public void NegativeUsage_IsCritical_AndExtremeValuesAreFlaggedOnly()
    {
        var (usage, baseline) = DailySample();
        var values = usage.Values.ToArray();
        var offset = usage.Starts.IndexOf(usage.Within(baseline).PeriodStart(0));
        values[offset + 3] = -5;
        values[offset + 4] = 1e6;
        var report = DataSufficiency.Check(DailyDesign.Build(new UsageSeries(usage.Starts.ToArray(), values).Within(baseline), EemeterSamples.Temperature), baseline);

        var negative = Assert.Single(report.Warnings, w => w.Code == "caltrack.sufficiency.negative_meter_values");
        Assert.True(negative.Critical);
        Assert.Equal(1, negative.Number("n_negative_meter_values"));
        var extreme = Assert.Single(report.Warnings, w => w.Code == "caltrack.sufficiency.extreme_values_detected");
        Assert.False(extreme.Critical);
        Assert.Equal(1e6, extreme.Number("max_value"));
    }

    [Fact]
    public void NoUsage_IsNoData()
    {
        var start = Instant.FromUtc(2016, 1, 1, 0, 0);
        var usage = new UsageSeries([start, start + Duration.FromDays(1)], [double.NaN, double.NaN]);
        var report = DataSufficiency.Check(DailyDesign.Build(usage, EemeterSamples.Temperature), new Interval(start, start + Duration.FromDays(365)));
        Assert.Equal("caltrack.sufficiency.no_data", Assert.Single(report.Warnings).Code);
    }

    [Fact]
    public void Hourly_MonthUnder90Percent_IsCriticalWithTheMonth()
    {
        var start = Instant.FromUtc(2016, 1, 1, 0, 0);
        var hours = 24 * 60;                                                    // Jan 1 .. Feb 29 (leap year)
        var starts = Enumerable.Range(0, hours + 1).Select(h => start + Duration.FromHours(h)).ToArray();
        var values = Enumerable.Range(0, hours + 1).Select(h => h >= 24 * 31 && h < (24 * 31) + (24 * 4) ? double.NaN : 1.0).ToArray();
        var design = HourlyDesign.Build(new UsageSeries(starts, values), new HourlyTemperature(start, Enumerable.Repeat(50.0, hours).ToArray(), TemperatureUnit.Fahrenheit));
        var report = DataSufficiency.CheckHourly(design, new Interval(start, start + Duration.FromHours(hours)));

        var warning = Assert.Single(report.Warnings);
        Assert.Equal("caltrack.sufficiency.too_few_hours_in_month", warning.Code);
        Assert.Equal("2016-02", warning.Data["month"]!.GetValue<string>());
        Assert.Equal(24 * 25, warning.Number("hours_with_data"));
        Assert.Equal(24 * 29, warning.Number("hours_in_month"));
    }
}
