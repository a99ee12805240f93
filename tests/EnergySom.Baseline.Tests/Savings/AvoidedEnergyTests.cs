using EnergySom.Baseline.Savings;

namespace EnergySom.Baseline.Tests.Savings;

public class AvoidedEnergyTests
{
    [Fact]
    public void Avoided_IsAdjustedBaselineMinusActual_OverPeriodsWithBoth()
    {
        var result = AvoidedEnergy.Compute([100, 110, double.NaN, 90], [80, 100, 50, double.NaN]);

        Assert.Equal(30, result.Total, 12);
        Assert.Equal(2, result.PeriodsUsed);
        Assert.Equal(210, result.AdjustedBaselineTotal, 12);
        Assert.Equal(180, result.ActualTotal, 12);
        Assert.True(double.IsNaN(result.PerPeriod[2]));
    }

    [Fact]
    public void ProRataAllocation_KeepsEachDaysTotal_AndFollowsTheLoad()
    {
        double[] actual = [1, 3, 0, 0, 2, 2];
        var allocation = new double[6];
        IntervalAllocation.ProRata([8, -4, 6], actual, 2, allocation);

        Assert.Equal([2.0, 6.0, -2.0, -2.0, 3.0, 3.0], allocation);
    }
}
