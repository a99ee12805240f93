using System.Text.Json;
using EnergySom.Testing;

namespace EnergySom.Service.Tests;

/// <summary><c>energysom contract check</c> as a user runs it, on the repository's sample contracts and tariffs.</summary>
public sealed class ContractCliTests : IDisposable
{
    private readonly TempDirectory _dir = new("esom-contract-cli-");

    public void Dispose() => _dir.Dispose();

    private static string Sample(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "samples", .. parts]);

    [Fact]
    public async Task Check_ValidContract_PrintsASummary()
    {
        var result = await EnergysomCli.RunAsync("contract", "check", Sample("contracts", "shared-savings.yaml"), "--tariffs", Sample("tariffs"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.StartsWith("EPC-2025-001 v1: Compressed air and boiler heat recovery, Dongguan plant", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("shared_savings (节能效益分享型)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("ESCO share 80 % / 70 % / 50 % / 50 % / 50 % by contract year", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("60 periods 2025-01 … 2029-12", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("tariff gd-large-industry-tou (2025-01 from 2025-01-01, 2025-07 from 2025-07-01)", result.Stdout, StringComparison.Ordinal);
        Assert.Matches("digest +sha256:[0-9a-f]{64}", result.Stdout);
    }

    [Fact]
    public async Task Check_EverySampleContract_IsValid()
    {
        foreach (var file in Directory.EnumerateFiles(Sample("contracts"), "*.yaml"))
        {
            var result = await EnergysomCli.RunAsync("contract", "check", file, "--tariffs", Sample("tariffs"));
            Assert.True(result.ExitCode == 0, $"{file}: {result.Stderr}");
        }
    }

    [Fact]
    public async Task Check_InvalidContract_PrintsEachErrorWithFileLineAndField_Exit1()
    {
        var path = Path.Combine(_dir.Path, "bad.yaml");
        var text = await File.ReadAllTextAsync(Sample("contracts", "mixed.yaml"));
        await File.WriteAllTextAsync(path, text.Replace("frequency: monthly", "frequency: weekly", StringComparison.Ordinal).Replace("option: B", "option: Z", StringComparison.Ordinal));

        var result = await EnergysomCli.RunAsync("contract", "check", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var lines = result.Stderr.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(path)}:\\d+:\\d+: mv.option: 'Z' is not one of A, B, C$", lines[0]);
        Assert.Matches("settlement.frequency: 'weekly' is not one of monthly, quarterly, yearly$", lines[1]);
        Assert.Equal($"energysom: {path} is not a valid contract (2 errors)", lines[2]);
    }

    [Fact]
    public async Task Check_UnknownTariff_IsAnErrorWhenTariffsAreGiven()
    {
        var path = Path.Combine(_dir.Path, "tariff.yaml");
        var text = await File.ReadAllTextAsync(Sample("contracts", "guaranteed-savings.yaml"));
        await File.WriteAllTextAsync(path, text.Replace("tariff: gd-large-industry-tou", "tariff: js-industry-tou", StringComparison.Ordinal));

        var without = await EnergysomCli.RunAsync("contract", "check", path);
        var with = await EnergysomCli.RunAsync("contract", "check", path, "--tariffs", Sample("tariffs"));

        Assert.Equal(0, without.ExitCode);
        Assert.Contains("tariffs     not checked (give --tariffs DIR)", without.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, with.ExitCode);
        Assert.Contains("carriers[0].tariff: no electricity tariff js-industry-tou in the tariff library", with.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Json_GivesTheCanonicalContractAndDigest_OrTheErrors()
    {
        var good = await EnergysomCli.RunAsync("contract", "check", Sample("contracts", "finance-lease.yaml"), "--json");
        var missing = Path.Combine(_dir.Path, "absent.yaml");
        var bad = await EnergysomCli.RunAsync("contract", "check", missing, "--json");

        Assert.Equal(0, good.ExitCode);
        using var valid = JsonDocument.Parse(good.Stdout);
        Assert.True(valid.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("EPC-2025-004", valid.RootElement.GetProperty("id").GetString());
        Assert.Matches("^[0-9a-f]{64}$", valid.RootElement.GetProperty("digest").GetString()!);
        Assert.Equal("pearl-leasing", valid.RootElement.GetProperty("contract").GetProperty("parties").GetProperty("financier").GetProperty("id").GetString());
        Assert.Equal(1, bad.ExitCode);
        using var invalid = JsonDocument.Parse(bad.Stdout);
        Assert.False(invalid.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("(file)", invalid.RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Help_ListsTheContractCommand()
    {
        var result = await EnergysomCli.RunAsync("--help");

        Assert.Contains("contract", result.Stdout, StringComparison.Ordinal);
    }
}
