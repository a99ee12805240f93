using EnergySom.Baseline.Data;
using EnergySom.Baseline.Models;
using EnergySom.Baseline.Savings;
using EnergySom.Baseline.Tests.Samples;
using NodaTime;
using Xunit.Abstractions;

namespace EnergySom.Baseline.Tests.Models;

public class CalTrackSavingsTests(ITestOutputHelper output)
{
    public static TheoryData<string> Samples() => CalTrackSampleTests.Samples();

    [Theory]
    [MemberData(nameof(Samples))]
    public void ReportingPeriod_AndEemeterBands_MatchAnIndependentRecomputation(string id)
    {
        var sample = EemeterSamples.Get(id);
        var billing = !id.EndsWith("-daily", StringComparison.Ordinal);
        var fit = CalTrackSampleTests.FitSample(id);
        var savings = CalTrackSavings.Compute(fit, EemeterSamples.Meter(id), EemeterSamples.Temperature, sample.Reporting);

        var oracle = billing
            ? CalTrackOracle.Billing(id, sample.BlackoutStart, !sample.IsGas)
            : CalTrackOracle.Daily(id, sample.BlackoutStart, !sample.IsGas);
        var (starts, ends, observed, predicted) = CalTrackOracle.Reporting(id, sample.BlackoutEnd, oracle.Selected, billing);

        Assert.Equal(starts.Length, savings.Periods.Count);
        var rows = Enumerable.Range(0, starts.Length).Where(i => double.IsFinite(observed[i]) && double.IsFinite(predicted[i])).ToArray();
        Assert.Equal(rows.Length, savings.PeriodsUsed);
        var predictedTotal = rows.Sum(i => predicted[i]);
        var observedTotal = rows.Sum(i => observed[i]);
        Assert.Equal(predictedTotal, savings.AdjustedBaselineTotal, predictedTotal * 1e-9);
        Assert.Equal(observedTotal, savings.ObservedTotal, observedTotal * 1e-12);

        // eemeter's 90 % bands from the oracle's baseline totals (formulas of reference/caltrack-method.md).
        var baseRows = Enumerable.Range(0, oracle.BaselineObservedTotals.Length)
            .Where(i => double.IsFinite(oracle.BaselineObservedTotals[i]) && double.IsFinite(oracle.BaselinePredictedTotals[i])).ToArray();
        var residuals = baseRows.Select(i => oracle.BaselineObservedTotals[i] - oracle.BaselinePredictedTotals[i]).ToArray();
        var n = baseRows.Length;
        var c = oracle.Selected.Coefficients.Length - 1;
        var rho = MathNet.Numerics.Statistics.Correlation.Pearson(residuals[..^1], residuals[1..]);
        var nPrime = n * (1 - rho) / (1 + rho);
        var rmse = Math.Sqrt(residuals.Sum(r => r * r) / (n - c));
        var baseObserved = baseRows.Select(i => oracle.BaselineObservedTotals[i]).ToArray();
        var baseAvg = baseObserved.Average();
        var baseVar = baseObserved.Sum(v => (v - baseAvg) * (v - baseAvg)) / n;
        var m = billing ? (int)Math.Round(Math.Floor((ends[^1] - starts[0]).TotalDays) / 30, MidpointRounding.ToEven) : rows.Length;
        var postAvg = observedTotal / rows.Length;
        var t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, n - c, 0.95);
        var olsModel = t * rmse * m / Math.Sqrt(n) * Math.Sqrt(1 + ((baseAvg - postAvg) * (baseAvg - postAvg) / baseVar));
        var olsNoise = t * rmse * Math.Sqrt(m * n / nPrime);
        var (a, b, d) = billing ? (-0.00022, 0.03306, 0.94054) : (-0.00024, 0.03535, 1.00286);
        var months = billing ? m : m / 30.0;
        var fsu = baseAvg * n * t * ((a * months * months) + (b * months) + d) * (rmse / baseAvg) * Math.Sqrt(n / nPrime * (1 + (2 / nPrime)) / m);

        var bands = savings.EemeterErrorBands!;
        output.WriteLine($"{id}: avoided {savings.AvoidedEnergy:F2} ({savings.ObservedTotal:F1} observed, {savings.AdjustedBaselineTotal:F1} predicted), m {bands.M}, " +
            $"OLS ±{bands.Ols:F2} (model {bands.OlsModel:F2}, noise {bands.OlsNoise:F2}), FSU band {bands.Fsu:F2}; " +
            string.Join(", ", savings.Uncertainty.Where(u => u.Confidence == 0.90).Select(u => $"{u.Method} ±{u.Absolute:F1}")));
        Assert.Equal(m, bands.M);
        Assert.Equal(olsModel, bands.OlsModel, Math.Abs(olsModel) * 1e-7);
        Assert.Equal(olsNoise, bands.OlsNoise, Math.Abs(olsNoise) * 1e-7);
        Assert.Equal(fsu, bands.Fsu, Math.Abs(fsu) * 1e-7);
    }

    [Fact]
    public void OlsPredictionInterval_CoversTheTruthAsOftenAsItClaims()
    {
        // 300 synthetic meters with independent noise and no measure installed: the 90 % interval of the reporting
        // year's total must contain the metered total (so the avoided energy is within ± the interval) about 90 % of
        // the time (binomial, n = 300: 0.85–0.95 is ±3 standard deviations).
        var random = new Random(90);
        var start = Instant.FromUtc(2020, 1, 1, 0, 0);
        var temperature = new double[2 * 365 * 24];
        for (var h = 0; h < temperature.Length; h++)
        {
            var day = h / 24;
            temperature[h] = 55 - (25 * Math.Cos(2 * Math.PI * day / 365.25)) + (6 * Math.Sin(day * 1.7));
        }

        var grid = new HourlyTemperature(start, temperature, TemperatureUnit.Fahrenheit);
        var covered = 0;
        const int Meters = 300;
        for (var k = 0; k < Meters; k++)
        {
            var starts = Enumerable.Range(0, (2 * 365) + 1).Select(d => start + Duration.FromDays(d)).ToArray();
            var truth = new double[starts.Length];
            var values = new double[starts.Length];
            for (var d = 0; d < 2 * 365; d++)
            {
                var t = temperature[d * 24];
                truth[d] = 20 + (0.8 * Math.Max(55 - t, 0)) + (1.5 * Math.Max(t - 68, 0));
                values[d] = truth[d] + (3 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }

            values[^1] = double.NaN;
            var usage = new UsageSeries(starts, values);
            var baseline = new Interval(start, start + Duration.FromDays(365));
            var reporting = new Interval(start + Duration.FromDays(365), start + Duration.FromDays(730));
            var fit = CalTrackDaily.Fit(usage, grid, baseline);
            var savings = CalTrackSavings.Compute(fit, usage, grid, reporting);
            var interval = savings.Uncertainty.Single(u => u.Method == SavingsReport.PredictionIntervalMethod && u.Confidence == 0.90);
            covered += Math.Abs(savings.AvoidedEnergy) <= interval.Absolute ? 1 : 0;
        }

        output.WriteLine($"90 % prediction interval contained the metered total in {covered} of {Meters} meters");
        Assert.InRange(covered / (double)Meters, 0.85, 0.95);
    }
}

public class CalTrackNormalizedSavingsTests
{
    [Fact]
    public void NormalizedSavings_EvaluateBothModelsOnTheNormalYear()
    {
        var start = Instant.FromUtc(2021, 1, 1, 0, 0);
        var hours = Enumerable.Range(0, 365 * 24).Select(h => 50.0 + (20 * Math.Sin(2 * Math.PI * (h / 24) / 365))).ToArray();
        var normal = new HourlyTemperature(start, hours, TemperatureUnit.Fahrenheit);
        var baseline = new CalTrackModel(CalTrackModelTypes.HddOnly, 10, 1, 0, 55, null, TemperatureUnit.Fahrenheit);
        var reporting = baseline with { Intercept = 8 };

        var result = CalTrackSavings.Normalized(baseline, reporting, normal, new Interval(start, start + Duration.FromDays(365)), "synthetic normal year");

        Assert.Equal(2 * 365, result.Savings, 1e-9);
        var expectedBaseline = Enumerable.Range(0, 365).Sum(d => 10 + Math.Max(55 - (50.0 + (20 * Math.Sin(2 * Math.PI * d / 365))), 0));
        Assert.Equal(expectedBaseline, result.BaselineUnderNormal, 1e-9);
        Assert.Equal("synthetic normal year", result.Conditions);
    }
}
