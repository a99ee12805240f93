using EnergySom.Baseline.Data;
using EnergySom.Baseline.Models;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Tests.Samples;
using MathNet.Numerics.LinearAlgebra;

namespace EnergySom.Baseline.Tests.Results;

/// <summary>The TOWT and production families make versioned records that survive JSON and carry what savings need.</summary>
public class ModelRecordTests
{
    private static HourlyTowtFit FitHourly(string id, HourlyTowtSettings? settings = null)
    {
        var sample = EemeterSamples.Get(id);
        var design = HourlyDesign.Build(EemeterSamples.Meter(id).Within(sample.Baseline), EemeterSamples.Temperature);
        return HourlyTowtModel.Fit(design.Hours, design.Usage, design.Temperature, settings);
    }

    [Fact]
    public void HourlyRecord_WithCalTrackSettings_IsCalTrackHourly_AndRoundTrips()
    {
        var fit = FitHourly("il-gas-hdd-only-hourly");
        var result = fit.ToResult();

        Assert.Equal(ModelKinds.CalTrackHourly, result.ModelKind);
        Assert.Empty(result.Deviations);
        Assert.Equal(12, result.Segments.Count);
        for (var k = 0; k < 12; k++)
        {
            Assert.Equal(168 + fit.Segments[k].TemperatureTerms.Count, result.Segments[k].Coefficients.Count);
        }
        Assert.Equal(Enumerable.Range(0, 168).Select(h => $"tow_{h}"), result.Segments[0].Coefficients.Take(168).Select(c => c.Name));
        Assert.Equal(fit.HoursUsed, result.Statistics.N);
        Assert.Equal(fit.Segments.Sum(s => s.Parameters), result.Statistics.ParameterCount);
        Assert.Equal(fit.Statistics!.CvRmse / 100, result.Statistics.CvRmse, 1e-12);

        var json = ResultJson.Serialize(result);
        Assert.Equal(json, ResultJson.Serialize(ResultJson.DeserializeBaselineResult(json)));
    }

    [Fact]
    public void HourlyRecord_WithOneSegment_IsTowt_WithTheDeviationNamed()
    {
        var result = FitHourly("il-gas-hdd-only-hourly", HourlyTowtSettings.CalTrackFahrenheit with { Segmentation = HourlyTowtSegmentation.SingleYear }).ToResult();

        Assert.Equal(ModelKinds.Towt, result.ModelKind);
        Assert.Equal(["single_year_segment"], result.Deviations);
        Assert.Single(result.Segments);
    }

    [Fact]
    public void ProductionRecord_CarriesTheInverseGram_ThatAnIndependentInverseGives()
    {
        var random = new Random(4);
        var n = 120;
        var output = Enumerable.Range(0, n).Select(_ => 50 + (100 * random.NextDouble())).ToArray();
        var energy = output.Select(x => 200 + (1.5 * x) + (10 * (random.NextDouble() - 0.5))).ToArray();
        var conditions = new ProductionConditions(n, [new ProductionVariable("output_t", ProductionVariableKind.Production, output, "t")]);
        var fit = ProductionModel.Fit(energy, conditions);
        var result = fit.ToResult();

        Assert.Equal(ModelKinds.Production, result.ModelKind);
        Assert.Equal(["intercept", "output_t"], result.Coefficients.Select(c => c.Name));
        var x = Matrix<double>.Build.Dense(n, 2, (i, j) => j == 0 ? 1 : output[i]);
        var expected = (x.TransposeThisAndMultiply(x)).Inverse();
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                Assert.Equal(expected[i, j], fit.InverseGramMatrix[(i * 2) + j], 1e-9 * Math.Abs(expected[i, j]));
            }
        }

        // The total's standard error under the same conditions: σ̂·√(sᵀ(XᵀX)⁻¹s).
        var s = Vector<double>.Build.Dense([n, output.Sum()]);
        var total = fit.PredictTotal(conditions);
        Assert.Equal(Math.Sqrt(fit.ResidualVariance * s.DotProduct(expected * s)), total.StandardError, 1e-9 * total.StandardError);

        var json = ResultJson.Serialize(result);
        Assert.Equal(json, ResultJson.Serialize(ResultJson.DeserializeBaselineResult(json)));
    }
}
