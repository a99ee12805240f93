using System.Globalization;
using System.Text.Json.Nodes;
using EnergySom.Baseline.Models;
using EnergySom.Baseline.Results;
using EnergySom.Testing;
using NodaTime;

namespace EnergySom.Service.Tests;

/// <summary>
/// <c>energysom baseline fit</c> as a user runs it, on the eemeter 3.2.0 samples kept in the repository
/// (tests/EnergySom.Baseline.Tests/Data/eemeter, see its README) and on files the tests write.
/// </summary>
public sealed class BaselineCliTests : IDisposable
{
    private static readonly string Samples = FindSamples();
    private readonly TempDirectory _dir = new("esom-baseline-cli-");

    public void Dispose() => _dir.Dispose();

    private static string Meter(string id) => Path.Combine(Samples, "meter", id + ".csv");

    private static string Temperature => Path.Combine(Samples, "temperature", "il-tempF.csv");

    private static string FindSamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "EnergySom.Baseline.Tests", "Data", "eemeter");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/EnergySom.Baseline.Tests/Data/eemeter not found above " + AppContext.BaseDirectory);
    }

    private static Task<EnergysomCli.Result> Run(params string[] args) => EnergysomCli.RunAsync(args);

    [Fact]
    public async Task DailyFit_Json_HasTheNamedFields_AndAgreesWithTheLibrary()
    {
        var result = await Run("baseline", "fit", "--usage", Meter("il-electricity-cdd-hdd-daily"), "--temperature", Temperature,
            "--method", "caltrack-daily", "--baseline", "2015-12-27..2016-12-26", "--report", "2017-01-04..2018-01-04", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("cdd_hdd", json["model_type"]!.GetValue<string>());
        Assert.Equal(53, json["heating_balance_point"]!.GetValue<double>());
        Assert.Equal(68, json["cooling_balance_point"]!.GetValue<double>());
        Assert.Equal(365, json["n"]!.GetValue<int>());
        foreach (var field in new[] { "coefficients", "r_squared_adj", "cvrmse", "nmbe", "warnings", "disqualified", "baseline_total", "reporting_observed_total", "reporting_predicted_total", "avoided_energy", "fsu" })
        {
            Assert.True(json[field] is not null, $"missing {field}");
        }

        // The same numbers as the library gives in-process.
        var sampleBaseline = new Interval(Instant.FromUtc(2015, 12, 27, 0, 0), Instant.FromUtc(2016, 12, 26, 0, 0));
        var fit = CalTrackDaily.Fit(Service.Commands.BaselineCsvReader.ReadUsage(Meter("il-electricity-cdd-hdd-daily")).Series,
            Service.Commands.BaselineCsvReader.ReadTemperature(Temperature, null, out _), sampleBaseline);
        Assert.Equal(fit.Model.Intercept, json["coefficients"]!["intercept"]!.GetValue<double>());
        Assert.Equal(fit.Model.BetaHdd, json["coefficients"]!["beta_hdd"]!.GetValue<double>());
        Assert.Equal(fit.Result.Statistics.AdjustedRSquared, json["r_squared_adj"]!.GetValue<double>());
        var avoided = json["avoided_energy"]!.GetValue<double>();
        Assert.Equal(json["reporting_predicted_total"]!.GetValue<double>() - json["reporting_observed_total"]!.GetValue<double>(), avoided, 1e-9);
        Assert.InRange(json["fsu"]!.GetValue<double>(), 0.05, 1.0);
        Assert.Equal("caltrack_daily", ResultJson.DeserializeBaselineResult(json["result"]!.ToJsonString()).ModelKind);
    }

    [Fact]
    public async Task Summary_IsReadable()
    {
        var result = await Run("baseline", "fit", "--usage", Meter("il-gas-hdd-only-daily"), "--temperature", Temperature,
            "--method", "caltrack-daily", "--fuel", "gas", "--baseline", "2015-12-27..2016-12-26", "--report", "2017-01-04..2018-01-04");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("hdd_only", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("HDD(60 °F)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("avoided", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Guideline 14", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsufficientBillingBaseline_IsRefusedWithTheNumbers_UnlessAllowed()
    {
        string[] args = ["baseline", "fit", "--usage", Meter("il-gas-hdd-only-billing_monthly"), "--temperature", Temperature,
            "--method", "caltrack-billing", "--fuel", "gas", "--baseline", "2015-12-27..2016-12-26"];
        var refused = await Run(args);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("incorrect_number_of_total_days", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("n_days_total=364", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--allow-insufficient", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("", refused.Stdout);

        var allowed = await Run([.. args, "--allow-insufficient", "--json"]);
        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
        var json = JsonNode.Parse(allowed.Stdout)!;
        Assert.Equal("hdd_only", json["model_type"]!.GetValue<string>());
        Assert.True(json["result"]!["sufficiency"]!["fitted_despite_insufficient_data"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CelsiusTemperatures_GiveTheSameModel()
    {
        var celsius = _dir.File("temp-c.csv");
        var lines = File.ReadAllLines(Temperature);
        await File.WriteAllLinesAsync(celsius, new[] { "timestamp,air_temperature" }.Concat(lines.Skip(1).Select(l =>
        {
            var parts = l.Split(',');
            return $"{parts[0]},{((double.Parse(parts[1], CultureInfo.InvariantCulture) - 32) / 1.8).ToString("R", CultureInfo.InvariantCulture)}";
        })));

        var noUnit = await Run("baseline", "fit", "--usage", Meter("il-gas-hdd-only-daily"), "--temperature", celsius,
            "--method", "caltrack-daily", "--fuel", "gas", "--baseline", "2015-12-27..2016-12-26");
        Assert.Equal(1, noUnit.ExitCode);
        Assert.Contains("--temperature-unit", noUnit.Stderr, StringComparison.Ordinal);

        var result = await Run("baseline", "fit", "--usage", Meter("il-gas-hdd-only-daily"), "--temperature", celsius, "--temperature-unit", "C",
            "--method", "caltrack-daily", "--fuel", "gas", "--baseline", "2015-12-27..2016-12-26", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal(60, json["heating_balance_point"]!.GetValue<double>());
        Assert.Equal(0.2184828510211, json["coefficients"]!["beta_hdd"]!.GetValue<double>(), 1e-9);
    }

    [Theory]
    [InlineData("2016-01-01T00:00:00Z,abc", ":3: column 2 (value): 'abc' is not a number")]
    [InlineData("2016-01-01T00:00:00,5", ":3: column 1 (timestamp): '2016-01-01T00:00:00' is not an ISO-8601 timestamp")]
    [InlineData("2015-12-31T00:00:00Z,5", ":3: timestamp 2015-12-31T00:00:00Z does not come after")]
    [InlineData("2016-01-01T00:00:00Z,5,6", ":3: expected 2 columns")]
    public async Task BadUsageCsv_NamesTheFileAndLine(string badLine, string expected)
    {
        var usage = _dir.File("usage.csv");
        await File.WriteAllLinesAsync(usage, ["timestamp,value", "2015-12-31T00:00:00Z,4", badLine, "2016-01-02T00:00:00Z,"]);
        var result = await Run("baseline", "fit", "--usage", usage, "--temperature", Temperature, "--method", "caltrack-daily", "--baseline", "2015-12-27..2016-12-26");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(usage + expected, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task BadHeader_NamesLineOne()
    {
        var usage = _dir.File("usage.csv");
        await File.WriteAllLinesAsync(usage, ["time;value", "2015-12-31T00:00:00Z;4"]);
        var result = await Run("baseline", "fit", "--usage", usage, "--temperature", Temperature, "--method", "caltrack-daily", "--baseline", "2015-12-27..2016-12-26");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(usage + ":1: expected the header", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownMethod_ListsTheKnownOnes()
    {
        var result = await Run("baseline", "fit", "--usage", Meter("il-gas-hdd-only-daily"), "--temperature", Temperature, "--method", "magic", "--baseline", "2015-12-27..2016-12-26");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--method magic: unknown; use one of caltrack-daily, caltrack-billing, caltrack-hourly, towt, change-point, production", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--baseline", "2016-12-26..2015-12-27", "TO must come after FROM")]
    [InlineData("--baseline", "2015-12-27", "expected FROM..TO")]
    [InlineData("--baseline", "yesterday..today", "neither a date")]
    public async Task BadPeriod_IsExplained(string option, string value, string expected)
    {
        var result = await Run("baseline", "fit", "--usage", Meter("il-gas-hdd-only-daily"), "--temperature", Temperature, "--method", "caltrack-daily", option, value);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DriversWithACalTrackMethod_IsRefused()
    {
        var result = await Run("baseline", "fit", "--usage", Meter("il-gas-hdd-only-daily"), "--temperature", Temperature, "--method", "caltrack-daily",
            "--drivers", Meter("il-gas-hdd-only-daily"), "--baseline", "2015-12-27..2016-12-26");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--drivers is used only by --method production", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFile_IsNamed()
    {
        var missing = _dir.File("nope.csv");
        var result = await Run("baseline", "fit", "--usage", missing, "--temperature", Temperature, "--method", "caltrack-daily", "--baseline", "2015-12-27..2016-12-26");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(missing, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheBaselineFitOptions()
    {
        var result = await Run("baseline", "fit", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--usage", "--temperature", "--temperature-unit", "--method", "--fuel", "--drivers", "--baseline", "--report", "--json", "--allow-insufficient" })
        {
            Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
        }
    }
}
