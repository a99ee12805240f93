using System.Text.Json;
using EnergySom.Contracts.Storage.Sqlite;
using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage;
using EnergySom.Testing;
using NodaTime;

namespace EnergySom.Service.Tests;

/// <summary>
/// <c>contract add</c> and <c>settle</c> end to end, as a user runs them in a working folder with the default
/// <c>data/</c>, <c>keys/</c> and <c>tariffs/</c> layout: the sample shared-savings contract, a month of readings put
/// into the embedded store through its interface, settlement into the ledger, both approvals, verification, and a
/// hand-edited database caught by <c>ledger verify</c>.
/// </summary>
public sealed class SettleCliTests : IDisposable
{
    private const string ContractId = "EPC-2025-001";
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private readonly TempDirectory _dir = new("esom-settle-cli-");

    public SettleCliTests()
    {
        Directory.CreateDirectory(_dir.File("tariffs"));
        foreach (var tariff in Directory.EnumerateFiles(Sample("tariffs")))
        {
            File.Copy(tariff, Path.Combine(_dir.File("tariffs"), Path.GetFileName(tariff)));
        }
    }

    public void Dispose() => _dir.Dispose();

    private static string Sample(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "samples", .. parts]);

    private string DatabasePath => _dir.File("data/energysom.db");

    private Task<EnergysomCli.Result> RunAsync(params string[] args) => EnergysomCli.RunAsync(
        args, _dir.Path, new Dictionary<string, string> { ["ENERGYSOM_POSTGRES"] = "", ["ENERGYSOM_DB"] = "", ["ENERGYSOM_KEY"] = "", ["ENERGYSOM_DATA"] = "", ["ENERGYSOM_TARIFFS"] = "" });

    private static void AssertOk(EnergysomCli.Result result) => Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");

    /// <summary>The contract's two parties, with keys at the default paths of their roles.</summary>
    private async Task KeysAsync()
    {
        AssertOk(await RunAsync("keys", "create", "--party", "huadong-es", "--out", "keys/esco.pem"));
        AssertOk(await RunAsync("keys", "create", "--party", "dg-precision", "--out", "keys/factory.pem"));
        AssertOk(await RunAsync("keys", "register", "--party", "huadong-es", "--key", "keys/esco.pem"));
        AssertOk(await RunAsync("keys", "register", "--party", "dg-precision", "--public-key", "keys/factory.pub.pem", "--key", "keys/esco.pem"));
    }

    /// <summary>
    /// January 2025 in Asia/Shanghai: both incomers every 15 minutes and the electricity baseline's predictions 20 kWh
    /// above their sum (more in the peak hours); the gas meter daily and its baseline 100 Nm³ above.
    /// </summary>
    private async Task ReadingsAsync(double incomerOneExtra = 0, int month = 1, Instant? incomerTwoGap = null)
    {
        Directory.CreateDirectory(_dir.File("data"));
        await using var store = EmbeddedReadingStore.Open(_dir.File("data/readings.ests"));
        var first = new LocalDate(2025, month, 1);
        var days = first.Calendar.GetDaysInMonth(2025, month);
        var from = first.AtStartOfDayInZone(Shanghai).ToInstant();
        var readings = new List<Reading>();
        for (var i = 0; i < days * 96; i++)
        {
            var t = from + Duration.FromMinutes(15 * i);
            var hour = t.InZone(Shanghai).Hour;
            var load = hour is >= 8 and < 22 ? 120.0 : 60.0;
            readings.Add(new Reading(new SeriesKey("main-incomer-1", "active_energy_import_interval"), t, load + incomerOneExtra, QualityFlags.Imported));
            if (t != incomerTwoGap)
            {
                readings.Add(new Reading(new SeriesKey("main-incomer-2", "active_energy_import_interval"), t, load / 2, QualityFlags.Imported));
            }

            readings.Add(new Reading(new SeriesKey("baseline:bl-dg-electricity@3", "active_energy_import_interval"), t, (load * 1.5) + (hour is >= 10 and < 12 ? 40 : 20), QualityFlags.Imported));
        }

        for (var d = 0; d < days; d++)
        {
            var t = first.PlusDays(d).AtStartOfDayInZone(Shanghai).ToInstant();
            readings.Add(new Reading(new SeriesKey("gas-main", "gas_volume_std_interval"), t, 900, QualityFlags.Imported));
            readings.Add(new Reading(new SeriesKey("baseline:bl-dg-gas@2", "gas_volume_std_interval"), t, 1000, QualityFlags.Imported));
        }

        await store.WriteAsync(readings, CancellationToken.None);
    }

    [Fact]
    public async Task ContractAdd_Twice_IsIdempotent_AndAnotherContractUnderTheSameIdIsRefused()
    {
        await KeysAsync();
        var contractFile = Sample("contracts", "shared-savings.yaml");
        var changed = _dir.File("changed.yaml");
        await File.WriteAllTextAsync(changed, (await File.ReadAllTextAsync(contractFile)).Replace("esco_share_by_year: [80%, 70%", "esco_share_by_year: [85%, 70%", StringComparison.Ordinal));

        var first = await RunAsync("contract", "add", contractFile, "--tariffs", "tariffs");
        var again = await RunAsync("contract", "add", contractFile);
        var other = await RunAsync("contract", "add", changed);
        var log = await RunAsync("ledger", "log");

        AssertOk(first);
        Assert.StartsWith($"contract {ContractId} v1 registered (entry 3): ESCO 'huadong-es', factory 'dg-precision'", first.Stdout, StringComparison.Ordinal);
        Assert.Matches("contract digest sha256:[0-9a-f]{64}", first.Stdout);
        AssertOk(again);
        Assert.Contains("is already registered with this definition (entry 3): nothing changed", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, other.ExitCode);
        Assert.Contains($"contract {ContractId} is already registered (entry 3) with a different document", other.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, log.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task ContractAdd_InvalidFile_NamesFileLineAndField_AndSavesNothing()
    {
        await KeysAsync();
        var bad = _dir.File("bad.yaml");
        await File.WriteAllTextAsync(bad, (await File.ReadAllTextAsync(Sample("contracts", "shared-savings.yaml"))).Replace("currency: CNY", "currency: USD", StringComparison.Ordinal));
        var line = File.ReadAllLines(bad).ToList().FindIndex(l => l.StartsWith("currency:", StringComparison.Ordinal)) + 1;

        var result = await RunAsync("contract", "add", bad);
        var log = await RunAsync("ledger", "log");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"bad.yaml:{line}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("currency", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("is not a valid contract", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, log.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // the two keys only
    }

    [Fact]
    public async Task Settle_ApproveByBothParties_VerifyPasses_ThenAnEditedRowIsNamed()
    {
        await KeysAsync();
        await ReadingsAsync();
        AssertOk(await RunAsync("contract", "add", Sample("contracts", "shared-savings.yaml")));

        var settled = await RunAsync("settle", "--contract", ContractId, "--period", "2025-01");
        var again = await RunAsync("settle", "--contract", ContractId, "--period", "2025-01", "--json");

        AssertOk(settled);
        var id = settled.Stdout.Split('\n')[0]["statement ".Length..];
        Assert.Matches($"^{ContractId}/2025-01/[0-9a-f]{{12}}$", id);
        Assert.Contains("recorded as a draft (entry 4)", settled.Stdout, StringComparison.Ordinal);
        Assert.Contains("main-incomer-1/active_energy_import_interval: 2976 readings", settled.Stdout, StringComparison.Ordinal);
        Assert.Contains("electricity", settled.Stdout, StringComparison.Ordinal);
        AssertOk(again);
        using (var json = JsonDocument.Parse(again.Stdout))
        {
            var root = json.RootElement;
            Assert.Equal(id, root.GetProperty("statement_id").GetString());
            Assert.Equal("energysom.statement/2", root.GetProperty("schema_version").GetString());
            Assert.True(root.GetProperty("savings_value").GetDecimal() > 0);
            Assert.Equal(0.8m, root.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("code").GetString() == "shared_savings.esco_share").GetProperty("rate").GetDecimal());
            Assert.Equal(5, root.GetProperty("inputs").GetProperty("readings").GetArrayLength());
        }

        Assert.Equal(4, (await RunAsync("ledger", "log")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        AssertOk(await RunAsync("statement", "approve", id, "--as", "esco"));
        AssertOk(await RunAsync("statement", "approve", id, "--as", "factory"));
        var verify = await RunAsync("ledger", "verify");
        var show = await RunAsync("statement", "show", id);

        AssertOk(verify);
        Assert.StartsWith("ledger intact: 6 entries", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("state      final", show.Stdout, StringComparison.Ordinal);

        using (var database = SqliteDatabase.Open(DatabasePath, SqliteOpenMode.ReadWrite))
        {
            // Someone with the database file, but no key, raises the ESCO's amount in the drafted statement.
            database.Execute("""
                DROP TRIGGER ledger_entries_no_update;
                UPDATE ledger_entries SET payload = CAST(replace(CAST(payload AS TEXT), '"esco_amount":', '"esco_amount":9') AS BLOB) WHERE sequence = 4;
                """);
        }

        var tampered = await RunAsync("ledger", "verify");

        Assert.Equal(1, tampered.ExitCode);
        Assert.StartsWith("ledger altered at entry 4:", tampered.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settle_ChangedReadings_GiveANewDraft_ThatSupersedesTheOld_NeverAnEdit()
    {
        await KeysAsync();
        await ReadingsAsync();
        AssertOk(await RunAsync("contract", "add", Sample("contracts", "shared-savings.yaml")));
        var first = await RunAsync("settle", "--contract", ContractId, "--period", "2025-01");
        var same = await RunAsync("settle", "--contract", ContractId, "--period", "2025-01");
        await ReadingsAsync(incomerOneExtra: 1); // the incomer's readings replaced: less saved

        var second = await RunAsync("settle", "--contract", ContractId, "--period", "2025-01");
        var list = await RunAsync("statement", "list");

        AssertOk(first);
        AssertOk(same);
        Assert.Contains("the same statement is already in the ledger (draft): nothing recorded", same.Stdout, StringComparison.Ordinal);
        AssertOk(second);
        var firstId = first.Stdout.Split('\n')[0]["statement ".Length..];
        var secondId = second.Stdout.Split('\n')[0]["statement ".Length..];
        Assert.NotEqual(firstId, secondId);
        Assert.Contains($"recorded as a draft (entry 5); it supersedes {firstId}", second.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"{firstId.Replace("/", "/", StringComparison.Ordinal)}\s+2025-01\s+superseded", list.Stdout);
        Assert.Matches($@"{secondId}\s+2025-01\s+draft", list.Stdout);
    }

    [Fact]
    public async Task Settle_NextMonth_CarriesTheEarlierStatementForTheCap()
    {
        await KeysAsync();
        await ReadingsAsync();
        await ReadingsAsync(month: 2);
        AssertOk(await RunAsync("contract", "add", Sample("contracts", "shared-savings.yaml")));
        var january = await RunAsync("settle", "--contract", ContractId, "--period", "2025-01");
        var januaryId = january.Stdout.Split('\n')[0]["statement ".Length..];

        var february = await RunAsync("settle", "--contract", ContractId, "--period", "2025-02", "--json");

        AssertOk(february);
        using var json = JsonDocument.Parse(february.Stdout);
        var prior = Assert.Single(json.RootElement.GetProperty("inputs").GetProperty("prior_statements").EnumerateArray());
        Assert.Equal(januaryId, prior.GetProperty("statement_id").GetString());
        Assert.Equal("2025-02", json.RootElement.GetProperty("period").GetString());
    }

    [Fact]
    public async Task Settle_AMissingInterval_FollowsTheContractsPolicy()
    {
        await KeysAsync();
        var gap = new LocalDateTime(2025, 1, 10, 10, 0).InZoneStrictly(Shanghai).ToInstant();
        await ReadingsAsync(incomerTwoGap: gap);
        var excluding = _dir.File("excluding.yaml");
        await File.WriteAllTextAsync(excluding, (await File.ReadAllTextAsync(Sample("contracts", "shared-savings.yaml")))
            .Replace("id: EPC-2025-001", "id: EPC-2025-002", StringComparison.Ordinal)
            .Replace("missing_intervals: estimate", "missing_intervals: exclude", StringComparison.Ordinal));
        AssertOk(await RunAsync("contract", "add", Sample("contracts", "shared-savings.yaml")));
        AssertOk(await RunAsync("contract", "add", excluding));

        var estimate = await RunAsync("settle", "--contract", ContractId, "--period", "2025-01");
        var exclude = await RunAsync("settle", "--contract", "EPC-2025-002", "--period", "2025-01");

        // The store holds no model estimates for missing intervals: the estimate policy refuses rather than guess.
        Assert.Equal(1, estimate.ExitCode);
        Assert.Contains($"contract {ContractId}, period 2025-01:", estimate.Stderr, StringComparison.Ordinal);
        Assert.Contains("is missing and has no estimate (missing_intervals: estimate)", estimate.Stderr, StringComparison.Ordinal);
        AssertOk(exclude);
        Assert.Contains("main-incomer-2/active_energy_import_interval: 2975 readings", exclude.Stdout, StringComparison.Ordinal);
        Assert.Contains("data       electricity: 1 of 2976 intervals missing, 0 estimated", exclude.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settle_UnknownContract_OrMissingReadings_FailsClearly()
    {
        await KeysAsync();
        var unknown = await RunAsync("settle", "--contract", "EPC-NOPE", "--period", "2025-01");
        AssertOk(await RunAsync("contract", "add", Sample("contracts", "shared-savings.yaml")));
        var noReadings = await RunAsync("settle", "--contract", ContractId, "--period", "2025-01");
        var badPeriod = await RunAsync("settle", "--contract", ContractId, "--period", "2031-01");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("contract EPC-NOPE is not in the ledger", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, noReadings.ExitCode);
        Assert.Contains("no readings", noReadings.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, badPeriod.ExitCode);
        Assert.Contains("--period 2031-01", badPeriod.Stderr, StringComparison.Ordinal);
    }
}
