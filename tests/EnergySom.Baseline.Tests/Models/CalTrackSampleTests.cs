using EnergySom.Baseline.Models;
using EnergySom.Baseline.Tests.Samples;
using Xunit.Abstractions;

namespace EnergySom.Baseline.Tests.Models;

/// <summary>
/// CalTRACK daily and billing on the eemeter 3.2.0 Illinois samples, against the independent oracle
/// (<see cref="CalTrackOracle"/>, written from reference/caltrack-method.md with MathNet QR per candidate).
/// </summary>
public class CalTrackSampleTests(ITestOutputHelper output)
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var meter in new[] { "il-electricity-cdd-hdd", "il-electricity-cdd-only", "il-gas-hdd-only", "il-gas-intercept-only" })
        {
            foreach (var freq in new[] { "daily", "billing_monthly", "billing_bimonthly" })
            {
                data.Add($"{meter}-{freq}");
            }
        }

        return data;
    }

    internal static CalTrackFit FitSample(string id, CalTrackOptions? options = null)
    {
        var sample = EemeterSamples.Get(id);
        options ??= CalTrackOptions.For(sample.IsGas ? Fuel.Gas : Fuel.Electricity) with { FitDespiteInsufficientData = true };
        return id.EndsWith("-daily", StringComparison.Ordinal)
            ? CalTrackDaily.Fit(EemeterSamples.Meter(id), EemeterSamples.Temperature, sample.Baseline, options)
            : CalTrackBilling.Fit(EemeterSamples.Meter(id), EemeterSamples.Temperature, sample.Baseline, options);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void SelectionAndCoefficients_MatchTheIndependentOracle(string id)
    {
        var sample = EemeterSamples.Get(id);
        var fit = FitSample(id);
        var oracle = id.EndsWith("-daily", StringComparison.Ordinal)
            ? CalTrackOracle.Daily(id, sample.BlackoutStart, fitCdd: !sample.IsGas)
            : CalTrackOracle.Billing(id, sample.BlackoutStart, fitCdd: !sample.IsGas);
        var o = oracle.Selected;
        var r = fit.Result;
        output.WriteLine($"{id}: {r.ModelType} {r.BalancePoints!.Heating}/{r.BalancePoints.Cooling} vs oracle {o.Type} {o.Hbp}/{o.Cbp}; R²adj {r.Statistics.AdjustedRSquared:R} vs {o.AdjustedRSquared:R}");

        Assert.Equal(o.Type, r.ModelType);
        Assert.Equal((double?)o.Hbp, r.BalancePoints.Heating);
        Assert.Equal((double?)o.Cbp, r.BalancePoints.Cooling);
        Assert.Equal(oracle.Rows, r.Statistics.N);
        AssertRelative(o.Coefficients[0], r.Coefficient("intercept"), 1e-9, "intercept");
        if (o.Hbp is not null)
        {
            AssertRelative(CalTrackOracle.Coefficient(o, "hdd"), r.Coefficient("beta_hdd"), 1e-9, "beta_hdd");
        }

        if (o.Cbp is not null)
        {
            AssertRelative(CalTrackOracle.Coefficient(o, "cdd"), r.Coefficient("beta_cdd"), 1e-9, "beta_cdd");
        }

        if (o.Type != "intercept_only")
        {
            Assert.Equal(o.AdjustedRSquared, r.Statistics.AdjustedRSquared, 1e-9);
        }

        // Every candidate the oracle fitted, the search fitted too, with the same verdicts.
        Assert.Equal(oracle.All.Count(c => c.Qualified), fit.Selection.Qualified);
        Assert.Equal(oracle.All.Count(c => !c.Qualified), fit.Selection.Disqualified);

        // Predicted baseline totals, period by period (billing: whole-period temperatures).
        for (var i = 0; i < oracle.BaselinePredictedTotals.Length; i++)
        {
            var expected = oracle.BaselinePredictedTotals[i];
            var actual = fit.BaselinePredictedTotals[i];
            Assert.True(double.IsNaN(expected) ? double.IsNaN(actual) : Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected), $"period {i}: {actual} vs {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void SearchKernel_AgreesWithTheFinalQrFit(string id)
    {
        var fit = FitSample(id);
        AssertRelative(fit.Selection.Intercept, fit.Model.Intercept, 1e-9, "intercept");
        AssertRelative(fit.Selection.BetaHdd, fit.Model.BetaHdd, 1e-9, "beta_hdd");
        AssertRelative(fit.Selection.BetaCdd, fit.Model.BetaCdd, 1e-9, "beta_cdd");
        Assert.Equal(fit.Selection.AdjustedRSquared, fit.Result.ModelType == CalTrackModelTypes.InterceptOnly ? 0 : fit.Result.Statistics.AdjustedRSquared, 1e-10);
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(Math.Abs(expected), 1e-300), $"{what}: {actual:R} vs {expected:R}");
}
