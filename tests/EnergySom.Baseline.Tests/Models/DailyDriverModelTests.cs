using EnergySom.Baseline.Models;

namespace EnergySom.Baseline.Tests.Models;

public class DailyDriverModelTests
{
    private static DailyDriverData Synthetic(int days, int seed, double noise, out Func<double, double, bool, double> truth)
    {
        var random = new Random(seed);
        var energy = new double[days];
        var temperature = new double[days];
        var production = new double[days];
        var working = new bool[days];
        truth = (t, p, w) => 1000 + (40 * Math.Max(14 - t, 0)) + (70 * Math.Max(t - 22, 0)) + (12 * p) + (w ? 300 : 0);
        for (var d = 0; d < days; d++)
        {
            temperature[d] = 16 - (12 * Math.Cos(2 * Math.PI * d / 365)) + (random.NextDouble() * 4) - 2;
            working[d] = d % 7 < 5;
            production[d] = working[d] ? 100 + (random.NextDouble() * 40) : 0;
            energy[d] = truth(temperature[d], production[d], working[d]) * (1 + (noise * ((random.NextDouble() * 2) - 1)));
        }

        return new DailyDriverData(energy, temperature, production, working);
    }

    [Fact]
    public void NoiselessData_RecoversBalancePointsAndCoefficients()
    {
        var data = Synthetic(365, 1, noise: 0, out _);
        var fit = DailyDriverModel.Fit(data);

        Assert.Equal(14, fit.HeatingBalancePoint);
        Assert.Equal(22, fit.CoolingBalancePoint);
        var terms = fit.Terms.ToDictionary(t => t.Name, t => t.Coefficient);
        Assert.Equal(1000, terms["intercept"], 6);
        Assert.Equal(40, terms["hdd"], 6);
        Assert.Equal(70, terms["cdd"], 6);
        Assert.Equal(12, terms["production"], 6);
        Assert.Equal(300, terms["working_day"], 6);
        Assert.Equal(1, fit.Statistics.RSquared, 9);
    }

    [Fact]
    public void NoisyData_PredictsWithinTheNoise()
    {
        var data = Synthetic(365, 2, noise: 0.03, out var truth);
        var fit = DailyDriverModel.Fit(data);

        Assert.InRange(fit.Statistics.CvRmse, 0.5, 3);
        Assert.InRange(fit.Predict(5, 120, true) / truth(5, 120, true), 0.98, 1.02);
        Assert.InRange(fit.Predict(30, 0, false) / truth(30, 0, false), 0.97, 1.03);
    }

    [Fact]
    public void MissingDays_AreLeftOut()
    {
        var data = Synthetic(365, 3, noise: 0.01, out _);
        for (var d = 0; d < 365; d += 10)
        {
            data.Energy[d] = double.NaN;
        }

        var fit = DailyDriverModel.Fit(data);
        Assert.Equal(365 - 37, fit.Statistics.N);
    }

    [Fact]
    public void GasSettings_FitNoCooling()
    {
        var data = Synthetic(365, 4, noise: 0.01, out _);
        var fit = DailyDriverModel.Fit(data, new DailyDriverSettings { FitCooling = false });
        Assert.Null(fit.CoolingBalancePoint);
        Assert.DoesNotContain(fit.Terms, t => t.Name == "cdd");
    }
}
