using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Tests.Statistics;

public class FitStatisticsTests
{
    [Fact]
    public void HandComputedExample_UsesGuideline14DegreesOfFreedom()
    {
        // y = 10, 12, 14, 16; ŷ = 11, 11, 15, 15; residuals −1, 1, −1, 1; ȳ = 13; p = 2.
        var s = FitStatistics.Compute([10, 12, 14, 16], [11, 11, 15, 15], parameters: 2);

        Assert.Equal(4, s.N);
        Assert.Equal(4, s.SumSquaredErrors, 12);
        Assert.Equal(1 - (4.0 / 20.0), s.RSquared, 12);              // SST = 9+1+1+9 = 20
        Assert.Equal(1 - (0.2 * 3 / 2), s.AdjustedRSquared, 12);
        Assert.Equal(Math.Sqrt(2), s.Rmse, 12);                       // √(4/(4−2))
        Assert.Equal(100 * Math.Sqrt(2) / 13, s.CvRmse, 12);
        Assert.Equal(0, s.Nmbe, 12);
        Assert.Contains("Guideline 14", s.Convention, StringComparison.Ordinal);
    }

    [Fact]
    public void Nmbe_IsMeasuredMinusPredicted()
    {
        var s = FitStatistics.Compute([10, 10, 10], [9, 9, 9], parameters: 1);
        Assert.Equal(100 * 3 / (2.0 * 10), s.Nmbe, 12);
    }

    [Fact]
    public void MissingRows_AreSkipped()
    {
        var s = FitStatistics.Compute([10, double.NaN, 12, 14], [10, 5, 12, double.NaN], parameters: 1);
        Assert.Equal(2, s.N);
    }

    [Fact]
    public void TooFewObservations_Throws()
    {
        Assert.Throws<ArgumentException>(() => FitStatistics.Compute([1, 2], [1, 2], parameters: 2));
    }
}
