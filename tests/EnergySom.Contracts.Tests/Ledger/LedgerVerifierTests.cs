using System.Text;
using EnergySom.Contracts.Ledger;
using EnergySom.Contracts.Storage.Sqlite;
using EnergySom.Testing;
using NodaTime;

namespace EnergySom.Contracts.Tests.Ledger;

/// <summary>
/// Verification beyond single-row edits: checkpoints (what they save and what they vouch for), receipts, trusted
/// keys, and well-signed entries that break the rules.
/// </summary>
public sealed class LedgerVerifierTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new("esom-verify-");
    private SqliteLedgerStore _store = null!;
    private LedgerScenario _scenario = null!;

    public async Task InitializeAsync()
    {
        _store = SqliteLedgerStore.Open(_dir.File("ledger.db"));
        _scenario = await new LedgerScenario(_store).StandardAsync();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose()
    {
        _scenario.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Checkpoint_LetsVerificationSkipTheSignaturesItVouchesFor()
    {
        for (var month = 1; month <= 12; month++)
        {
            await _scenario.StatementAsync($"2026-{month:00}", month, StatementState.Final);
        }

        var (before, checkpoint) = await _scenario.Ledger.Checkpoints.CreateAsync(_scenario.FactoryKey, allSignatures: true);
        await _scenario.StatementAsync("2027-01", 5m, StatementState.ApprovedByEsco);

        var fast = await _scenario.Ledger.VerifyAsync();
        var full = await _scenario.Ledger.VerifyAsync(new LedgerVerifyOptions { AllSignatures = true });

        Assert.True(before.IsIntact);
        Assert.Equal(46, before.Entries);
        Assert.Equal((47L, 46L), (checkpoint!.Sequence, CheckpointThrough(checkpoint)));
        Assert.True(fast.IsIntact && full.IsIntact);
        Assert.Equal(49, full.Entries);
        Assert.Equal(49, full.SignaturesChecked);
        Assert.Equal(new TrustedCheckpoint(47, 46, LedgerScenario.Factory), fast.Checkpoint);

        // The two keys, the checkpoint, and the two entries after it.
        Assert.Equal(5, fast.SignaturesChecked);
    }

    [Fact]
    public async Task CheckpointThatDoesNotHold_IsNotReliedOn_AndTheFirstAlteredEntryIsStillNamed()
    {
        var (_, checkpoint) = await _scenario.Ledger.Checkpoints.CreateAsync(_scenario.EscoKey, allSignatures: true);
        await _scenario.StatementAsync("2025-06", 1m, StatementState.ApprovedByEsco);
        var signature = (byte[])checkpoint!.Signature.Clone();
        signature[0] ^= 0xFF;
        await using (var raw = new RawLedgerFile(_dir.File("ledger.db")))
        {
            raw.Execute("DROP TRIGGER ledger_entries_no_update;");
            using var update = raw.Database.Prepare("UPDATE ledger_entries SET signature = ?1 WHERE sequence = 11");
            update.Bind(1, signature).Execute();
        }

        var verification = await _scenario.Ledger.VerifyAsync();

        Assert.Equal((11L, LedgerFaultKind.BadSignature), (verification.Fault!.Sequence, verification.Fault.Kind));
        Assert.Null(verification.Checkpoint);
    }

    [Fact]
    public async Task Checkpoint_OfABrokenLedger_IsNotWritten()
    {
        await using var raw = new RawLedgerFile(_dir.File("ledger.db"));
        raw.Execute("DROP TRIGGER ledger_entries_no_delete;");
        raw.Execute("DELETE FROM ledger_entries WHERE sequence = 3;");

        var (verification, checkpoint) = await _scenario.Ledger.Checkpoints.CreateAsync(_scenario.EscoKey);

        Assert.False(verification.IsIntact);
        Assert.Null(checkpoint);
        Assert.Equal(10, (await _store.ReadHeadAsync())!.Sequence);
    }

    [Fact]
    public async Task Receipts_DetectRewrittenOrRemovedEntries()
    {
        var head = (await _store.ReadHeadAsync())!;

        var ok = await _scenario.Ledger.VerifyAsync(new LedgerVerifyOptions { Receipts = [new LedgerReceipt(10, head.HashHex)] });
        var wrong = await _scenario.Ledger.VerifyAsync(new LedgerVerifyOptions { Receipts = [new LedgerReceipt(7, head.HashHex)] });
        var beyond = await _scenario.Ledger.VerifyAsync(new LedgerVerifyOptions { Receipts = [new LedgerReceipt(12, head.HashHex)] });

        Assert.True(ok.IsIntact);
        Assert.Equal((7L, LedgerFaultKind.ReceiptMismatch), (wrong.Fault!.Sequence, wrong.Fault.Kind));
        Assert.Contains("the ledger ends at entry 10", beyond.Fault!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Receipt_ParsesSequenceColonHash_AndRefusesAnythingElse()
    {
        var hash = new string('a', 64);

        Assert.Equal(new LedgerReceipt(42, hash), LedgerReceipt.Parse($"42:{hash.ToUpperInvariant()}"));
        Assert.Throws<FormatException>(() => LedgerReceipt.Parse($"0:{hash}"));
        Assert.Throws<FormatException>(() => LedgerReceipt.Parse("42:abc"));
        Assert.Throws<FormatException>(() => LedgerReceipt.Parse(hash));
    }

    [Fact]
    public async Task TrustedKeys_DetectALedgerRebuiltWithOtherKeys()
    {
        // A complete, self-consistent ledger built by someone else with their own keys verifies on its own...
        await using var forgedStore = SqliteLedgerStore.Open(_dir.File("forged.db"));
        using var forger = await new LedgerScenario(forgedStore).StandardAsync();
        Assert.True((await forger.Ledger.VerifyAsync(new LedgerVerifyOptions { AllSignatures = true })).IsIntact);

        // ...but not for a verifier who knows the real ESCO's key.
        var trusting = new LedgerVerifyOptions { TrustedKeys = [_scenario.EscoKey.PublicKey] };
        var forged = await forger.Ledger.VerifyAsync(trusting);
        var genuine = await _scenario.Ledger.VerifyAsync(trusting);

        Assert.Equal(LedgerFaultKind.UntrustedKey, forged.Fault!.Kind);
        Assert.Contains(_scenario.EscoKey.KeyId, forged.Fault.Detail, StringComparison.Ordinal);
        Assert.True(genuine.IsIntact);
    }

    [Fact]
    public async Task WellSignedEntry_ThatBreaksTheWorkflow_IsReported()
    {
        // Another client, holding the factory's real key, appends a factory approval of a draft the ESCO has not
        // approved (the April re-settlement, entry 10): hash, link and signature are all fine.
        var april = (await _scenario.Ledger.Statements.ListAsync()).Single(s => s.State == StatementState.Draft);
        var payload = CanonicalJson.Canonicalize(
            $$"""{"schema":"energysom.ledger/1","statementId":"{{april.StatementId}}","role":"factory","documentDigest":"{{april.DocumentDigest}}","reason":null}""");
        await AppendRawAsync(LedgerEntryTypes.StatementApproved, april.StatementId, april.ContractId, LedgerScenario.Factory, payload, _scenario.FactoryKey);

        var verification = await _scenario.Ledger.VerifyAsync(new LedgerVerifyOptions { AllSignatures = true });

        Assert.Equal((11L, LedgerFaultKind.RuleViolation), (verification.Fault!.Sequence, verification.Fault.Kind));
        Assert.Contains("awaits the ESCO's approval", verification.Fault.Detail, StringComparison.Ordinal);

        // And nothing more is appended onto a ledger whose rules are broken.
        var error = await Assert.ThrowsAsync<WorkflowException>(() => _scenario.Ledger.Statements.ApproveAsync(april.StatementId, PartyRole.Esco, _scenario.EscoKey));
        Assert.Contains("entry 11 breaks the ledger's rules", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntryInAnotherPartysName_SignedWithTheWrongKey_IsReported()
    {
        // The ESCO signs an approval and files it as the factory's.
        var april = (await _scenario.Ledger.Statements.ListAsync()).Single(s => s.State == StatementState.Draft);
        var payload = CanonicalJson.Canonicalize(
            $$"""{"schema":"energysom.ledger/1","statementId":"{{april.StatementId}}","role":"esco","documentDigest":"{{april.DocumentDigest}}","reason":null}""");
        await AppendRawAsync(LedgerEntryTypes.StatementApproved, april.StatementId, april.ContractId, LedgerScenario.Factory, payload, _scenario.EscoKey);

        var verification = await _scenario.Ledger.VerifyAsync();

        Assert.Equal((11L, LedgerFaultKind.RuleViolation), (verification.Fault!.Sequence, verification.Fault.Kind));
        Assert.Contains($"of '{LedgerScenario.Esco}', but recorded as acting for '{LedgerScenario.Factory}'", verification.Fault.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownEntryType_IsReported()
    {
        await AppendRawAsync("statement.frobnicated", "x", LedgerScenario.ContractId, LedgerScenario.Esco, CanonicalJson.Canonicalize("{}"), _scenario.EscoKey);

        var verification = await _scenario.Ledger.VerifyAsync();

        Assert.Equal((11L, LedgerFaultKind.RuleViolation), (verification.Fault!.Sequence, verification.Fault.Kind));
        Assert.Contains("unknown entry type 'statement.frobnicated'", verification.Fault.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_ListsTheRegisteredKeys()
    {
        var verification = await _scenario.Ledger.VerifyAsync();

        Assert.Equal([LedgerScenario.Esco, LedgerScenario.Factory], verification.Keys.Select(k => k.Party));
        Assert.Equal(_scenario.EscoKey.KeyId, verification.Keys[0].KeyId);
    }

    private async Task AppendRawAsync(string type, string subject, string contract, string actor, byte[] payload, PartyKey key)
    {
        var head = (await _store.ReadHeadAsync())!;
        var at = Instant.FromUtc(2025, 5, 1, 0, 0);
        var digest = CanonicalJson.Digest(payload);
        var hash = EntryHash.Compute(head.Sequence + 1, type, subject, contract, actor, key.KeyId, at, digest, head.Hash, head.Signature);
        await _store.AppendAsync(new LedgerEntry(head.Sequence + 1, type, subject, contract, actor, key.KeyId, at, payload, digest, head.Hash, hash, key.Sign(hash)));
    }

    private static long CheckpointThrough(LedgerEntry checkpoint)
    {
        using var json = System.Text.Json.JsonDocument.Parse(Encoding.UTF8.GetString(checkpoint.Payload));
        return json.RootElement.GetProperty("throughSequence").GetInt64();
    }

    /// <summary>A second, raw connection to the ledger file, as someone editing it by hand would open.</summary>
    private sealed class RawLedgerFile(string path) : IAsyncDisposable
    {
        private readonly SqliteDatabase _database = SqliteDatabase.Open(path, SqliteOpenMode.ReadWrite);

        public SqliteDatabase Database => _database;

        public void Execute(string sql) => _database.Execute(sql);

        public ValueTask DisposeAsync()
        {
            _database.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
