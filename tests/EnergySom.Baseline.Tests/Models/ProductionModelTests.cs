using EnergySom.Baseline.Models;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace EnergySom.Baseline.Tests.Models;

public class ProductionModelTests
{
    private const double Base = 2000, PerTonA = 35, PerTonB = 12, PerHdd = 90, PerCdd = 140, Weekend = -600, Holiday = -1100;

    /// <summary>A factory year: two products, an unrelated driver, heating below 15 °C and cooling above 24 °C, weekends and holidays.</summary>
    private static (double[] Energy, ProductionConditions Conditions) Factory(int days, int seed, double noise, double scale = 1)
    {
        var random = new Random(seed);
        var energy = new double[days];
        var temperature = new double[days];
        var a = new double[days];
        var b = new double[days];
        var unrelated = new double[days];
        var dayTypes = new ProductionDayType[days];
        for (var d = 0; d < days; d++)
        {
            temperature[d] = 15 - (13 * Math.Cos(2 * Math.PI * d / 365.0)) + (6 * (random.NextDouble() - 0.5));
            dayTypes[d] = d % 60 == 30 ? ProductionDayType.Holiday : d % 7 >= 5 ? ProductionDayType.Weekend : ProductionDayType.Working;
            var working = dayTypes[d] == ProductionDayType.Working;
            a[d] = working ? 40 + (30 * random.NextDouble()) : 5 * random.NextDouble();
            b[d] = working ? 100 + (80 * random.NextDouble()) : 0;
            unrelated[d] = random.NextDouble() * 10;
            energy[d] = scale * (Base + (PerTonA * a[d]) + (PerTonB * b[d]) + (PerHdd * Math.Max(15 - temperature[d], 0)) + (PerCdd * Math.Max(temperature[d] - 24, 0))
                + (dayTypes[d] == ProductionDayType.Weekend ? Weekend : 0) + (dayTypes[d] == ProductionDayType.Holiday ? Holiday : 0))
                + (noise * 2 * (random.NextDouble() - 0.5));
        }

        return (energy, new ProductionConditions(days,
            [
                new ProductionVariable("product_a", ProductionVariableKind.Production, a, "t"),
                new ProductionVariable("product_b", ProductionVariableKind.Production, b, "t"),
                new ProductionVariable("unrelated", ProductionVariableKind.Other, unrelated),
            ],
            temperature,
            dayTypes));
    }

    [Fact]
    public void Factory_RecoversCoefficientsBalancePointsAndDropsTheUnrelatedDriver()
    {
        var (energy, conditions) = Factory(365, 1, noise: 150);
        var fit = ProductionModel.Fit(energy, conditions);

        var terms = fit.Terms.ToDictionary(t => t.Name);
        Assert.Equal(15, fit.HeatingBalancePoint);
        Assert.Equal(24, fit.CoolingBalancePoint);
        Assert.Equal(PerTonA, terms["product_a"].Coefficient, 3 * terms["product_a"].StandardError);
        Assert.Equal(PerTonB, terms["product_b"].Coefficient, 3 * terms["product_b"].StandardError);
        Assert.Equal(PerHdd, terms["hdd"].Coefficient, 3 * terms["hdd"].StandardError);
        Assert.Equal(PerCdd, terms["cdd"].Coefficient, 3 * terms["cdd"].StandardError);
        Assert.Equal(Weekend, terms["weekend"].Coefficient, 3 * terms["weekend"].StandardError);
        Assert.Equal(Holiday, terms["holiday"].Coefficient, 3 * terms["holiday"].StandardError);

        // The unrelated driver is kept only when chance makes it look significant, and its decision says so.
        var unrelated = Assert.Single(fit.Decisions, d => d.Name == "unrelated");
        Assert.Equal(unrelated.Kept, unrelated.PValue < 0.2);
        Assert.All(fit.Decisions.Where(d => d.Name != "unrelated"), d => Assert.True(d.Kept, d.Name));

        Assert.True(fit.MeetsEnPiLiteCriteria, string.Join("; ", fit.CriteriaFailures));
        Assert.True(fit.Statistics.RSquared > 0.95);

        // Two searched balance points count as parameters for Guideline 14 (coefficients + 2).
        Assert.Equal(fit.Terms.Count + 2, fit.Statistics.P);
        Assert.True(fit.BalancePointCandidates > 200, $"{fit.BalancePointCandidates} balance-point combinations");
    }

    [Fact]
    public void UnrelatedDriver_IsDroppedByEliminationAsOftenAsItsTestSays()
    {
        // A driver unrelated to energy has p ≥ 0.2 with probability 0.8: over 30 factories it must be dropped most of
        // the time (fewer than 17 drops has probability below 1e-4), always at a p-value the decision states.
        var drops = 0;
        for (var seed = 100; seed < 130; seed++)
        {
            var (energy, conditions) = Factory(365, seed, noise: 150);
            var fit = ProductionModel.Fit(energy, conditions, new ProductionSettings { HeatingBalancePoints = [15], CoolingBalancePoints = [24] });
            var decision = Assert.Single(fit.Decisions, d => d.Name == "unrelated");
            if (!decision.Kept)
            {
                drops++;
                Assert.True(decision.PValue >= 0.2);
                Assert.Equal(1, decision.Step);
                Assert.Contains("dropped at step 1: p = ", decision.Reason);
            }
        }

        Assert.InRange(drops, 17, 30);
    }

    [Fact]
    public void Terms_MatchAnIndependentOracle()
    {
        var (energy, conditions) = Factory(200, 2, noise: 300);
        var fit = ProductionModel.Fit(energy, conditions, new ProductionSettings { HeatingBalancePoints = [15], CoolingBalancePoints = [24] });

        // The same design by MathNet: coefficients, standard errors, p-values from its Student t, and the F test.
        var names = fit.Terms.Select(t => t.Name).ToArray();
        var n = conditions.Periods;
        var x = Matrix<double>.Build.Dense(n, names.Length, (i, j) => names[j] switch
        {
            "intercept" => 1,
            "hdd" => Math.Max(15 - conditions.MeanTemperature![i], 0),
            "cdd" => Math.Max(conditions.MeanTemperature![i] - 24, 0),
            "weekend" => conditions.DayTypes![i] == ProductionDayType.Weekend ? 1 : 0,
            "holiday" => conditions.DayTypes![i] == ProductionDayType.Holiday ? 1 : 0,
            var name => conditions.Variables.Single(v => v.Name == name).Values[i],
        });
        var y = Vector<double>.Build.DenseOfArray(energy);
        var beta = x.QR().Solve(y);
        var residual = y - (x * beta);
        var dof = n - names.Length;
        var sigma2 = residual.DotProduct(residual) / dof;
        var covariance = (x.TransposeThisAndMultiply(x)).Inverse() * sigma2;
        for (var j = 0; j < names.Length; j++)
        {
            var se = Math.Sqrt(covariance[j, j]);
            var p = 2 * (1 - StudentT.CDF(0, 1, dof, Math.Abs(beta[j] / se)));
            Assert.Equal(beta[j], fit.Terms[j].Coefficient, Math.Abs(beta[j]) * 1e-9);
            Assert.Equal(se, fit.Terms[j].StandardError, se * 1e-8);
            Assert.Equal(p, fit.Terms[j].PValue, Math.Max(1e-12, p * 1e-7));
        }

        var sst = energy.Sum(e => (e - energy.Average()) * (e - energy.Average()));
        var f = (sst - residual.DotProduct(residual)) / (names.Length - 1) / sigma2;
        Assert.Equal(f, fit.FStatistic, f * 1e-9);
        Assert.Equal(1 - FisherSnedecor.CDF(names.Length - 1, dof, f), fit.ModelPValue, 1e-12);
    }

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(1.2, 5)]
    [InlineData(2.5, 8)]
    [InlineData(4.0, 30)]
    public void PValues_OfWeakDrivers_MatchMathNetStudentT(double slope, int seed)
    {
        var random = new Random(seed);
        var n = 25;
        var driver = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 10).ToArray();
        var energy = driver.Select(d => 100 + (slope * d) + (20 * (random.NextDouble() - 0.5))).ToArray();
        var fit = ProductionModel.Fit(energy, new ProductionConditions(n, [new ProductionVariable("d", ProductionVariableKind.Other, driver)]),
            new ProductionSettings { RemovalPValue = 1 });
        var term = fit.Terms[1];
        var expected = 2 * StudentT.CDF(0, 1, n - 2, -Math.Abs(term.TStatistic));
        Assert.Equal(expected, term.PValue, Math.Max(1e-14, expected * 1e-9));
    }

    [Fact]
    public void NormalisedSavings_UnderPlannedOutputAndTypicalWeather()
    {
        var (baselineEnergy, baseline) = Factory(365, 4, noise: 150);
        var (reportingEnergy, reporting) = Factory(365, 5, noise: 150, scale: 0.9);
        var settings = new ProductionSettings { HeatingBalancePoints = [15], CoolingBalancePoints = [24], ForcedVariables = ["unrelated"] };
        var baselineFit = ProductionModel.Fit(baselineEnergy, baseline, settings);
        var reportingFit = ProductionModel.Fit(reportingEnergy, reporting, settings);

        // Normal conditions: a typical year (seed 6) with a planned output 20 % above the baseline's.
        var (_, typical) = Factory(365, 6, noise: 0);
        var planned = typical with
        {
            Variables = [.. typical.Variables.Select(v => v.Kind == ProductionVariableKind.Production ? v with { Values = [.. v.Values.Select(x => x * 1.2)] } : v)],
        };
        var savings = ProductionModel.NormalisedSavings(baselineFit, reportingFit, planned);

        var truthBaseline = 0.0;
        for (var d = 0; d < planned.Periods; d++)
        {
            var t = planned.MeanTemperature![d];
            truthBaseline += Base + (PerTonA * planned.Variables[0].Values[d]) + (PerTonB * planned.Variables[1].Values[d])
                + (PerHdd * Math.Max(15 - t, 0)) + (PerCdd * Math.Max(t - 24, 0))
                + (planned.DayTypes![d] == ProductionDayType.Weekend ? Weekend : 0) + (planned.DayTypes[d] == ProductionDayType.Holiday ? Holiday : 0);
        }

        Assert.Equal(truthBaseline, savings.Baseline.Total, 3 * savings.Baseline.StandardError);
        Assert.Equal(0.1 * truthBaseline, savings.Savings, 3 * savings.StandardError);
        Assert.Equal(0.1, savings.Fraction, 0.01);
        Assert.True(savings.HalfWidth(0.95) > savings.HalfWidth(0.90) && savings.HalfWidth(0.90) > savings.HalfWidth(0.68));
        Assert.Equal(1.96 * savings.StandardError, savings.HalfWidth(0.95), 0.02 * savings.StandardError);

        // The total's standard error is σ·√(sᵀ(XᵀX)⁻¹s), checked against MathNet on the same design.
        var names = baselineFit.Terms.Select(t => t.Name).ToArray();
        Matrix<double> Design(ProductionConditions c) => Matrix<double>.Build.Dense(c.Periods, names.Length, (i, j) => names[j] switch
        {
            "intercept" => 1,
            "hdd" => Math.Max(15 - c.MeanTemperature![i], 0),
            "cdd" => Math.Max(c.MeanTemperature![i] - 24, 0),
            "weekend" => c.DayTypes![i] == ProductionDayType.Weekend ? 1 : 0,
            "holiday" => c.DayTypes![i] == ProductionDayType.Holiday ? 1 : 0,
            var name => c.Variables.Single(v => v.Name == name).Values[i],
        });
        var x = Design(baseline);
        var s = Design(planned).ColumnSums();
        var sigma2 = Math.Pow(baselineFit.Statistics.Rmse, 2) * (baselineFit.N - baselineFit.Statistics.P) / baselineFit.DegreesOfFreedom;
        var expectedSe = Math.Sqrt(sigma2 * s.DotProduct(x.TransposeThisAndMultiply(x).Inverse() * s));
        Assert.Equal(expectedSe, savings.Baseline.StandardError, expectedSe * 1e-8);
    }

    [Fact]
    public void ConstantDriver_NeverEntersAndSaysWhy()
    {
        var (energy, conditions) = Factory(120, 7, noise: 100);
        var withShifts = conditions with { Variables = [.. conditions.Variables, new ProductionVariable("shifts", ProductionVariableKind.Shifts, [.. Enumerable.Repeat(2.0, 120)])] };
        var fit = ProductionModel.Fit(energy, withShifts);
        var shifts = Assert.Single(fit.Decisions, d => d.Name == "shifts");
        Assert.False(shifts.Kept);
        Assert.Contains("does not vary in the baseline (all 120 values are 2)", shifts.Reason);
    }

    [Fact]
    public void CollinearDrivers_AreRefusedNamingTheColumn()
    {
        var (energy, conditions) = Factory(120, 8, noise: 100);
        var twice = conditions.Variables[0].Values.Select(v => 2 * v).ToArray();
        var collinear = conditions with { Variables = [.. conditions.Variables, new ProductionVariable("product_a_kg", ProductionVariableKind.Production, twice)] };
        var error = Assert.Throws<ArgumentException>(() => ProductionModel.Fit(energy, collinear));
        Assert.Contains("product_a_kg", error.Message);
        Assert.Contains("collinear", error.Message);
    }

    [Fact]
    public void MissingValues_AreDroppedAndCounted()
    {
        var (energy, conditions) = Factory(200, 9, noise: 100);
        energy[3] = double.NaN;
        ((double[])conditions.Variables[1].Values)[7] = double.NaN;
        ((double[])conditions.MeanTemperature!)[11] = double.NaN;
        var fit = ProductionModel.Fit(energy, conditions);
        Assert.Equal(3, fit.RowsDropped);
        Assert.Equal(197, fit.N);

        var predicted = new double[200];
        fit.Predict(conditions, predicted);
        Assert.True(double.IsNaN(predicted[7]) && double.IsNaN(predicted[11]));
        Assert.False(double.IsNaN(predicted[3]));
        Assert.Throws<ArgumentException>(() => fit.PredictTotal(conditions));
    }

    [Fact]
    public void NoSignal_FailsTheEnPiLiteCriteriaAndListsWhy()
    {
        var random = new Random(10);
        var n = 60;
        var driver = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var energy = Enumerable.Range(0, n).Select(_ => 100 + random.NextDouble()).ToArray();
        var fit = ProductionModel.Fit(energy, new ProductionConditions(n, [new ProductionVariable("d", ProductionVariableKind.Production, driver)]));
        Assert.False(fit.MeetsEnPiLiteCriteria);
        Assert.Contains(fit.CriteriaFailures, f => f.StartsWith("no variable has p < 0.1", StringComparison.Ordinal));
        Assert.Contains(fit.CriteriaFailures, f => f.StartsWith("R² = ", StringComparison.Ordinal));
        Assert.Single(fit.Terms);
    }

    [Fact]
    public void BadInput_IsRefusedNamingTheField()
    {
        var (energy, conditions) = Factory(30, 11, noise: 100);
        Assert.Contains("energy values for 30 periods", Assert.Throws<ArgumentException>(() => ProductionModel.Fit(energy.AsSpan(1), conditions)).Message);
        var shortVariable = conditions with { Variables = [new ProductionVariable("x", ProductionVariableKind.Other, [1.0])] };
        Assert.Contains("variable 'x' has 1 values for 30 periods", Assert.Throws<ArgumentException>(() => ProductionModel.Fit(energy, shortVariable)).Message);
        var reserved = conditions with { Variables = [new ProductionVariable("hdd", ProductionVariableKind.Other, energy)] };
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => ProductionModel.Fit(energy, reserved)).Message);
        Assert.Contains("nothing to fit", Assert.Throws<ArgumentException>(() => ProductionModel.Fit([], new ProductionConditions(0, []))).Message);

        var fit = ProductionModel.Fit(energy, conditions);
        var withoutA = conditions with { Variables = [.. conditions.Variables.Skip(1)] };
        Assert.Contains("variable 'product_a'", Assert.Throws<ArgumentException>(() => fit.PredictTotal(withoutA)).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void ShortBaselines_FitWhatTheyCanSupport(int n)
    {
        var (energy, conditions) = Factory(n, 12, noise: 50);
        var only = new ProductionConditions(n, [conditions.Variables[0]]);
        if (n <= 2)
        {
            Assert.Contains("cannot support", Assert.Throws<ArgumentException>(() => ProductionModel.Fit(energy, only)).Message);
            return;
        }

        var fit = ProductionModel.Fit(energy, only);
        Assert.Equal(n, fit.N);
        Assert.True(fit.Terms.Count <= 2);
    }

    [Fact]
    public void LongBaseline_8761Periods_Fits()
    {
        var (energy, conditions) = Factory(8761, 13, noise: 150);
        var fit = ProductionModel.Fit(energy, conditions, new ProductionSettings { HeatingBalancePoints = [13, 14, 15, 16, 17], CoolingBalancePoints = [22, 23, 24, 25, 26] });
        Assert.Equal(15, fit.HeatingBalancePoint);
        Assert.Equal(24, fit.CoolingBalancePoint);
        Assert.Equal(PerTonA, fit.Terms.Single(t => t.Name == "product_a").Coefficient, 0.5);
    }
}
