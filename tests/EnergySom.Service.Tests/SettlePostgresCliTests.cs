using EnergySom.Contracts.Tests.Storage;
using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage;
using EnergySom.Testing;
using NodaTime;

namespace EnergySom.Service.Tests;

/// <summary>
/// <c>contract add</c>, <c>settle</c>, both approvals and <c>ledger verify</c> with the ledger in a real PostgreSQL
/// server (Debian's package, started by the tests on loopback), selected by <c>ENERGYSOM_POSTGRES</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SettlePostgresCliTests(PostgresServer server) : IDisposable
{
    private const string ContractId = "EPC-2025-001";
    private readonly TempDirectory _dir = new("esom-settle-pg-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SettleAndApprove_OnPostgres_VerifiesIntact()
    {
        var env = new Dictionary<string, string>
        {
            ["ENERGYSOM_POSTGRES"] = await server.DatabaseForAsync(nameof(SettlePostgresCliTests)),
            ["ENERGYSOM_DB"] = "",
            ["ENERGYSOM_KEY"] = "",
            ["ENERGYSOM_DATA"] = "",
            ["ENERGYSOM_TARIFFS"] = Path.Combine(AppContext.BaseDirectory, "samples", "tariffs"),
        };
        Task<EnergysomCli.Result> Run(params string[] args) => EnergysomCli.RunAsync(args, _dir.Path, env);
        static void Ok(EnergysomCli.Result r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        await WriteJanuaryAsync();

        Ok(await Run("keys", "create", "--party", "huadong-es", "--out", "keys/esco.pem"));
        Ok(await Run("keys", "create", "--party", "dg-precision", "--out", "keys/factory.pem"));
        Ok(await Run("keys", "register", "--party", "huadong-es", "--key", "keys/esco.pem"));
        Ok(await Run("keys", "register", "--party", "dg-precision", "--public-key", "keys/factory.pub.pem", "--key", "keys/esco.pem"));
        Ok(await Run("contract", "add", Path.Combine(AppContext.BaseDirectory, "samples", "contracts", "shared-savings.yaml")));
        var settled = await Run("settle", "--contract", ContractId, "--period", "2025-01");
        Ok(settled);
        var id = settled.Stdout.Split('\n')[0]["statement ".Length..];
        var again = await Run("settle", "--contract", ContractId, "--period", "2025-01");
        Ok(await Run("statement", "approve", id, "--as", "esco"));
        Ok(await Run("statement", "approve", id, "--as", "factory"));
        var verify = await Run("ledger", "verify");

        Ok(again);
        Assert.Contains("nothing recorded", again.Stdout, StringComparison.Ordinal);
        Ok(verify);
        Assert.StartsWith("ledger intact: 6 entries", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("store: postgresql", verify.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    private async Task WriteJanuaryAsync()
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        Directory.CreateDirectory(_dir.File("data"));
        await using var store = EmbeddedReadingStore.Open(_dir.File("data/readings.ests"));
        var from = new LocalDate(2025, 1, 1).AtStartOfDayInZone(zone).ToInstant();
        var readings = new List<Reading>();
        for (var i = 0; i < 31 * 96; i++)
        {
            var t = from + Duration.FromMinutes(15 * i);
            readings.Add(new Reading(new SeriesKey("main-incomer-1", "active_energy_import_interval"), t, 100, QualityFlags.Imported));
            readings.Add(new Reading(new SeriesKey("main-incomer-2", "active_energy_import_interval"), t, 50, QualityFlags.Imported));
            readings.Add(new Reading(new SeriesKey("baseline:bl-dg-electricity@3", "active_energy_import_interval"), t, 170, QualityFlags.Imported));
        }

        for (var d = 0; d < 31; d++)
        {
            var t = new LocalDate(2025, 1, 1).PlusDays(d).AtStartOfDayInZone(zone).ToInstant();
            readings.Add(new Reading(new SeriesKey("gas-main", "gas_volume_std_interval"), t, 900, QualityFlags.Imported));
            readings.Add(new Reading(new SeriesKey("baseline:bl-dg-gas@2", "gas_volume_std_interval"), t, 1000, QualityFlags.Imported));
        }

        await store.WriteAsync(readings, CancellationToken.None);
    }
}
