using EnergySom.Baseline.Results;
using EnergySom.Baseline.Savings;
using EnergySom.Baseline.Statistics;
using EnergySom.Baseline.Tests.Results;
using NodaTime;
using Oracle = MathNet.Numerics.Distributions.StudentT;

namespace EnergySom.Baseline.Tests.Savings;

public class SavingsReportTests
{
    private static readonly Instant Start = Instant.FromUtc(2017, 1, 1, 0, 0);

    private static ResultPeriod Day(int d) => new(Start + Duration.FromDays(d), Start + Duration.FromDays(d + 1));

    private static SavingsInput Input(double[] observed, double[] predicted) => new()
    {
        Baseline = ResultJsonTests.Sample(),
        ReportingPeriod = new ResultPeriod(Start, Start + Duration.FromDays(observed.Length)),
        Periods = [.. Enumerable.Range(0, observed.Length).Select(Day)],
        Observed = observed,
        AdjustedBaseline = predicted,
    };

    [Fact]
    public void Avoided_PerPeriod_Cumulative_AndTotals_OverPeriodsWithBoth()
    {
        var result = SavingsReport.Compute(Input([80, 100, 50, double.NaN, 70], [100, 110, double.NaN, 90, 75]));

        Assert.Equal(3, result.PeriodsUsed);
        Assert.Equal(285, result.AdjustedBaselineTotal, 12);
        Assert.Equal(250, result.ObservedTotal, 12);
        Assert.Equal(35, result.AvoidedEnergy, 12);
        Assert.Equal([20.0, 30, 30, 30, 35], result.Periods.Select(p => p.CumulativeAvoided));
        Assert.True(double.IsNaN(result.Periods[2].Avoided));
    }

    [Fact]
    public void NonRoutineAdjustments_AreListedAndAppliedOnlyToTheFigureThatSaysSo()
    {
        var nra = new NonRoutineAdjustment("NRA-1", AdjustmentBasis.Amount, 40, new ResultPeriod(Start + Duration.FromDays(3), Start + Duration.FromDays(7)), "M&V engineer, ESCO", "new compressor added on day 3")
        {
            ModelReference = null,
        };
        var result = SavingsReport.Compute(Input([80, 100, 50, 60, 70], [100, 110, 60, 90, 75]), new SavingsOptions { Adjustments = [nra] });

        Assert.Equal(75, result.AvoidedEnergy, 12);                          // routine savings untouched
        var applied = Assert.Single(result.NonRoutineAdjustments);
        Assert.Equal(0.5, applied.OverlapFraction, 12);                     // days 3–4 of its 4 days fall in the report
        Assert.Equal(20, applied.AppliedAmount, 12);
        Assert.Equal(95, result.AvoidedEnergyWithAdjustments, 12);
        Assert.Equal("new compressor added on day 3", applied.Adjustment.Why);
    }

    [Fact]
    public void Guideline14AndCalTrackUncertainty_FollowTheirFormulas()
    {
        var observed = Enumerable.Range(0, 30).Select(i => 18.0 + (i % 3)).ToArray();
        var predicted = Enumerable.Range(0, 30).Select(i => 21.0 + (i % 3)).ToArray();
        var result = SavingsReport.Compute(Input(observed, predicted));
        var s = ResultJsonTests.Sample().Statistics;                        // n 365, p 3, c 2, SSE 1448, mean 20, ρ 0.3
        var nPrime = 365 * 0.7 / 1.3;
        var eBase = predicted.Sum();

        var g14 = Assert.Single(result.Uncertainty, u => u.Method == SavingsReport.Guideline14Method && u.Confidence == 0.90);
        var cv = Math.Sqrt(1448.0 / 362) / 20;
        var expected = Oracle.InvCDF(0, 1, 362, 0.95) * 1.26 * cv * Math.Sqrt(365 / nPrime * (1 + (2 / nPrime)) / 30) * eBase;
        Assert.Equal(expected, g14.Absolute, expected * 1e-9);
        Assert.Equal(expected / 90, g14.Fractional, 1e-9);

        var caltrack = Assert.Single(result.Uncertainty, u => u.Method == SavingsReport.CalTrackMethod && u.Confidence == 0.68);
        var months = 1.0;
        var poly = (-0.00024 * months * months) + (0.03535 * months) + 1.00286;
        var cvCalTrack = Math.Sqrt(1448.0 / 363) / 20;
        var expectedCalTrack = Oracle.InvCDF(0, 1, 363, 0.84) * poly * cvCalTrack * Math.Sqrt(365 / nPrime * (1 + (2 / nPrime)) / 30) * eBase;
        Assert.Equal(expectedCalTrack, caltrack.Absolute, expectedCalTrack * 1e-9);
        Assert.Equal(3, result.Uncertainty.Count(u => u.Method == SavingsReport.Guideline14Method));
    }

    [Fact]
    public void AutocorrelationPolicy_WhenAtLeastHalf_IgnoresRhoBelowHalf()
    {
        var input = Input([10, 10, 10], [12, 12, 12]);
        var always = SavingsReport.Compute(input).Uncertainty.First(u => u.Method == SavingsReport.Guideline14Method);
        var gated = SavingsReport.Compute(input, new SavingsOptions { Correction = AutocorrelationCorrection.WhenAtLeastHalf }).Uncertainty.First(u => u.Method == SavingsReport.Guideline14Method);
        Assert.True(gated.Absolute < always.Absolute);                      // ρ = 0.3 < 0.5: n′ = n, smaller band
        Assert.Equal(365, SavingsUncertainty.EffectiveN(365, 0.3, AutocorrelationCorrection.Never));
    }

    [Fact]
    public void PerformancePath_IsMetWhenTheUncertaintyIsUnderHalfTheSavings()
    {
        var bigSavings = SavingsReport.Compute(Input(Enumerable.Repeat(10.0, 365).ToArray(), Enumerable.Repeat(20.0, 365).ToArray()));
        Assert.True(bigSavings.MeetsGuideline14PerformancePath);
        var tinySavings = SavingsReport.Compute(Input(Enumerable.Repeat(19.9, 30).ToArray(), Enumerable.Repeat(20.0, 30).ToArray()));
        Assert.False(tinySavings.MeetsGuideline14PerformancePath);
    }

    [Fact]
    public void ZeroSavings_AreWarnedAbout()
    {
        var result = SavingsReport.Compute(Input([10, 10], [10, 10]));
        Assert.Contains(result.Warnings, w => w.Code == "savings.avoided_energy_near_zero");
    }

    [Fact]
    public void SavingsResult_RoundTripsThroughJson()
    {
        var result = SavingsReport.Compute(Input([80, 100], [100, 110]), new SavingsOptions
        {
            Adjustments = [new NonRoutineAdjustment("NRA-7", AdjustmentBasis.Model, -12.5, Day(0), "auditor", "line shut for retooling") { ModelReference = "production/1 line-3" }],
        });
        var back = ResultJson.Read<SavingsResult>(ResultJson.Serialize(result), "savings result");
        Assert.Equal(result.AvoidedEnergy, back.AvoidedEnergy);
        Assert.Equal("production/1 line-3", back.NonRoutineAdjustments[0].Adjustment.ModelReference);
        Assert.Equal(AdjustmentBasis.Model, back.NonRoutineAdjustments[0].Adjustment.Basis);
        Assert.Equal(result.Uncertainty.Count, back.Uncertainty.Count);
    }

    [Fact]
    public void NormalizedSavings_ComparesBothModelsOnTheSameConditions()
    {
        var result = NormalizedSavings.Compute("typical year", [10, 12, double.NaN, 9], [8, 11, 5, 7],
            [new NonRoutineAdjustment("NRA-2", AdjustmentBasis.Amount, 1.5, Day(0), "ESCO", "area added")]);
        Assert.Equal(31, result.BaselineUnderNormal, 12);
        Assert.Equal(26, result.ReportingUnderNormal, 12);
        Assert.Equal(5, result.Savings, 12);
        Assert.Equal(6.5, result.SavingsWithAdjustments, 12);
    }

    [Fact]
    public void EemeterBands_FollowTheDocumentedFormulas()
    {
        var basis = new UncertaintyBasis(365, 3, 2, 1448, 20, 30, 0.3, Billing: false);
        var bands = SavingsUncertainty.Eemeter(basis, 365, 18);
        var t = Oracle.InvCDF(0, 1, 363, 0.95);
        var rmse = Math.Sqrt(1448.0 / 363);
        var nPrime = 365 * 0.7 / 1.3;
        var model = t * rmse * 365 / Math.Sqrt(365) * Math.Sqrt(1 + (4 / 30.0));
        var noise = t * rmse * Math.Sqrt(365 * 365 / nPrime);
        var m = 365 / 30.0;
        var fsu = 20 * 365 * t * ((-0.00024 * m * m) + (0.03535 * m) + 1.00286) * (rmse / 20) * Math.Sqrt(365 / nPrime * (1 + (2 / nPrime)) / 365);
        Assert.Equal(model, bands.OlsModel, model * 1e-10);
        Assert.Equal(noise, bands.OlsNoise, noise * 1e-10);
        Assert.Equal(Math.Sqrt((model * model) + (noise * noise)), bands.Ols, bands.Ols * 1e-10);
        Assert.Equal(fsu, bands.Fsu, fsu * 1e-10);
    }

    [Fact]
    public void StudentTCritical_UsedForBands_IsOneSided95()
    {
        Assert.Equal(Oracle.InvCDF(0, 1, 10, 0.95), StudentT.Quantile(0.95, 10), 1e-9);
    }
}
