using System.Text.Json.Nodes;
using EnergySom.Baseline.Data;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Statistics;
using NodaTime;

namespace EnergySom.Baseline.Tests.Results;

public class ResultJsonTests
{
    internal static BaselineResult Sample() => new()
    {
        ModelKind = ModelKinds.CalTrackDaily,
        ModelType = "cdd_hdd",
        AlgorithmVersion = "caltrack-daily/1",
        BaselinePeriod = new ResultPeriod(Instant.FromUtc(2015, 12, 27, 0, 0), Instant.FromUtc(2016, 12, 26, 0, 0)),
        Coefficients =
        [
            new CoefficientEstimate("intercept", 5.5, 0.2, 27.5, 1e-80),
            new CoefficientEstimate("beta_hdd", 0.4, 0.01, 40, 1e-120),
            new CoefficientEstimate("beta_cdd", 1.2, 0.05, 24, double.NaN),
        ],
        BalancePoints = new BalancePoints(60, 65, TemperatureUnit.Fahrenheit),
        Statistics = new ModelStatistics
        {
            N = 365, ParameterCount = 3, ExplanatoryCount = 2, RSquared = 0.9, AdjustedRSquared = 0.89, Rmse = 2, CvRmse = 0.1,
            Nmbe = 1e-16, CvRmseCalTrack = 0.099, NmbeCalTrack = 1e-16, MeanObserved = 20, ObservedVariance = 30, SumSquaredErrors = 1448,
            ResidualAutocorrelation = 0.3, EffectiveN = 196.5, Convention = "test",
            Guideline14 = new Guideline14Assessment(true, 0.2, 0.005, "test", []),
        },
        Warnings = [new BaselineWarning("caltrack.sufficiency.x", "why", new JsonObject { ["n_days_total"] = 364, ["num_days"] = 365 }, Critical: true)],
        Settings = new JsonObject { ["fit_cdd"] = true },
        Deviations = ["billing_full_period_temperature"],
    };

    [Fact]
    public void RoundTrip_KeepsEveryField()
    {
        var json = ResultJson.Serialize(Sample());
        var back = ResultJson.DeserializeBaselineResult(json);

        Assert.Contains("\"schema_version\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"model_type\": \"cdd_hdd\"", json, StringComparison.Ordinal);
        Assert.Contains("\"2015-12-27T00:00:00Z\"", json, StringComparison.Ordinal);
        Assert.Equal("cdd_hdd", back.ModelType);
        Assert.Equal(1.2, back.Coefficient("beta_cdd"));
        Assert.True(double.IsNaN(back.Coefficients[2].PValue));
        Assert.Equal(60, back.BalancePoints!.Heating);
        Assert.Equal(TemperatureUnit.Fahrenheit, back.BalancePoints.Unit);
        Assert.Equal(364, back.Warnings[0].Number("n_days_total"));
        Assert.True(back.Warnings[0].Critical);
        Assert.True(back.Settings["fit_cdd"]!.GetValue<bool>());
        Assert.Equal(Instant.FromUtc(2016, 12, 26, 0, 0), back.BaselinePeriod!.To);
        Assert.Equal(196.5, back.Statistics.EffectiveN);
        Assert.Equal(["billing_full_period_temperature"], back.Deviations);
        Assert.Equal(json, ResultJson.Serialize(back));
    }

    [Fact]
    public void NewerSchema_IsRefusedClearly()
    {
        var node = JsonNode.Parse(ResultJson.Serialize(Sample()))!;
        node["schema_version"] = ResultJson.CurrentSchemaVersion + 1;
        var error = Assert.Throws<FormatException>(() => ResultJson.DeserializeBaselineResult(node.ToJsonString()));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingSchemaVersion_IsRefused()
    {
        var node = JsonNode.Parse(ResultJson.Serialize(Sample()))!.AsObject();
        node.Remove("schema_version");
        Assert.Throws<FormatException>(() => ResultJson.DeserializeBaselineResult(node.ToJsonString()));
    }

    [Fact]
    public void MissingRequiredField_IsRefused()
    {
        var node = JsonNode.Parse(ResultJson.Serialize(Sample()))!.AsObject();
        node.Remove("model_kind");
        var error = Assert.Throws<FormatException>(() => ResultJson.DeserializeBaselineResult(node.ToJsonString()));
        Assert.Contains("model_kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotJson_IsRefused()
    {
        Assert.Throws<FormatException>(() => ResultJson.DeserializeBaselineResult("{not json"));
        Assert.Throws<FormatException>(() => ResultJson.DeserializeBaselineResult("[1,2]"));
    }
}
