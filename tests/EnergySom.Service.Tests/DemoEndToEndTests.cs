using System.Text.Json;
using EnergySom.Baseline.Results;
using EnergySom.Contracts.Definition;
using EnergySom.Metering.Storage;
using EnergySom.Service.Demo;
using EnergySom.Testing;
using NodaTime;

namespace EnergySom.Service.Tests;

/// <summary>The whole demo, in-process, into a temporary folder: the foundation's end-to-end test.</summary>
public sealed class DemoEndToEndTests : IClassFixture<DemoEndToEndTests.DemoRun>
{
    private readonly DemoRun _run;

    public DemoEndToEndTests(DemoRun run) => _run = run;

    public sealed class DemoRun : IAsyncLifetime
    {
        public DirectoryInfo Output { get; } = Directory.CreateTempSubdirectory("esom-demo-");

        public DemoResult Result { get; private set; } = null!;

        public string Console { get; private set; } = "";

        public async Task InitializeAsync()
        {
            using var console = new StringWriter();
            Result = await DemoRunner.RunAsync(new DemoOptions(Output.FullName, 0, TimeSpan.FromSeconds(3)), console, CancellationToken.None);
            Console = console.ToString();
        }

        public Task DisposeAsync()
        {
            Output.Delete(recursive: true);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public void RecoveredAnnualSavings_AreWithin5PercentOfTheTruth()
    {
        var r = _run.Result;
        Assert.InRange(r.ElectricitySavingsFound / r.ElectricitySavingsTrue, 0.95, 1.05);
        Assert.InRange(r.GasSavingsFound / r.GasSavingsTrue, 0.95, 1.05);
    }

    [Fact]
    public void Money_AddsUpToTheFen()
    {
        var r = _run.Result;
        Assert.True(r.SavingsValue > 0);
        Assert.Equal(r.SavingsValue, r.EscoAmount + r.FactoryAmount);
        Assert.InRange(r.EscoAmount - (r.SavingsValue * 0.70m), -0.06m, 0.06m); // 12 months, each rounded to the fen
    }

    [Fact]
    public void EveryOutputFile_ExistsAndParses()
    {
        string[] expected =
        [
            "index.html", "mv-report.html", "mv-report.json", "statements.html", "statements.json", "carbon-report.html", "carbon-report.json",
            .. Enumerable.Range(1, 12).Select(m => $"statements/2025-{m:00}.json"),
            "baseline/bl-demo-electricity.json", "baseline/bl-demo-electricity-savings-2025.json",
            "baseline/bl-demo-natural-gas.json", "baseline/bl-demo-natural-gas-savings-2025.json",
            "contract/EPC-DEMO-001.yaml", "contract/tariffs/gd-large-industry-tou-2025-01.yaml",
            "contract/tariffs/gd-large-industry-tou-2025-07.yaml", "contract/tariffs/industrial-gas-2025-01.yaml",
            "data/readings.ests", "data/energysom.db", "keys/esco.pem", "keys/factory.pem",
        ];
        foreach (var name in expected)
        {
            var path = Path.Combine(_run.Output.FullName, name);
            Assert.True(File.Exists(path), name);
            if (name.EndsWith(".json", StringComparison.Ordinal))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                var schema = doc.RootElement.GetProperty("schema_version");
                if (name.StartsWith("baseline/", StringComparison.Ordinal))
                {
                    Assert.Equal(ResultJson.CurrentSchemaVersion, schema.GetInt32()); // the Baseline module's versioned records
                }
                else
                {
                    Assert.StartsWith("energysom.", schema.GetString(), StringComparison.Ordinal);
                }
            }
            else if (name.EndsWith(".html", StringComparison.Ordinal))
            {
                var html = File.ReadAllText(path);
                Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
                Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
            }
        }

        Assert.Equal(expected.Length, _run.Result.Files.Count);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(_run.Output.FullName, "mv-report.html")), StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(_run.Output.FullName, ".staging-*"));
    }

    [Fact]
    public void Contract_PinsTheBaselineResultFiles_AndLoadsWithItsTariffs()
    {
        var folder = Path.Combine(_run.Output.FullName, "contract");
        var tariffs = TariffLoader.LoadDirectory(Path.Combine(folder, "tariffs"));
        var contract = ContractLoader.Load(Path.Combine(folder, "EPC-DEMO-001.yaml"), tariffs);
        Assert.Equal(2, contract.Carriers.Count);
        foreach (var carrier in contract.Carriers)
        {
            var file = File.ReadAllBytes(Path.Combine(_run.Output.FullName, "baseline", carrier.BaselineResult.Id + ".json"));
            Assert.True(carrier.BaselineResult.Matches(file), carrier.BaselineResult.ToString());
            Assert.Equal("production", ResultJson.DeserializeBaselineResult(System.Text.Encoding.UTF8.GetString(file)).ModelKind);
        }

        // Every statement records the digests of the series it was computed from: 3 electricity meters, 1 gas meter and
        // each carrier's adjusted baseline as the frozen result predicted it.
        using var january = JsonDocument.Parse(File.ReadAllText(Path.Combine(_run.Output.FullName, "statements", "2025-01.json")));
        var readings = january.RootElement.GetProperty("inputs").GetProperty("readings").EnumerateArray()
            .ToDictionary(r => r.GetProperty("meter").GetString()!, r => r.GetProperty("count").GetInt32());
        Assert.Equal(new Dictionary<string, int>
            {
                ["g1-boiler"] = 31, ["m1-compressors"] = 2976, ["m2-hvac"] = 2976, ["m3-line"] = 2976,
                ["baseline:bl-demo-electricity@1"] = 2976, ["baseline:bl-demo-natural-gas@1"] = 31,
            }, readings);
    }

    [Fact]
    public async Task Ledger_HoldsTwelveFinalStatements_ThatTheSettleCommandReproducesToTheFen()
    {
        Assert.Contains("12 statements final", _run.Console, StringComparison.Ordinal);
        Assert.Contains("verified intact", _run.Console, StringComparison.Ordinal);

        // As the printed hint says: settling a month again from the output folder finds the identical statement.
        var settle = await EnergysomCli.RunAsync(["settle", "--contract", "EPC-DEMO-001", "--period", "2025-03", "--tariffs", "contract/tariffs", "--json"], _run.Output.FullName);
        Assert.Equal(0, settle.ExitCode);
        var march = File.ReadAllText(Path.Combine(_run.Output.FullName, "statements", "2025-03.json"));
        using (var cli = JsonDocument.Parse(settle.Stdout))
        using (var demo = JsonDocument.Parse(march))
        {
            Assert.Equal(demo.RootElement.GetProperty("digest").GetString(), cli.RootElement.GetProperty("digest").GetString());
            Assert.Equal(demo.RootElement.GetProperty("esco_amount").GetDecimal(), cli.RootElement.GetProperty("esco_amount").GetDecimal());
        }

        var verify = await EnergysomCli.RunAsync(["ledger", "verify"], _run.Output.FullName);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("39 verified", verify.Stdout, StringComparison.Ordinal); // nothing new was recorded
    }

    [Fact]
    public async Task Settle_RefusesABaselineFileOtherThanTheFrozenOne()
    {
        // On a copy of the output: one byte of the electricity baseline result changed.
        using var copy = new TempDirectory("esom-demo-tamper-");
        foreach (var file in Directory.GetFiles(_run.Output.FullName, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy.Path, Path.GetRelativePath(_run.Output.FullName, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var baseline = Path.Combine(copy.Path, "baseline", "bl-demo-electricity.json");
        var bytes = File.ReadAllBytes(baseline);
        bytes[^2] ^= 0x01;
        File.WriteAllBytes(baseline, bytes);
        var before = File.ReadAllBytes(Path.Combine(copy.Path, "data", "energysom.db"));

        var settle = await EnergysomCli.RunAsync(["settle", "--contract", "EPC-DEMO-001", "--period", "2025-04", "--tariffs", "contract/tariffs"], copy.Path);

        Assert.Equal(1, settle.ExitCode);
        Assert.Contains("is not the frozen result bl-demo-electricity@1 contract EPC-DEMO-001 pins", settle.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(copy.Path, "data", "energysom.db"))); // nothing recorded
    }

    [Fact]
    public void Savings_CarryTheirUncertainty_AtThreeConfidences()
    {
        using var mv = JsonDocument.Parse(File.ReadAllText(Path.Combine(_run.Output.FullName, "mv-report.json")));
        foreach (var carrier in mv.RootElement.GetProperty("carriers").EnumerateArray())
        {
            var confidences = carrier.GetProperty("uncertainty").EnumerateArray().Select(u => u.GetProperty("confidence").GetDouble()).Distinct().Order().ToArray();
            Assert.Equal([0.68, 0.90, 0.95], confidences);
        }
    }

    [Fact]
    public void JsonFigures_MatchTheResult()
    {
        using var statements = JsonDocument.Parse(File.ReadAllText(Path.Combine(_run.Output.FullName, "statements.json")));
        Assert.Equal(_run.Result.SavingsValue, statements.RootElement.GetProperty("total_savings_value").GetDecimal());
        Assert.Equal(12, statements.RootElement.GetProperty("statements").GetArrayLength());

        using var carbon = JsonDocument.Parse(File.ReadAllText(Path.Combine(_run.Output.FullName, "carbon-report.json")));
        Assert.Equal(_run.Result.AvoidedTonnesCo2, carbon.RootElement.GetProperty("avoided_tonnes_co2").GetDouble(), 9);
        Assert.True(_run.Result.AvoidedTonnesCo2 > 0);
    }

    [Fact]
    public async Task LivePath_StoredWhatTheVirtualMetersServed()
    {
        var r = _run.Result;
        Assert.True(r.LiveRequestsServed > 0);
        Assert.True(r.LiveReadingsStored > 0);
        Assert.Equal(3, r.LiveReadingsPerMeter.Count);
        Assert.Equal(r.LiveReadingsStored, r.LiveReadingsPerMeter.Values.Sum());

        // The persisted store holds the live readings: power of each meter, and import registers that only grow.
        await using var store = EmbeddedReadingStore.Open(Path.Combine(_run.Output.FullName, "data", "readings.ests"));
        var since = Instant.FromUtc(2026, 1, 1, 0, 0);
        foreach (var meter in new[] { "m1-compressors", "m2-hvac", "m3-line" })
        {
            var power = await store.ReadAsync(new SeriesKey(meter, "active_power"), since, Instant.MaxValue, CancellationToken.None);
            var energy = await store.ReadAsync(new SeriesKey(meter, "active_energy_import"), since, Instant.MaxValue, CancellationToken.None);
            Assert.NotEmpty(power);
            Assert.NotEmpty(energy);
            Assert.All(power, p => Assert.InRange(p.Value, 1, 2000));
            Assert.True(energy.Zip(energy.Skip(1)).All(pair => pair.Second.Value >= pair.First.Value), "import register went backwards");
        }
    }

    [Fact]
    public void Summary_PrintsTheFigures()
    {
        Assert.Contains("flushed to the write-ahead buffer", _run.Console, StringComparison.Ordinal);
        Assert.Contains("forwarded to the embedded store (0 left)", _run.Console, StringComparison.Ordinal);
        Assert.Contains("CV(RMSE)", _run.Console, StringComparison.Ordinal);
        Assert.Contains("found vs", _run.Console, StringComparison.Ordinal);
        Assert.Contains("to the ESCO", _run.Console, StringComparison.Ordinal);
        Assert.Contains("tCO₂", _run.Console, StringComparison.Ordinal);
    }
}
