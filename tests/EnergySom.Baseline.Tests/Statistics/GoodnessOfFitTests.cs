using EnergySom.Baseline.LeastSquares;
using EnergySom.Baseline.Statistics;
using MathNet.Numerics.LinearAlgebra;

namespace EnergySom.Baseline.Tests.Statistics;

public class GoodnessOfFitTests
{
    [Fact]
    public void HandExample_BothConventions()
    {
        // y = 10, 12, 14, 16; ŷ = 11, 11, 15, 15: residuals −1, 1, −1, 1, SSE 4, ȳ 13; p = 2, c = 1.
        var s = GoodnessOfFit.Compute([10, 12, 14, 16], [11, 11, 15, 15], default, 2, 1);

        Assert.Equal(4, s.N);
        Assert.Equal(0.8, s.RSquared, 12);
        Assert.Equal(1 - (0.2 * 3 / 2), s.AdjustedRSquared, 12);
        Assert.Equal(Math.Sqrt(2), s.Rmse, 12);
        Assert.Equal(Math.Sqrt(2) / 13, s.CvRmse, 12);
        Assert.Equal(Math.Sqrt(4.0 / 3) / 13, s.CvRmseCalTrack, 12);
        Assert.Equal(0, s.Nmbe, 12);
        Assert.Equal(5, s.ObservedVariance, 12);                     // (9 + 1 + 1 + 9) / 4
        Assert.Contains("Guideline 14", s.Convention, StringComparison.Ordinal);
        Assert.True(s.Guideline14!.Meets);                           // CV(RMSE) 10.9 % ≤ 20 %, NMBE 0
    }

    [Fact]
    public void Nmbe_IsMeasuredMinusPredicted_OverNMinusP()
    {
        var s = GoodnessOfFit.Compute([10, 10, 10], [9, 9, 9], default, 1, 0);
        Assert.Equal(3 / (2.0 * 10), s.Nmbe, 12);
        Assert.Equal(3 / (3.0 * 10), s.NmbeCalTrack, 12);
    }

    [Fact]
    public void Guideline14_Assessment_NamesTheFailure()
    {
        var s = GoodnessOfFit.Compute([10, 20, 10, 20, 10, 20], [15, 15, 15, 15, 15, 15], default, 1, 0);
        Assert.False(s.Guideline14!.Meets);
        Assert.Contains(s.Guideline14.Failures, f => f.StartsWith("CV(RMSE)", StringComparison.Ordinal));
        Assert.Equal(0.20, s.Guideline14.CvRmseLimit);
    }

    [Theory]
    [InlineData(0, 0.20)]
    [InlineData(11, 0.20)]
    [InlineData(12, 0.25)]
    [InlineData(60, 0.25)]
    [InlineData(61, 0.30)]
    public void Guideline14Limits_FollowThePostRetrofitDataLength(int months, double limit) =>
        Assert.Equal(limit, Guideline14Criteria.ForReportingMonths(months).CvRmseLimit);

    [Fact]
    public void MissingRows_AreSkipped_ResidualOrderKept()
    {
        var s = GoodnessOfFit.Compute([10, double.NaN, 12, 14, 9], [10, 5, 12.5, double.NaN, 8], default, 1, 0);
        Assert.Equal(3, s.N);
    }

    [Fact]
    public void WeightedRSquared_IsCentredOnTheWeightedMean_AsStatsmodels()
    {
        var random = new Random(5);
        const int N = 40;
        var x = new double[2 * N];
        var y = new double[N];
        var w = new double[N];
        for (var i = 0; i < N; i++)
        {
            x[i] = 1;
            x[N + i] = random.NextDouble() * 30;
            y[i] = 3 + (0.5 * x[N + i]) + (random.NextDouble() * 4);
            w[i] = 1 + random.Next(30);
        }

        var fit = LinearFit.Fit(x, N, ["intercept", "slope"], y, w);
        var s = GoodnessOfFit.Compute(y, [.. fit.Fitted], w, 2, 1);

        var meanW = y.Zip(w, (a, b) => a * b).Sum() / w.Sum();
        var sst = Enumerable.Range(0, N).Sum(i => w[i] * (y[i] - meanW) * (y[i] - meanW));
        var sse = Enumerable.Range(0, N).Sum(i => w[i] * (y[i] - fit.Fitted[i]) * (y[i] - fit.Fitted[i]));
        Assert.Equal(1 - (sse / sst), s.RSquared, 12);
        Assert.True(s.Weighted);
        Assert.Equal(fit.WeightedSumSquaredErrors, sse, 9);
    }

    [Fact]
    public void FStatistic_AndItsPValue_MatchTheAnovaOfNorris()
    {
        // NIST Norris certified ANOVA: F = 5436385.54079785 with (1, 34) degrees of freedom.
        double[] x = [0.2, 337.4, 118.2, 884.6, 10.1, 226.5, 666.3, 996.3, 448.6, 777.0, 558.2, 0.4, 0.6, 775.5, 666.9, 338.0, 447.5, 11.6, 556.0, 228.1, 995.8, 887.6, 120.2, 0.3, 0.3, 556.8, 339.1, 887.2, 999.0, 779.0, 11.1, 118.3, 229.2, 669.1, 448.9, 0.5];
        double[] y = [0.1, 338.8, 118.1, 888.0, 9.2, 228.1, 668.5, 998.5, 449.1, 778.9, 559.2, 0.3, 0.1, 778.1, 668.8, 339.3, 448.9, 10.8, 557.7, 228.3, 998.0, 888.8, 119.6, 0.3, 0.6, 557.6, 339.3, 888.0, 998.5, 778.9, 10.2, 117.6, 228.9, 668.4, 449.2, 0.2];
        var design = Enumerable.Repeat(1.0, 36).Concat(x).ToArray();
        var fit = LinearFit.Fit(design, 36, ["b0", "b1"], y);
        var s = GoodnessOfFit.Compute(y, [.. fit.Fitted], default, 2, 1);
        Assert.Equal(5436385.54079785, s.FStatistic, 5436385.54079785 * 1e-9);
        Assert.True(s.FPValue < 1e-60);
    }

    [Fact]
    public void Lag1Autocorrelation_IsThePearsonCorrelationOfConsecutiveResiduals()
    {
        var random = new Random(11);
        var r = new double[200];
        for (var i = 1; i < r.Length; i++)
        {
            r[i] = (0.6 * r[i - 1]) + random.NextDouble() - 0.5 + 1e6;   // a large common offset must not hurt
            r[i] -= 1e6;
        }

        var expected = MathNet.Numerics.Statistics.Correlation.Pearson(r[..^1], r[1..]);
        Assert.Equal(expected, ResidualAutocorrelation.Lag1(r), 12);
        Assert.Equal(200 * (1 - expected) / (1 + expected), ResidualAutocorrelation.EffectiveSampleSize(200, expected), 9);
    }

    [Fact]
    public void Lag1Autocorrelation_SkipsMissingRows_AsADroppedFrameWould()
    {
        double[] withGaps = [1, double.NaN, 3, 2, double.NaN, 5, 4];
        double[] compact = [1, 3, 2, 5, 4];
        Assert.Equal(ResidualAutocorrelation.Lag1(compact), ResidualAutocorrelation.Lag1(withGaps), 15);
        Assert.True(double.IsNaN(ResidualAutocorrelation.Lag1([1, 2])));
        Assert.True(double.IsNaN(ResidualAutocorrelation.EffectiveSampleSize(10, 1)));
    }

    [Fact]
    public void LinearFit_CovarianceAndLeverage_MatchMathNet()
    {
        var random = new Random(21);
        const int N = 50;
        const int P = 4;
        var x = new double[N * P];
        var dense = Matrix<double>.Build.Dense(N, P);
        var y = new double[N];
        for (var i = 0; i < N; i++)
        {
            for (var j = 0; j < P; j++)
            {
                var v = j == 0 ? 1 : random.NextDouble() * 10;
                x[(j * N) + i] = v;
                dense[i, j] = v;
            }

            y[i] = random.NextDouble() * 20;
        }

        var fit = LinearFit.Fit(x, N, ["a", "b", "c", "d"], y);
        var inverse = dense.TransposeThisAndMultiply(dense).Inverse();
        for (var i = 0; i < P; i++)
        {
            for (var j = 0; j < P; j++)
            {
                Assert.Equal(inverse[i, j], fit.InverseGramMatrix[(i * P) + j], Math.Abs(inverse[i, j]) * 1e-9 + 1e-15);
            }
        }

        double[] row = [1, 2, 3, 4];
        var v0 = Vector<double>.Build.DenseOfArray(row);
        Assert.Equal(v0 * inverse * v0, fit.Leverage(row), 1e-12);

        var estimates = fit.Estimates();
        var sigma2 = fit.ResidualVariance;
        for (var j = 0; j < P; j++)
        {
            Assert.Equal(Math.Sqrt(sigma2 * inverse[j, j]), estimates[j].StandardError, 1e-10);
            var t = estimates[j].TStatistic;
            Assert.Equal(2 * (1 - MathNet.Numerics.Distributions.StudentT.CDF(0, 1, N - P, Math.Abs(t))), estimates[j].PValue, 1e-9);
        }
    }

    [Fact]
    public void PredictionVariance_OfASum_MatchesTheMatrixFormula()
    {
        var random = new Random(3);
        const int N = 30;
        var x = new double[2 * N];
        var y = new double[N];
        for (var i = 0; i < N; i++)
        {
            x[i] = 1;
            x[N + i] = i;
            y[i] = 2 + (0.3 * i) + random.NextDouble();
        }

        var fit = LinearFit.Fit(x, N, ["intercept", "slope"], y);
        var variance = new PredictionVariance(fit);
        variance.Add([1, 40], 1);
        variance.Add([1, 41], 1);
        var s = Vector<double>.Build.DenseOfArray([2, 81]);
        var dense = Matrix<double>.Build.Dense(N, 2, (i, j) => x[(j * N) + i]);
        var expected = fit.ResidualVariance * (2 + (s * dense.TransposeThisAndMultiply(dense).Inverse() * s));
        Assert.Equal(expected, variance.Total, expected * 1e-10);
    }
}
