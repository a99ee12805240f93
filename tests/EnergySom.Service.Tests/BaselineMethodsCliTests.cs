using System.Text.Json.Nodes;
using EnergySom.Baseline.Models;
using EnergySom.Baseline.Results;
using EnergySom.Testing;

namespace EnergySom.Service.Tests;

/// <summary>
/// <c>energysom baseline fit --method caltrack-hourly|towt|change-point|production</c> on data kept in the repository:
/// the eemeter samples (tests/EnergySom.Baseline.Tests/Data/eemeter) and a synthetic factory
/// (Data/production, written by its generate.py with a fixed seed).
/// </summary>
public sealed class BaselineMethodsCliTests : IDisposable
{
    private const string SampleBaseline = "2015-12-27..2016-12-26";
    private const string SampleReport = "2017-01-04..2018-01-04";
    private static readonly string Samples = Find(Path.Combine("tests", "EnergySom.Baseline.Tests", "Data", "eemeter"));
    private static readonly string Factory = Find(Path.Combine("tests", "EnergySom.Service.Tests", "Data", "production"));
    private readonly TempDirectory _dir = new("esom-baseline-methods-");

    public void Dispose() => _dir.Dispose();

    private static string Temperature => Path.Combine(Samples, "temperature", "il-tempF.csv");

    private static string Daily(string id) => Path.Combine(Samples, "meter", id + "-daily.csv");

    private static string Hourly(string id) => Path.Combine(Samples, id + "-hourly.csv");

    private static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(relative + " not found above " + AppContext.BaseDirectory);
    }

    private static async Task<JsonNode> Json(params string[] args)
    {
        var result = await EnergysomCli.RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonNode.Parse(result.Stdout)!;
    }

    /// <summary>What every method's JSON must hold: the named fields, a result that reads back, consistent savings.</summary>
    private static BaselineResult AssertCommonShape(JsonNode json, string modelKind)
    {
        foreach (var field in new[] { "model_type", "coefficients", "r_squared_adj", "cvrmse", "nmbe", "n", "warnings", "disqualified", "baseline_total", "reporting_observed_total", "reporting_predicted_total", "avoided_energy", "fsu", "result", "savings" })
        {
            Assert.True(json[field] is not null, $"missing {field}");
        }

        var result = ResultJson.DeserializeBaselineResult(json["result"]!.ToJsonString());
        Assert.Equal(modelKind, result.ModelKind);
        var written = ResultJson.Serialize(result);
        Assert.Equal(written, ResultJson.Serialize(ResultJson.DeserializeBaselineResult(written)));
        var avoided = json["avoided_energy"]!.GetValue<double>();
        Assert.Equal(json["reporting_predicted_total"]!.GetValue<double>() - json["reporting_observed_total"]!.GetValue<double>(), avoided, 1e-9 * Math.Abs(avoided) + 1e-9);
        var levels = json["savings"]!["uncertainty"]!.AsArray().Select(u => u!["confidence"]!.GetValue<double>()).Distinct().Order().ToArray();
        Assert.Equal([0.68, 0.90, 0.95], levels);
        Assert.InRange(json["fsu"]!.GetValue<double>(), 0.001, 2.0);
        return result;
    }

    [Fact]
    public async Task ChangePoint_OnTheHeatingAndCoolingSample_FindsBothChangePoints_AndTheRecordPredictsAsTheFit()
    {
        var json = await Json("baseline", "fit", "--usage", Daily("il-electricity-cdd-hdd"), "--temperature", Temperature,
            "--method", "change-point", "--baseline", SampleBaseline, "--report", SampleReport);

        var result = AssertCommonShape(json, ModelKinds.ChangePoint);
        Assert.Contains(json["model_type"]!.GetValue<string>(), new[] { "4p", "5p" });

        // The generator's balance points are 60 °F (heating) and 65 °F (cooling) (manifest.json); the change points
        // land near them, as CalTRACK's 53/68 °F do on the same noisy year.
        Assert.InRange(json["heating_balance_point"]!.GetValue<double>(), 48, 62);
        Assert.InRange(json["cooling_balance_point"]!.GetValue<double>(), 62, 72);
        var rebuilt = ChangePointFit.FromResult(result);
        Assert.Equal(ChangePointForms.Code(rebuilt.Form), json["model_type"]!.GetValue<string>());
        var perDay = json["savings"]!["periods"]![0]!["adjusted_baseline"]!.GetValue<double>();
        Assert.True(double.IsFinite(perDay) && perDay > 0);
        Assert.Equal(json["baseline_total"]!.GetValue<double>(), json["baseline_predicted_total"]!.GetValue<double>(), 1e-6 * json["baseline_total"]!.GetValue<double>());
        Assert.Equal(rebuilt.Base, json["coefficients"]!["base"]!.GetValue<double>());
    }

    [Fact]
    public async Task ChangePoint_ForGas_FitsNoCoolingSlope()
    {
        var json = await Json("baseline", "fit", "--usage", Daily("il-gas-hdd-only"), "--temperature", Temperature,
            "--method", "change-point", "--fuel", "gas", "--baseline", SampleBaseline);

        Assert.Contains(json["model_type"]!.GetValue<string>(), new[] { "2p", "3ph", "1p" });
        Assert.Null(json["coefficients"]!["cooling_slope"]);
        Assert.Null(json["avoided_energy"]);
    }

    [Fact]
    public async Task CalTrackHourly_HasTwelveSegments_AndNoCalTrackPolynomialUncertainty()
    {
        var json = await Json("baseline", "fit", "--usage", Hourly("il-electricity-cdd-hdd"), "--temperature", Temperature,
            "--method", "caltrack-hourly", "--baseline", SampleBaseline, "--report", SampleReport);

        var result = AssertCommonShape(json, ModelKinds.CalTrackHourly);
        Assert.Equal("three_month_weighted", result.ModelType);
        Assert.Equal(12, result.Segments.Count);
        Assert.Equal("dec-jan-feb-weighted", result.Segments[0].Name);
        Assert.True(result.Segments.All(s => s.Coefficients.Count >= 168 && s.Coefficients[0].Name == "tow_0"));
        Assert.Empty(result.Deviations);
        Assert.Equal(8760, json["n"]!.GetValue<int>());
        Assert.DoesNotContain(json["savings"]!["uncertainty"]!.AsArray(), u => u!["method"]!.GetValue<string>() == "caltrack_2.0_4.3.2.4");

        // Baseline-year total within 1 % of the metered one (the weighted segments are not exactly unbiased).
        Assert.Equal(json["baseline_total"]!.GetValue<double>(), json["baseline_predicted_total"]!.GetValue<double>(), 0.01 * json["baseline_total"]!.GetValue<double>());
    }

    [Fact]
    public async Task Towt_FitsOneWholeYearSegment_AndRecordsTheDeviation()
    {
        var json = await Json("baseline", "fit", "--usage", Hourly("il-gas-hdd-only"), "--temperature", Temperature,
            "--method", "towt", "--fuel", "gas", "--baseline", SampleBaseline, "--report", SampleReport);

        var result = AssertCommonShape(json, ModelKinds.Towt);
        Assert.Equal("single_year", result.ModelType);
        Assert.Single(result.Segments);
        Assert.Contains("single_year_segment", result.Deviations);

        // One ordinary least-squares fit over the year with 168 hour-of-week dummies: the totals agree exactly.
        Assert.Equal(json["baseline_total"]!.GetValue<double>(), json["baseline_predicted_total"]!.GetValue<double>(), 1e-9 * json["baseline_total"]!.GetValue<double>());
    }

    [Fact]
    public async Task Production_RecoversTheFactorysDrivers_AndItsTenPercentSavings()
    {
        var json = await Json("baseline", "fit", "--usage", Path.Combine(Factory, "usage.csv"), "--drivers", Path.Combine(Factory, "drivers.csv"),
            "--temperature", Temperature, "--method", "production", "--baseline", "2016-01-01..2017-01-01", "--report", "2017-01-01..2017-07-01");

        var result = AssertCommonShape(json, ModelKinds.Production);
        var c = json["coefficients"]!;
        Assert.Equal(0.8, c["production_t"]!.GetValue<double>(), 0.05);
        Assert.Equal(5, c["operating_hours"]!.GetValue<double>(), 0.6);
        Assert.Equal(-120, c["weekend"]!.GetValue<double>(), 15.0);
        Assert.Equal(-250, c["holiday"]!.GetValue<double>(), 30.0);
        Assert.InRange(json["heating_balance_point"]!.GetValue<double>(), 52, 58);
        Assert.Equal(366, json["n"]!.GetValue<int>());
        Assert.True(json["meets_guideline_14"]!.GetValue<bool>());

        // The generator cut energy by 10 % in 2017, so the true avoided energy is observed / 9; the model's estimate
        // lies within its 95 % prediction interval widened by half (one spurious term and six months of extrapolation).
        var observed = json["reporting_observed_total"]!.GetValue<double>();
        var avoided = json["avoided_energy"]!.GetValue<double>();
        var pi95 = json["savings"]!["uncertainty"]!.AsArray().Single(u => u!["method"]!.GetValue<string>() == "ols_prediction_interval" && u["confidence"]!.GetValue<double>() == 0.95)!["absolute"]!.GetValue<double>();
        Assert.InRange(avoided, (observed / 9) - (1.5 * pi95), (observed / 9) + (1.5 * pi95));
        Assert.Equal("multivariate_regression", result.ModelType);
    }

    [Theory]
    [InlineData("change-point", "daily", "model     ")]
    [InlineData("caltrack-hourly", "hourly", "12 time-of-week-and-temperature segment(s)")]
    [InlineData("towt", "hourly", "1 time-of-week-and-temperature segment(s)")]
    public async Task Summary_IsReadable(string method, string kind, string expected)
    {
        var usage = kind == "daily" ? Daily("il-electricity-cdd-hdd") : Hourly("il-electricity-cdd-hdd");
        var result = await EnergysomCli.RunAsync(["baseline", "fit", "--usage", usage, "--temperature", Temperature, "--method", method, "--baseline", SampleBaseline, "--report", SampleReport]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("avoided", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Guideline 14", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_WithoutDrivers_SaysWhatIsNeeded()
    {
        var result = await EnergysomCli.RunAsync(["baseline", "fit", "--usage", Path.Combine(Factory, "usage.csv"), "--temperature", Temperature,
            "--method", "production", "--baseline", "2016-01-01..2017-01-01"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--method production needs --drivers", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2016-01-02,12x,8,0", ":3: column 2 (production_t): '12x' is not a number")]
    [InlineData("2016-01-02,12,8,maybe", ":3: column 4 (holiday): 'maybe' is not 0/1")]
    [InlineData("2016-13-02,12,8,0", ":3: column 1 (date): '2016-13-02' is neither a date")]
    [InlineData("2016-01-01,12,8,0", ":3: column 1 (date): date 2016-01-01 does not come after")]
    [InlineData("2016-01-02,12,8", ":3: expected 4 columns")]
    public async Task BadDriversCsv_NamesTheFileLineAndColumn(string badLine, string expected)
    {
        var drivers = _dir.File("drivers.csv");
        await File.WriteAllLinesAsync(drivers, ["date,production_t,operating_hours,holiday", "2016-01-01,10,8,1", badLine]);
        var result = await EnergysomCli.RunAsync(["baseline", "fit", "--usage", Path.Combine(Factory, "usage.csv"), "--drivers", drivers,
            "--temperature", Temperature, "--method", "production", "--baseline", "2016-01-01..2017-01-01"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(drivers + expected, result.Stderr, StringComparison.Ordinal);
    }
}
