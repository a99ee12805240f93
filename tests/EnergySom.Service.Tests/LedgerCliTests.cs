using System.Text;
using EnergySom.Contracts.Ledger;
using EnergySom.Contracts.Storage.Sqlite;
using EnergySom.Testing;
using NodaTime;

namespace EnergySom.Service.Tests;

/// <summary>
/// The ledger commands as a user runs them (the built <c>energysom</c>, in a temporary working folder with the
/// default <c>data/</c> and <c>keys/</c> layout): keys, the approval workflow, verification of an intact and of a
/// hand-edited ledger, and clear failures. Contracts and drafts are recorded in-process through the library here
/// (a minimal document); <see cref="SettleCliTests"/> records them through <c>contract add</c> and <c>settle</c>.
/// </summary>
public sealed class LedgerCliTests : IDisposable
{
    private const string ContractId = "EPC-DEMO-001";
    private readonly TempDirectory _dir = new("esom-ledger-cli-");

    public void Dispose() => _dir.Dispose();

    private string DatabasePath => Path.Combine(_dir.Path, "data", "energysom.db");

    private Task<EnergysomCli.Result> RunAsync(params string[] args) => RunWithAsync(null, args);

    private Task<EnergysomCli.Result> RunWithAsync(IDictionary<string, string>? environment, params string[] args) =>
        EnergysomCli.RunAsync(args, _dir.Path, environment ?? new Dictionary<string, string> { ["ENERGYSOM_POSTGRES"] = "", ["ENERGYSOM_DB"] = "", ["ENERGYSOM_KEY"] = "" });

    private static void AssertOk(EnergysomCli.Result result) => Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");

    /// <summary>Keys for esco and factory made and registered by the CLI, a contract and a draft for 2025-03 recorded in-process.</summary>
    private async Task<string> SeedAsync()
    {
        AssertOk(await RunAsync("keys", "create", "--party", "esco"));
        AssertOk(await RunAsync("keys", "create", "--party", "factory"));
        AssertOk(await RunAsync("keys", "register", "--party", "esco", "--key", "keys/esco.pem"));
        AssertOk(await RunAsync("keys", "register", "--party", "factory", "--public-key", "keys/factory.pub.pem", "--key", "keys/esco.pem"));

        await using var store = SqliteLedgerStore.Open(DatabasePath, create: false);
        var ledger = new ContractLedger(store, new ManualClock(Instant.FromUtc(2025, 4, 2, 2, 0)));
        using var esco = PartyKey.Load(_dir.File("keys/esco.pem"));
        await ledger.Contracts.RegisterAsync(new ContractRegistration(ContractId, "esco", "factory", Encoding.UTF8.GetBytes("""{"contractId":"EPC-DEMO-001","escoShare":0.7}""")), esco);
        var (_, statement) = await ledger.Statements.RecordDraftAsync(
            new StatementDraft($"{ContractId}/2025-03/abc123", ContractId, "2025-03", "abc123", Encoding.UTF8.GetBytes("""{"savingsValue":1234.50,"escoAmount":864.15}""")),
            esco);
        return statement.StatementId;
    }

    [Fact]
    public async Task KeysCreate_WritesAPrivateKeyOnlyTheOwnerReads_AndNeverOverwrites()
    {
        var created = await RunAsync("keys", "create", "--party", "Huadong Energy Services Co.");
        var again = await RunAsync("keys", "create", "--party", "Huadong Energy Services Co.");

        AssertOk(created);
        var privateKey = _dir.File("keys/huadong-energy-services-co.pem");
        Assert.Contains("created key", created.Stdout, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privateKey));
        }

        Assert.Contains("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(privateKey), StringComparison.Ordinal);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", await File.ReadAllTextAsync(_dir.File("keys/huadong-energy-services-co.pub.pem")), StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("exists: a key file is never overwritten", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysCreate_Encrypted_NeedsThePassphraseToSign()
    {
        var env = new Dictionary<string, string> { ["ENERGYSOM_KEY_PASSPHRASE"] = "correct horse battery" };
        AssertOk(await RunWithAsync(env, "keys", "create", "--party", "esco", "--encrypt"));

        var withoutPassphrase = await RunWithAsync(new Dictionary<string, string> { ["ENERGYSOM_KEY_PASSPHRASE"] = "" }, "keys", "register", "--party", "esco", "--key", "keys/esco.pem");
        var withPassphrase = await RunWithAsync(env, "keys", "register", "--party", "esco", "--key", "keys/esco.pem");

        Assert.Contains("ENCRYPTED PRIVATE KEY", await File.ReadAllTextAsync(_dir.File("keys/esco.pem")), StringComparison.Ordinal);
        Assert.Equal(1, withoutPassphrase.ExitCode);
        Assert.Contains("ENERGYSOM_KEY_PASSPHRASE", withoutPassphrase.Stderr, StringComparison.Ordinal);
        AssertOk(withPassphrase);
    }

    [Fact]
    public async Task Workflow_EscoThenFactory_MakesTheStatementFinal_RefusingIllegalSteps()
    {
        var id = await SeedAsync();

        var list = await RunAsync("statement", "list");
        var factoryFirst = await RunAsync("statement", "approve", id, "--as", "factory");
        var esco = await RunAsync("statement", "approve", id, "--as", "esco");
        var wrongKey = await RunAsync("statement", "approve", id, "--as", "factory", "--key", "keys/esco.pem");
        var factory = await RunAsync("statement", "approve", id, "--as", "factory");
        var show = await RunAsync("statement", "show", id);
        var json = await RunAsync("statement", "show", id, "--json");
        var verify = await RunAsync("ledger", "verify");

        AssertOk(list);
        Assert.Matches($@"{ContractId}/2025-03/abc123\s+2025-03\s+draft", list.Stdout);
        Assert.Equal(1, factoryFirst.ExitCode);
        Assert.Equal($"energysom: statement {id} awaits the ESCO's approval: the ESCO approves first, then the factory\n", factoryFirst.Stderr);
        AssertOk(esco);
        Assert.StartsWith($"statement {id} approved by the ESCO ('esco'): now approved-by-esco\nreceipt: 5:", esco.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.Contains("belongs to 'esco', but the factory of statement", wrongKey.Stderr, StringComparison.Ordinal);
        AssertOk(factory);
        Assert.Contains("now final", factory.Stdout, StringComparison.Ordinal);
        AssertOk(show);
        Assert.Contains("state      final", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("approved as factory by 'factory'", show.Stdout, StringComparison.Ordinal);
        Assert.Equal("{\"escoAmount\":864.15,\"savingsValue\":1234.50}\n", json.Stdout);
        AssertOk(verify);
        Assert.Matches("^ledger intact: 6 entries, head [0-9a-f]{64}\n", verify.Stdout);
    }

    [Fact]
    public async Task Dispute_NeedsAReason_AndIsShown()
    {
        var id = await SeedAsync();

        var noReason = await RunAsync("statement", "dispute", id, "--as", "factory");
        var disputed = await RunAsync("statement", "dispute", id, "--as", "factory", "--reason", "meter M2 offline 3-5 March");
        var list = await RunAsync("statement", "list", "--state", "disputed");
        var approve = await RunAsync("statement", "approve", id, "--as", "esco");

        Assert.NotEqual(0, noReason.ExitCode);
        Assert.Contains("--reason", noReason.Stderr, StringComparison.Ordinal);
        AssertOk(disputed);
        Assert.Contains("now disputed", disputed.Stdout, StringComparison.Ordinal);
        Assert.Contains("disputed", list.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, approve.ExitCode);
        Assert.Contains("is disputed (meter M2 offline 3-5 March)", approve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EditedRow_ExitsOne_NamingTheFirstAlteredEntry()
    {
        var id = await SeedAsync();
        AssertOk(await RunAsync("statement", "approve", id, "--as", "esco"));
        using (var database = SqliteDatabase.Open(DatabasePath, SqliteOpenMode.ReadWrite))
        {
            // Someone with the database file, but no key, changes the ESCO's approval into the factory's.
            database.Execute("DROP TRIGGER ledger_entries_no_update; UPDATE ledger_entries SET actor = 'factory' WHERE sequence = 5;");
        }

        var verify = await RunAsync("ledger", "verify");

        Assert.Equal(1, verify.ExitCode);
        Assert.StartsWith("ledger altered at entry 5: hash mismatch", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithAReceipt_DetectsADeletedLastEntry()
    {
        var id = await SeedAsync();
        var approved = await RunAsync("statement", "approve", id, "--as", "esco");
        var receipt = approved.Stdout.Split('\n').Single(l => l.StartsWith("receipt: ", StringComparison.Ordinal))["receipt: ".Length..];
        using (var database = SqliteDatabase.Open(DatabasePath, SqliteOpenMode.ReadWrite))
        {
            database.Execute("DROP TRIGGER ledger_entries_no_delete; DELETE FROM ledger_entries WHERE sequence = 5;");
        }

        var plain = await RunAsync("ledger", "verify");
        var withReceipt = await RunAsync("ledger", "verify", "--receipt", receipt);

        AssertOk(plain);
        Assert.Equal(1, withReceipt.ExitCode);
        Assert.StartsWith("ledger altered at entry 5: missing: a receipt shows entry 5", withReceipt.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoint_IsUsedByTheNextVerification()
    {
        var id = await SeedAsync();

        var checkpoint = await RunAsync("ledger", "checkpoint", "--key", "keys/factory.pem");
        AssertOk(await RunAsync("statement", "approve", id, "--as", "esco"));
        var fast = await RunAsync("ledger", "verify");
        var full = await RunAsync("ledger", "verify", "--full", "--trusted-key", "keys/esco.pub.pem");

        AssertOk(checkpoint);
        Assert.StartsWith("checkpoint at entry 5 vouches for entries 1-4", checkpoint.Stdout, StringComparison.Ordinal);
        AssertOk(fast);
        Assert.Contains("entries 1-4 vouched for by the checkpoint at entry 5, signed by 'factory'", fast.Stdout, StringComparison.Ordinal);
        AssertOk(full);
        Assert.Contains("signatures: 6 verified (every entry)", full.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LedgerLog_ListsEntries()
    {
        await SeedAsync();

        var log = await RunAsync("ledger", "log", "--from", "3", "--limit", "2");

        AssertOk(log);
        var lines = log.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\s+3\s+2025-04-02 02:00:00Z\s+contract.registered\s+EPC-DEMO-001\s+by 'esco'", lines[0]);
        Assert.Contains("statement.drafted", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingLedger_OrKey_FailsWithOneClearLine_CreatingNothing()
    {
        var verify = await RunAsync("ledger", "verify");
        var approve = await RunAsync("statement", "approve", "X", "--as", "esco");

        Assert.Equal(1, verify.ExitCode);
        Assert.Equal("energysom: no ledger database at data/energysom.db (pass --db PATH, or set ENERGYSOM_POSTGRES)\n", verify.Stderr);
        Assert.Equal(1, approve.ExitCode);
        Assert.StartsWith("energysom: no key file keys/esco.pem", approve.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("data")));
    }

    [Fact]
    public async Task PostgresConnectionString_FromTheEnvironment_SelectsPostgres()
    {
        // Nothing listens on port 1: the failure shows the PostgreSQL store was chosen, and no password is echoed.
        var env = new Dictionary<string, string> { ["ENERGYSOM_POSTGRES"] = "Host=127.0.0.1;Port=1;Username=energysom;Password=hunter2;Database=ledger;Timeout=2" };

        var verify = await RunWithAsync(env, "ledger", "verify");

        Assert.Equal(1, verify.ExitCode);
        Assert.StartsWith("energysom: PostgreSQL 127.0.0.1:1/ledger as energysom:", verify.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", verify.Stderr, StringComparison.Ordinal);
    }
}
