using EnergySom.Baseline.LeastSquares;
using EnergySom.Baseline.Models;
using FsCheck;
using FsCheck.Fluent;
using EnergySom.Testing;

namespace EnergySom.Baseline.Tests.Models;

public class ChangePointModelTests
{
    /// <summary>A year of daily mean temperatures (°C, one decimal as weather data come), seasonal with scatter.</summary>
    private static double[] Temperatures(int days, int seed)
    {
        var random = new Random(seed);
        var t = new double[days];
        for (var d = 0; d < days; d++)
        {
            t[d] = Math.Round(13 - (14 * Math.Cos(2 * Math.PI * d / 365.0)) + (8 * (random.NextDouble() - 0.5)), 1);
        }

        return t;
    }

    private static double[] Energy(double[] t, Func<double, double> truth, double noise, int seed)
    {
        var random = new Random(seed);
        return t.Select(x => truth(x) + (noise * ((random.NextDouble() * 2) - 1))).ToArray();
    }

    [Fact]
    public void Heating3P_IsSelectedAndRecovered()
    {
        var t = Temperatures(365, 1);
        var fit = ChangePointModel.Fit(t, Energy(t, x => 500 - (40 * Math.Min(x - 15, 0)), 20, 2));

        Assert.Equal(ChangePointForm.ThreeParameterHeating, fit.Form);
        Assert.Equal(15, fit.HeatingChangePoint!.Value, 0.5);
        Assert.Equal(-40, fit.HeatingSlope, 1.0);
        Assert.Equal(500, fit.Base, 10.0);
        Assert.Null(fit.CoolingChangePoint);
        Assert.Equal(3, fit.Statistics!.ParameterCount);
    }

    [Fact]
    public void Cooling3P_IsSelectedAndRecovered()
    {
        var t = Temperatures(365, 3);
        var fit = ChangePointModel.Fit(t, Energy(t, x => 800 + (60 * Math.Max(x - 18, 0)), 20, 4));

        Assert.Equal(ChangePointForm.ThreeParameterCooling, fit.Form);
        Assert.Equal(18, fit.CoolingChangePoint!.Value, 0.5);
        Assert.Equal(60, fit.CoolingSlope, 1.5);
        Assert.Equal(800, fit.Base, 10.0);
    }

    [Fact]
    public void FiveParameter_IsSelectedAndRecovered()
    {
        var t = Temperatures(365, 5);
        var fit = ChangePointModel.Fit(t, Energy(t, x => 600 - (30 * Math.Min(x - 10, 0)) + (50 * Math.Max(x - 20, 0)), 15, 6));

        Assert.Equal(ChangePointForm.FiveParameter, fit.Form);
        Assert.Equal(10, fit.HeatingChangePoint!.Value, 0.6);
        Assert.Equal(20, fit.CoolingChangePoint!.Value, 0.6);
        Assert.Equal(-30, fit.HeatingSlope, 1.5);
        Assert.Equal(50, fit.CoolingSlope, 2.0);
        Assert.Equal(5, fit.Parameters);
        Assert.Equal(5, fit.Statistics!.ParameterCount);
    }

    [Fact]
    public void FourParameter_IsSelectedAndRecovered()
    {
        var t = Temperatures(365, 7);
        var fit = ChangePointModel.Fit(t, Energy(t, x => 700 - (35 * Math.Min(x - 16, 0)) + (45 * Math.Max(x - 16, 0)), 10, 8));

        Assert.Equal(ChangePointForm.FourParameter, fit.Form);
        Assert.Equal(16, fit.HeatingChangePoint!.Value, 0.5);
        Assert.Equal(fit.HeatingChangePoint, fit.CoolingChangePoint);
        Assert.Equal(-35, fit.HeatingSlope, 1.0);
        Assert.Equal(45, fit.CoolingSlope, 1.0);
    }

    [Fact]
    public void TwoParameter_IsSelectedForALine()
    {
        var t = Temperatures(365, 9);
        var fit = ChangePointModel.Fit(t, Energy(t, x => 900 - (12 * x), 10, 10));
        Assert.Equal(ChangePointForm.TwoParameter, fit.Form);
        Assert.Equal(-12, fit.Slope, 0.3);
        Assert.Equal(900, fit.Base, 5.0);
    }

    [Fact]
    public void NoWeatherDependence_FallsBackToTheMeanWithReasons()
    {
        var t = Temperatures(365, 11);
        var fit = ChangePointModel.Fit(t, Energy(t, _ => 400, 30, 12));
        Assert.Equal(ChangePointForm.Mean, fit.Form);
        Assert.Equal(400, fit.Base, 3.0);
        Assert.Contains("no change-point form qualified", fit.SelectionReason);
        Assert.All(fit.Candidates, c => Assert.False(c.Qualified));
    }

    [Fact]
    public void ConstantTemperature_FallsBackToTheMeanAndSaysWhy()
    {
        var t = Enumerable.Repeat(20.0, 365).ToArray();
        var fit = ChangePointModel.Fit(t, Energy(t, _ => 400, 30, 13));
        Assert.Equal(ChangePointForm.Mean, fit.Form);
        Assert.All(fit.Candidates, c => Assert.Contains("does not vary (all 365 values are 20)", c.Reason));
        Assert.Contains("does not vary", fit.SelectionReason);
        Assert.Equal(400, fit.Predict(-5), 3.0);
    }

    [Fact]
    public void NoUsablePeriod_IsRefused()
    {
        Assert.Contains("nothing to fit", Assert.Throws<ArgumentException>(() => ChangePointModel.Fit([], [])).Message);
        Assert.Throws<ArgumentException>(() => ChangePointModel.Fit([double.NaN], [1.0]));
        Assert.Throws<ArgumentException>(() => ChangePointModel.Fit([1.0, 2.0], [1.0]));
        Assert.Throws<ArgumentException>(() => ChangePointModel.Fit([1.0], [1.0], default, new ChangePointSettings { GridStep = 0 }));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TinyInputs_GiveTheMeanModel(int n)
    {
        var t = new double[] { 10, 20 }[..n];
        var e = new double[] { 100, 140 }[..n];
        var fit = ChangePointModel.Fit(t, e);
        Assert.Equal(ChangePointForm.Mean, fit.Form);
        Assert.Equal(e.Average(), fit.Base, 1e-12);
        Assert.Equal(n == 1, fit.Statistics is null);
    }

    [Fact]
    public void EightPoints_StillSearchWithThreePointsASide()
    {
        double[] t = [0, 2, 4, 6, 8, 10, 12, 14];
        var e = t.Select(x => 100 + (5 * Math.Max(x - 6, 0)) + (x % 4 == 0 ? 0.3 : -0.3)).ToArray();
        var fit = ChangePointModel.Fit(t, e);
        Assert.Equal(ChangePointForm.ThreeParameterCooling, fit.Form);
        Assert.Equal(6, fit.CoolingChangePoint!.Value, 2.0);
    }

    [Theory]
    [InlineData(8760)]
    [InlineData(8761)]
    [InlineData(35040)]
    public void LongSeries_AreSearchedExhaustively(int n)
    {
        var t = Temperatures(n, 14);
        var fit = ChangePointModel.Fit(t, Energy(t, x => 50 - (2 * Math.Min(x - 12, 0)) + (3 * Math.Max(x - 21, 0)), 2, 15));
        Assert.Equal(ChangePointForm.FiveParameter, fit.Form);
        Assert.Equal(12, fit.HeatingChangePoint!.Value, 0.3);
        Assert.Equal(21, fit.CoolingChangePoint!.Value, 0.3);
        Assert.Equal(n, fit.N);
    }

    [Fact]
    public void MissingValues_AreDroppedAndCounted()
    {
        var t = Temperatures(365, 16);
        var e = Energy(t, x => 500 - (40 * Math.Min(x - 15, 0)), 20, 17);
        var clean = ChangePointModel.Fit(t.AsSpan(10), e.AsSpan(10));
        for (var i = 0; i < 10; i++)
        {
            (i % 2 == 0 ? t : e)[i] = double.NaN;
        }

        var fit = ChangePointModel.Fit(t, e);
        Assert.Equal(10, fit.RowsDropped);
        Assert.Equal(355, fit.N);
        Assert.Equal(clean.HeatingChangePoint, fit.HeatingChangePoint);
        Assert.Equal(clean.Base, fit.Base, 1e-9);
        Assert.True(double.IsNaN(fit.Predict(double.NaN)));
    }

    [Fact]
    public void IntegerWeights_EqualRepeatedPeriods()
    {
        var t = Temperatures(120, 18);
        var e = Energy(t, x => 500 - (40 * Math.Min(x - 15, 0)) + (25 * Math.Max(x - 22, 0)), 20, 19);
        var weights = t.Select((_, i) => (double)(1 + (i % 3))).ToArray();
        var repeatedT = t.SelectMany((x, i) => Enumerable.Repeat(x, 1 + (i % 3))).ToArray();
        var repeatedE = e.SelectMany((x, i) => Enumerable.Repeat(x, 1 + (i % 3))).ToArray();
        var settings = new ChangePointSettings { MinimumPointsPerSegment = 6, Forms = [ChangePointForm.FiveParameter] };

        var weighted = ChangePointModel.Fit(t, e, weights, settings);
        var repeated = ChangePointModel.Fit(repeatedT, repeatedE, default, settings);
        Assert.Equal(repeated.HeatingChangePoint, weighted.HeatingChangePoint);
        Assert.Equal(repeated.CoolingChangePoint, weighted.CoolingChangePoint);
        Assert.Equal(repeated.HeatingSlope, weighted.HeatingSlope, 1e-9);
        Assert.Equal(repeated.CoolingSlope, weighted.CoolingSlope, 1e-9);
    }

    [Fact]
    public void GridSearch_RecoversWithinTheStep()
    {
        var t = Temperatures(365, 20);
        var fit = ChangePointModel.Fit(t, Energy(t, x => 800 + (60 * Math.Max(x - 18.3, 0)), 5, 21), default, new ChangePointSettings { GridStep = 0.5 });
        Assert.Equal(ChangePointForm.ThreeParameterCooling, fit.Form);
        Assert.Equal(18.3, fit.CoolingChangePoint!.Value, 0.5);
    }

    [Theory]
    [InlineData(ChangePointForm.ThreeParameterHeating, 1)]
    [InlineData(ChangePointForm.ThreeParameterCooling, 2)]
    [InlineData(ChangePointForm.FourParameter, 3)]
    [InlineData(ChangePointForm.FiveParameter, 4)]
    public void PrefixSumSearch_FindsTheSameChangePointsAsAQrPerCandidate(ChangePointForm form, int seed)
    {
        var random = new Random(seed);
        var t = Enumerable.Range(0, 80).Select(_ => Math.Round((random.NextDouble() * 40) - 5, 1)).ToArray();
        var e = t.Select(x => 300 - (8 * Math.Min(x - 10, 0)) + (11 * Math.Max(x - 22, 0)) + (random.NextDouble() * 60)).ToArray();
        var settings = new ChangePointSettings { Forms = [form], MinimumSlopeTStatistic = 0 };
        var fit = ChangePointModel.Fit(t, e, default, settings);

        var (heating, cooling) = NaiveSearch(form, t, e, settings.MinimumPointsPerSegment ?? 4);
        Assert.Equal(form, fit.Form);
        Assert.Equal(heating, fit.HeatingChangePoint);
        Assert.Equal(cooling, fit.CoolingChangePoint);
    }

    /// <summary>The reference: every candidate (pair) refitted from scratch by Householder QR.</summary>
    internal static (double? Heating, double? Cooling) NaiveSearch(ChangePointForm form, double[] t, double[] e, int minimumPoints)
    {
        var values = t.Distinct().Order().ToArray();
        int n = t.Length;
        double best = double.PositiveInfinity;
        (double?, double?) result = (null, null);
        var x = new double[n * 3];
        var beta = new double[3];
        var workspace = new double[(n * 3) + n];
        foreach (var a in values)
        {
            foreach (var b in form == ChangePointForm.FiveParameter ? values.Where(v => v > a) : [a])
            {
                var left = t.Count(v => v <= a);
                var right = t.Count(v => v > b);
                if (left < minimumPoints || right < minimumPoints)
                {
                    continue;
                }

                var p = form is ChangePointForm.FourParameter or ChangePointForm.FiveParameter ? 3 : 2;
                for (var i = 0; i < n; i++)
                {
                    x[i] = 1;
                    var hinge = form == ChangePointForm.ThreeParameterCooling ? Math.Max(t[i] - a, 0) : Math.Min(t[i] - a, 0);
                    x[n + i] = hinge;
                    if (p == 3)
                    {
                        x[(2 * n) + i] = Math.Max(t[i] - b, 0);
                    }
                }

                try
                {
                    HouseholderQr.Solve(x, n, p, e, default, beta, workspace);
                }
                catch (SingularDesignException)
                {
                    continue;
                }

                var valid = form switch
                {
                    ChangePointForm.ThreeParameterHeating => beta[1] < 0,
                    ChangePointForm.ThreeParameterCooling => beta[1] > 0,
                    ChangePointForm.FourParameter => beta[1] < beta[2],
                    _ => beta[1] < 0 && beta[2] > 0,
                };
                var sse = 0.0;
                for (var i = 0; i < n; i++)
                {
                    var fitted = beta[0] + (beta[1] * x[n + i]) + (p == 3 ? beta[2] * x[(2 * n) + i] : 0);
                    sse += (e[i] - fitted) * (e[i] - fitted);
                }

                if (valid && sse < best * (1 - 1e-12))
                {
                    best = sse;
                    result = form switch
                    {
                        ChangePointForm.ThreeParameterHeating => (a, null),
                        ChangePointForm.ThreeParameterCooling => (null, a),
                        _ => (a, b),
                    };
                }
            }
        }

        return result;
    }

    [Fact]
    public void RandomTrueChangePoints_AreRecoveredWithinTheDataResolution()
    {
        Prop.ForAll<int, int>((a, b) =>
        {
            var heating = 2 + (Math.Abs(a) % 100 / 10.0);        // 2.0 … 11.9 °C
            var cooling = heating + 4 + (Math.Abs(b) % 100 / 10.0); // 4 … 14 °C above it
            var t = Temperatures(365, a ^ b);
            var e = Energy(t, x => 500 - (30 * Math.Min(x - heating, 0)) + (40 * Math.Max(x - cooling, 0)), 2, a);
            var fit = ChangePointModel.Fit(t, e, default, new ChangePointSettings { Forms = [ChangePointForm.FiveParameter] });

            // Data resolution: the largest gap between observed temperatures near the true change point, plus the noise's share.
            return fit.Form == ChangePointForm.FiveParameter
                && Math.Abs(fit.HeatingChangePoint!.Value - heating) <= 0.5
                && Math.Abs(fit.CoolingChangePoint!.Value - cooling) <= 0.5;
        }).Check(Properties.Fixed());
    }

    [Fact]
    public void ShiftingTheDriver_ShiftsTheChangePointsAndNothingElse()
    {
        var t = Temperatures(365, 22);
        var e = Energy(t, x => 600 - (30 * Math.Min(x - 10, 0)) + (50 * Math.Max(x - 20, 0)), 15, 23);
        var fit = ChangePointModel.Fit(t, e);
        var shifted = ChangePointModel.Fit(t.Select(x => x + 100).ToArray(), e);
        Assert.Equal(fit.Form, shifted.Form);
        Assert.Equal(fit.HeatingChangePoint!.Value + 100, shifted.HeatingChangePoint!.Value, 1e-9);
        Assert.Equal(fit.HeatingSlope, shifted.HeatingSlope, 1e-7);
        Assert.Equal(fit.Statistics!.CvRmse, shifted.Statistics!.CvRmse, 1e-7);
    }
}
