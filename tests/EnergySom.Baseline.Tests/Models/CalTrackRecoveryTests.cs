using EnergySom.Baseline.Data;
using EnergySom.Baseline.Models;
using EnergySom.Baseline.Tests.Samples;
using Xunit.Abstractions;

namespace EnergySom.Baseline.Tests.Models;

/// <summary>
/// Does the selected model recover what the sample generator put in (manifest.json), within what the noise allows?
/// "What the noise allows" is measured, not guessed: a residual bootstrap simulates the generator's balance points
/// (the model refitted at them on the same days, plus resampled residuals, fixed seed) and refits 200 times; the
/// recovered balance point must lie within the central 95 % of the bootstrap's selections. Where it does not, the
/// data themselves must reject the generator's balance points: the adjusted-R² gain of the selected model over the
/// model at the generator's points must exceed the 99th percentile of that gain under the bootstrap. Samples where
/// that happens are listed by name in <see cref="KnownDepartures"/>, so no other sample can pass that way.
/// </summary>
public class CalTrackRecoveryTests(ITestOutputHelper output)
{
    /// <summary>il-electricity-cdd-hdd-daily: the search (and the independent oracle) pick 53/68 °F, adjusted R² 0.7685,
    /// against 0.7594 at the generator's 60/65 °F; under noise around 60/65 the gain would stay far smaller.</summary>
    private static readonly HashSet<string> KnownDepartures = ["il-electricity-cdd-hdd-daily"];

    public static TheoryData<string> Daily() => new() { "il-electricity-cdd-hdd-daily", "il-electricity-cdd-only-daily", "il-gas-hdd-only-daily", "il-gas-intercept-only-daily" };

    [Theory]
    [MemberData(nameof(Daily))]
    public void DailyModel_RecoversTheGeneratorsBalancePoints_WithinTheNoise(string id)
    {
        var sample = EemeterSamples.Get(id);
        var options = CalTrackOptions.For(sample.IsGas ? Fuel.Gas : Fuel.Electricity);
        var fit = CalTrackDaily.Fit(EemeterSamples.Meter(id), EemeterSamples.Temperature, sample.Baseline, options);
        var design = DailyDesign.Build(EemeterSamples.Meter(id).Within(sample.Baseline), EemeterSamples.Temperature);
        var t = new double[design.UsableRows];
        var y = new double[t.Length];
        design.CopyUsable(t, y);

        // The generator's form at its balance points, fitted on the same days.
        var truthOptions = options with
        {
            // A term the generator does not have gets a balance point no day reaches, so it is never attempted.
            HeatingBalancePoints = new BalancePointGrid(sample.HeatingBalancePoint ?? -1000, sample.HeatingBalancePoint ?? -1000, 1),
            CoolingBalancePoints = new BalancePointGrid(sample.CoolingBalancePoint ?? 1000, sample.CoolingBalancePoint ?? 1000, 1),
        };
        var truth = CalTrackDaily.Fit(design, truthOptions).Model;
        var residuals = y.Select((v, i) => v - truth.UsagePerDay(t[i])).ToArray();

        var random = new Random(20161226);
        var settings = CalTrackSearchSettings.From(options, billing: false);
        var workspace = new CalTrackSearchWorkspace();
        var simulated = new double[y.Length];
        var truthSettings = CalTrackSearchSettings.From(truthOptions, billing: false);
        var heating = new List<double>();
        var cooling = new List<double>();
        var gains = new List<double>();
        for (var b = 0; b < 200; b++)
        {
            for (var i = 0; i < y.Length; i++)
            {
                simulated[i] = truth.UsagePerDay(t[i]) + residuals[random.Next(residuals.Length)];
            }

            var s = CalTrackDailySearch.Run(t, simulated, settings, workspace);
            heating.Add(s.HeatingBalancePoint);
            cooling.Add(s.CoolingBalancePoint);
            gains.Add(s.AdjustedRSquared - CalTrackDailySearch.Run(t, simulated, truthSettings, workspace).AdjustedRSquared);
        }

        var observedGain = fit.Selection.AdjustedRSquared - CalTrackDailySearch.Run(t, y, truthSettings, workspace).AdjustedRSquared;
        var gain99 = Quantile([.. gains.Order()], 0.99);

        var r = fit.Result;
        var observedTotal = fit.BaselineObservedTotals.Where(double.IsFinite).Sum();
        var predictedTotal = fit.BaselinePredictedTotals.Where(double.IsFinite).Sum();
        output.WriteLine($"{id}: chose {r.ModelType} HBP {r.BalancePoints!.Heating?.ToString() ?? "-"} CBP {r.BalancePoints.Cooling?.ToString() ?? "-"} " +
            $"(generator {sample.HeatingBalancePoint?.ToString() ?? "-"}/{sample.CoolingBalancePoint?.ToString() ?? "-"}); " +
            $"bootstrap HBP 95% {Range(heating)}, CBP 95% {Range(cooling)}; " +
            $"baseline total: model {predictedTotal:F1}, metered {observedTotal:F1}, generator nominal {sample.BaselineTotal} ({(predictedTotal / sample.BaselineTotal) - 1:+0.0%;-0.0%}); " +
            $"base load {365 * r.Coefficient("intercept"):F0} vs {sample.BaselineBase}; CV(RMSE) {r.Statistics.CvRmse:P1}; " +
            $"adj. R² gain over the generator's points {observedGain:G3} (bootstrap 99th percentile {gain99:G3})");

        // OLS with an intercept reproduces the metered baseline total exactly: the model's baseline year is the metered one.
        Assert.Equal(observedTotal, predictedTotal, observedTotal * 1e-9);
        if (KnownDepartures.Contains(id))
        {
            Assert.True(observedGain > gain99, $"{id} is listed as departing from its generator, but the gain {observedGain} is within the noise ({gain99})");
            Assert.False(Within(r.BalancePoints.Heating, heating) && Within(r.BalancePoints.Cooling, cooling), $"{id} now recovers its generator: take it off the list");
            return;
        }

        AssertWithin(r.BalancePoints.Heating, heating, "heating");
        AssertWithin(r.BalancePoints.Cooling, cooling, "cooling");
    }

    [Fact]
    public void Report_EverySample_ModelChosenAgainstTheGenerator()
    {
        foreach (var meter in new[] { "il-electricity-cdd-hdd", "il-electricity-cdd-only", "il-gas-hdd-only", "il-gas-intercept-only" })
        {
            foreach (var freq in new[] { "daily", "billing_monthly", "billing_bimonthly" })
            {
                var id = $"{meter}-{freq}";
                var sample = EemeterSamples.Get(id);
                var fit = CalTrackSampleTests.FitSample(id);
                var ratio = TotalRatio(fit, out var model, out var metered);
                var r = fit.Result;
                var line = $"| {id} | {r.ModelType} | {r.BalancePoints!.Heating?.ToString() ?? "-"}/{r.BalancePoints.Cooling?.ToString() ?? "-"} | " +
                    $"{sample.HeatingBalancePoint?.ToString() ?? "-"}/{sample.CoolingBalancePoint?.ToString() ?? "-"} | {r.Statistics.N} | {r.Statistics.AdjustedRSquared:0.0000} | " +
                    $"{model:F1} | {metered:F1} | {ratio - 1:+0.00%;-0.00%;0.00%} | {r.Sufficiency!.Passed} |";
                if (freq == "billing_bimonthly")
                {
                    // eemeter fits bimonthly periods on their first 35 days and predicts them whole (reference caveat 2),
                    // so its baseline total drifts; fitted on whole periods (a recorded deviation) it does not.
                    var corrected = CalTrackSampleTests.FitSample(id, CalTrackOptions.For(sample.IsGas ? Fuel.Gas : Fuel.Electricity) with
                    {
                        FitDespiteInsufficientData = true,
                        BillingFitUsesWholePeriod = true,
                    });
                    var correctedRatio = TotalRatio(corrected, out _, out _);
                    line += $" whole-period fit: {corrected.Result.ModelType} {corrected.Result.BalancePoints!.Heating?.ToString() ?? "-"}/{corrected.Result.BalancePoints.Cooling?.ToString() ?? "-"}, total {correctedRatio - 1:+0.00%;-0.00%;0.00%}";
                    Assert.Contains("billing_fit_uses_whole_period", corrected.Result.Deviations);
                    Assert.InRange(correctedRatio, 0.99, 1.01);
                }
                else
                {
                    // Daily OLS reproduces the metered total exactly; monthly WLS (weights = kept days = period days) nearly.
                    Assert.InRange(ratio, 0.99, 1.01);
                }

                output.WriteLine(line);
            }
        }
    }

    private static double TotalRatio(CalTrackFit fit, out double model, out double metered)
    {
        var rows = Enumerable.Range(0, fit.BaselineObservedTotals.Count).Where(i => double.IsFinite(fit.BaselineObservedTotals[i]) && double.IsFinite(fit.BaselinePredictedTotals[i])).ToArray();
        metered = rows.Sum(i => fit.BaselineObservedTotals[i]);
        model = rows.Sum(i => fit.BaselinePredictedTotals[i]);
        return model / metered;
    }

    private static bool Within(double? recovered, List<double> bootstrap)
    {
        var finite = bootstrap.Where(v => !double.IsNaN(v)).Order().ToArray();
        return recovered is null
            ? finite.Length <= 0.975 * bootstrap.Count
            : finite.Length > 0.025 * bootstrap.Count && recovered >= Quantile(finite, 0.025) && recovered <= Quantile(finite, 0.975);
    }

    private static string Range(List<double> values)
    {
        var finite = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return finite.Length == 0 ? "none" : $"{Quantile(finite, 0.025)}..{Quantile(finite, 0.975)} ({100 - (100.0 * finite.Length / values.Count):0}% without)";
    }

    private static void AssertWithin(double? recovered, List<double> bootstrap, string what)
    {
        var finite = bootstrap.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (recovered is null)
        {
            // The recovered model has no such term: the bootstrap must also often select none.
            Assert.True(finite.Length <= 0.975 * bootstrap.Count, $"{what}: recovered none, but the bootstrap almost always finds one");
            return;
        }

        Assert.True(finite.Length > 0.025 * bootstrap.Count, $"{what}: recovered {recovered}, but the bootstrap almost never selects one");
        Assert.InRange(recovered.Value, Quantile(finite, 0.025), Quantile(finite, 0.975));
    }

    private static double Quantile(double[] sorted, double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
}
