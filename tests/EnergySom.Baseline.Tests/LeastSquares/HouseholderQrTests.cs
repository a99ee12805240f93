using EnergySom.Baseline.LeastSquares;
using MathNet.Numerics.LinearAlgebra;

namespace EnergySom.Baseline.Tests.LeastSquares;

public class HouseholderQrTests
{
    private static double[] Solve(double[,] design, double[] y, double[]? weights = null, double[]? inverseDiagonal = null)
    {
        int n = design.GetLength(0), p = design.GetLength(1);
        var x = new double[n * p];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < p; j++)
            {
                x[(j * n) + i] = design[i, j];
            }
        }

        var beta = new double[p];
        HouseholderQr.Solve(x, n, p, y, weights ?? default(ReadOnlySpan<double>), beta, new double[(n * p) + n], inverseDiagonal ?? default(Span<double>));
        return beta;
    }

    [Fact]
    public void ExactLine_IsRecovered()
    {
        var beta = Solve(new double[,] { { 1, 0 }, { 1, 1 }, { 1, 2 }, { 1, 3 } }, [1, 3, 5, 7]);
        Assert.Equal(1, beta[0], 12);
        Assert.Equal(2, beta[1], 12);
    }

    [Theory]
    [InlineData(1, 10, 2)]
    [InlineData(2, 50, 4)]
    [InlineData(3, 365, 5)]
    [InlineData(4, 1000, 8)]
    public void RandomProblems_MatchMathNetOracle(int seed, int n, int p)
    {
        var random = new Random(seed);
        var design = new double[n, p];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            design[i, 0] = 1;
            for (var j = 1; j < p; j++)
            {
                design[i, j] = (random.NextDouble() * 40) - 10;
            }

            y[i] = (random.NextDouble() * 100) + (3 * design[i, Math.Min(1, p - 1)]);
        }

        var beta = Solve(design, y);
        var oracle = Matrix<double>.Build.DenseOfArray(design).QR().Solve(Vector<double>.Build.DenseOfArray(y));

        for (var j = 0; j < p; j++)
        {
            Assert.Equal(oracle[j], beta[j], Math.Max(1e-9, Math.Abs(oracle[j]) * 1e-10));
        }
    }

    [Fact]
    public void Weighted_MatchesOlsOnScaledRows()
    {
        var random = new Random(7);
        const int N = 60;
        var design = new double[N, 2];
        var y = new double[N];
        var w = new double[N];
        var scaled = new double[N, 2];
        var scaledY = new double[N];
        for (var i = 0; i < N; i++)
        {
            design[i, 0] = 1;
            design[i, 1] = random.NextDouble() * 10;
            y[i] = 2 + (3 * design[i, 1]) + random.NextDouble();
            w[i] = 1 + random.Next(30);
            var s = Math.Sqrt(w[i]);
            scaled[i, 0] = s;
            scaled[i, 1] = design[i, 1] * s;
            scaledY[i] = y[i] * s;
        }

        var weighted = Solve(design, y, w);
        var oracle = Matrix<double>.Build.DenseOfArray(scaled).QR().Solve(Vector<double>.Build.DenseOfArray(scaledY));
        Assert.Equal(oracle[0], weighted[0], 10);
        Assert.Equal(oracle[1], weighted[1], 10);
    }

    [Fact]
    public void InverseDiagonal_MatchesOracle()
    {
        var design = new double[,] { { 1, 1 }, { 1, 2 }, { 1, 4 }, { 1, 7 }, { 1, 11 } };
        var inverse = new double[2];
        Solve(design, [1, 2, 3, 4, 6], inverseDiagonal: inverse);

        var x = Matrix<double>.Build.DenseOfArray(design);
        var expected = (x.TransposeThisAndMultiply(x)).Inverse().Diagonal();
        Assert.Equal(expected[0], inverse[0], 12);
        Assert.Equal(expected[1], inverse[1], 12);
    }

    [Fact]
    public void DuplicateColumn_IsSingular_AndNamed()
    {
        var x = new double[] { 1, 1, 1, 1, 2, 3, 4, 5, 2, 3, 4, 5 };
        var error = Assert.Throws<SingularDesignException>(() =>
            HouseholderQr.Solve(x, 4, 3, [1.0, 2, 3, 4], default, new double[3], new double[16], default, ["intercept", "a", "a_copy"]));
        Assert.Equal(2, error.Column);
        Assert.Contains("a_copy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroColumn_IsSingular()
    {
        var error = Assert.Throws<SingularDesignException>(() =>
            HouseholderQr.Solve([1.0, 1, 1, 0, 0, 0], 3, 2, [1.0, 2, 3], default, new double[2], new double[9]));
        Assert.Contains("all zeros", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NaNInput_IsRefused()
    {
        Assert.Throws<ArgumentException>(() =>
            HouseholderQr.Solve([1.0, 1, 1], 3, 1, [1.0, double.NaN, 3], default, new double[1], new double[6]));
    }

    [Fact]
    public void FewerRowsThanColumns_IsRefused()
    {
        Assert.Throws<ArgumentException>(() =>
            HouseholderQr.Solve([1.0, 1], 1, 2, [1.0], default, new double[2], new double[3]));
    }
}

public class HouseholderQrLengthTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8760)]
    [InlineData(8761)]
    [InlineData(35040)]
    public void AwkwardLengths_MatchMathNet(int n)
    {
        var random = new Random(n);
        var x = new double[3 * n];
        var dense = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, 3);
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var t = (random.NextDouble() * 80) + 10;
            double[] row = [1, Math.Max(55 - t, 0) + (i % 2), Math.Max(t - 65, 0) + (i % 3)];
            for (var j = 0; j < 3; j++)
            {
                x[(j * n) + i] = row[j];
                dense[i, j] = row[j];
            }

            y[i] = 10 + (0.8 * row[1]) + (1.7 * row[2]) + random.NextDouble();
        }

        var fit = EnergySom.Baseline.LeastSquares.LinearFit.Fit(x, n, ["intercept", "hdd", "cdd"], y);
        var oracle = dense.QR().Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(y));
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(oracle[j], fit.Coefficients[j], Math.Abs(oracle[j]) * 1e-9);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void TooFewRows_AreRefused(int n) =>
        Assert.Throws<ArgumentException>(() => EnergySom.Baseline.LeastSquares.LinearFit.Fit(new double[3 * n], n, ["a", "b", "c"], new double[n]));

    [Fact]
    public void DegreeDays_SpanKernels_KeepNaN_AndAveragePerDay()
    {
        var hdd = new double[3];
        EnergySom.Baseline.Models.DegreeDays.Heating([50.0, double.NaN, 70], 60, hdd);
        Assert.Equal(10, hdd[0]);
        Assert.True(double.IsNaN(hdd[1]));
        Assert.Equal(0, hdd[2]);
        Assert.Equal(5, EnergySom.Baseline.Models.DegreeDays.PerDayAverage([50.0, 70, double.NaN], 60, heating: true));
        Assert.Equal(5, EnergySom.Baseline.Models.DegreeDays.PerDayAverage([50.0, 70], 60, heating: false));
    }
}
