using System.Text;
using EnergySom.Contracts.Ledger;
using EnergySom.Contracts.Storage;
using EnergySom.Contracts.Tests.Ledger;
using NodaTime;

namespace EnergySom.Contracts.Tests.Storage;

/// <summary>
/// The contract every ledger store must keep, run against each implementation (SQLite, PostgreSQL): entries come
/// back exactly as appended, appends chain onto the head or are refused, the table refuses UPDATE and DELETE,
/// and every kind of hand edit of a stored row, made with the store's own SQL, is detected by verification at
/// the entry that was edited.
/// </summary>
public abstract class LedgerStoreContractTests : IAsyncLifetime
{
    private readonly List<ILedgerStore> _opened = [];

    /// <summary>A new, empty store for one test.</summary>
    protected abstract Task<ILedgerStore> CreateStoreAsync();

    /// <summary>Opens the same database again (another connection, as another process would).</summary>
    protected abstract Task<ILedgerStore> ReopenStoreAsync();

    /// <summary>Runs an UPDATE or DELETE as a plain user would; returns the database's error message, or null if it succeeded.</summary>
    protected abstract Task<string?> TryRawWriteAsync(string sql);

    /// <summary>Switches off the append-only triggers, as someone with owner rights who wants to edit history would.</summary>
    protected abstract Task DisableAppendOnlyAsync();

    /// <summary>Sets one column of one stored entry by SQL (value: byte[], string or long).</summary>
    protected abstract Task SetColumnAsync(long sequence, string column, object value);

    /// <summary>Deletes one stored entry by SQL.</summary>
    protected abstract Task DeleteEntryAsync(long sequence);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
    }

    private async Task<LedgerScenario> ScenarioAsync()
    {
        var store = await CreateStoreAsync();
        _opened.Add(store);
        return new LedgerScenario(store);
    }

    private async Task<LedgerScenario> StandardAsync() => await (await ScenarioAsync()).StandardAsync();

    private static async Task<LedgerFault> FaultAsync(LedgerScenario scenario, bool allSignatures = true)
    {
        var verification = await scenario.Ledger.VerifyAsync(new LedgerVerifyOptions { AllSignatures = allSignatures });
        Assert.False(verification.IsIntact, "verification did not detect the edit");
        return verification.Fault!;
    }

    [Fact]
    public async Task EmptyStore_HasNoHead_AndVerifiesIntact()
    {
        var scenario = await ScenarioAsync();

        Assert.Null(await scenario.Ledger.Store.ReadHeadAsync());
        var verification = await scenario.Ledger.VerifyAsync();
        Assert.True(verification.IsIntact);
        Assert.Equal(0, verification.Entries);
    }

    [Fact]
    public async Task Entries_ReadBackExactlyAsAppended()
    {
        var scenario = await StandardAsync();
        var store = scenario.Ledger.Store;

        var all = await store.ReadRangeAsync(0, 100);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), all.Select(e => e.Sequence));
        var reopened = await ReopenStoreAsync();
        _opened.Add(reopened);
        var again = await reopened.ReadRangeAsync(0, 100);
        for (var i = 0; i < all.Count; i++)
        {
            AssertSameEntry(all[i], again[i]);
        }

        Assert.Equal(all[^1].Hash, (await reopened.ReadHeadAsync())!.Hash);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.RecordedAt < p.Second.RecordedAt), "each entry has the clock's time when it was recorded");
    }

    [Fact]
    public async Task Queries_FindEntriesBySubjectContractAndType_InOrder()
    {
        var scenario = await StandardAsync();
        var store = scenario.Ledger.Store;
        var march = (await scenario.Ledger.Statements.ListAsync()).Single(s => s.Period == "2025-03");

        Assert.Equal([4L, 5, 6], (await store.ReadBySubjectAsync(march.StatementId)).Select(e => e.Sequence));
        Assert.Equal([3L, 4, 5, 6, 7, 8, 9, 10], (await store.ReadByContractAsync(LedgerScenario.ContractId)).Select(e => e.Sequence));
        Assert.Equal([1L, 2], (await store.ReadByTypeAsync(LedgerEntryTypes.KeyRegistered)).Select(e => e.Sequence));
        Assert.Equal([4L, 7, 10], (await store.ReadByTypeAsync(LedgerEntryTypes.StatementDrafted)).Select(e => e.Sequence));
        Assert.Empty(await store.ReadBySubjectAsync("no such statement"));
        Assert.Equal([6L, 7], (await store.ReadRangeAsync(5, 2)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Append_NotChainingOntoTheHead_IsRefusedAsAConflict()
    {
        var scenario = await (await ScenarioAsync()).WithContractAsync();
        var store = scenario.Ledger.Store;
        var head = (await store.ReadHeadAsync())!;
        var entry = (await store.ReadRangeAsync(2, 1))[0];

        // Same sequence as an existing entry, a sequence that skips one, and the right sequence with a wrong link.
        await Assert.ThrowsAsync<LedgerConflictException>(() => store.AppendAsync(entry));
        await Assert.ThrowsAsync<LedgerConflictException>(() => store.AppendAsync(entry with { Sequence = head.Sequence + 2 }));
        await Assert.ThrowsAsync<LedgerConflictException>(() => store.AppendAsync(entry with { Sequence = head.Sequence + 1 }));
        Assert.Equal(head.Sequence, (await store.ReadHeadAsync())!.Sequence);
    }

    [Fact]
    public async Task AppendRange_CopiesALedgerIntoAnotherStore_AllOrNothing()
    {
        // A ledger recorded on SQLite, copied into this store (as when a deployment moves to PostgreSQL).
        using var source = new EnergySom.Testing.TempDirectory("esom-copy-");
        await using var sqlite = EnergySom.Contracts.Storage.Sqlite.SqliteLedgerStore.Open(source.File("source.db"));
        using var original = await new LedgerScenario(sqlite).StandardAsync();
        var entries = await sqlite.ReadRangeAsync(0, 100);
        var target = (await ScenarioAsync()).Ledger;

        var broken = entries.Take(5).Concat(entries.Skip(6)).ToList();
        await Assert.ThrowsAsync<LedgerConflictException>(() => target.Store.AppendRangeAsync(broken));
        Assert.Null(await target.Store.ReadHeadAsync());

        await target.Store.AppendRangeAsync(entries);
        var verification = await target.VerifyAsync(new LedgerVerifyOptions { AllSignatures = true });
        Assert.True(verification.IsIntact, verification.Fault?.ToString());
        Assert.Equal(entries[^1].Hash, verification.Head!.Hash);
    }

    [Fact]
    public async Task TwoWriters_OnTheSameDatabase_BothLand_AndTheChainStaysIntact()
    {
        var scenario = await (await ScenarioAsync()).WithContractAsync();
        var other = await ReopenStoreAsync();
        _opened.Add(other);
        var second = new ContractLedger(other, scenario.Clock);

        // Interleaved writers through separate connections: each append that loses a race is decided again.
        var periods = Enumerable.Range(1, 12).Select(m => $"2026-{m:00}").ToArray();
        await Task.WhenAll(
            Task.Run(async () =>
            {
                foreach (var period in periods.Take(6))
                {
                    await scenario.Ledger.Statements.RecordDraftAsync(LedgerScenario.Draft(period, 10m), scenario.EscoKey);
                }
            }),
            Task.Run(async () =>
            {
                foreach (var period in periods.Skip(6))
                {
                    await second.Statements.RecordDraftAsync(LedgerScenario.Draft(period, 10m), scenario.EscoKey);
                }
            }));

        var verification = await scenario.Ledger.VerifyAsync(new LedgerVerifyOptions { AllSignatures = true });
        Assert.True(verification.IsIntact, verification.Fault?.ToString());
        Assert.Equal(15, verification.Entries);
        Assert.Equal(12, (await scenario.Ledger.Statements.ListAsync()).Count);
    }

    [Fact]
    public async Task PlainUpdateOrDelete_IsRefusedByTheDatabase()
    {
        var scenario = await StandardAsync();

        var update = await TryRawWriteAsync("UPDATE ledger_entries SET actor = 'someone else' WHERE sequence = 5");
        var delete = await TryRawWriteAsync("DELETE FROM ledger_entries WHERE sequence = 10");

        Assert.Contains("append-only", update, StringComparison.Ordinal);
        Assert.Contains("append-only", delete, StringComparison.Ordinal);
        Assert.True((await scenario.Ledger.VerifyAsync(new LedgerVerifyOptions { AllSignatures = true })).IsIntact);
    }

    [Fact]
    public async Task Intact_StandardLedger_Verifies()
    {
        var scenario = await StandardAsync();

        var verification = await scenario.Ledger.VerifyAsync(new LedgerVerifyOptions { AllSignatures = true });

        Assert.True(verification.IsIntact, verification.Fault?.ToString());
        Assert.Equal(10, verification.Entries);
        Assert.Equal(10, verification.SignaturesChecked);
        Assert.Equal((await scenario.Ledger.Store.ReadHeadAsync())!.Hash, verification.Head!.Hash);
    }

    [Fact]
    public async Task EditedPayload_IsDetected_AtThatEntry()
    {
        var scenario = await StandardAsync();
        var entry = await EntryAsync(scenario, 4);
        await DisableAppendOnlyAsync();

        await SetColumnAsync(4, "payload", Replace(entry.Payload, "1234.50", "9234.50"));

        var fault = await FaultAsync(scenario);
        Assert.Equal(4, fault.Sequence);
        Assert.Equal(LedgerFaultKind.PayloadAltered, fault.Kind);
    }

    [Fact]
    public async Task EditedPayloadWithItsDigest_IsDetected_AsAHashMismatch()
    {
        var scenario = await StandardAsync();
        var entry = await EntryAsync(scenario, 4);
        await DisableAppendOnlyAsync();
        var forged = Replace(entry.Payload, "1234.50", "9234.50");

        await SetColumnAsync(4, "payload", forged);
        await SetColumnAsync(4, "payload_digest", CanonicalJson.Digest(forged));

        var fault = await FaultAsync(scenario);
        Assert.Equal((4L, LedgerFaultKind.HashMismatch), (fault.Sequence, fault.Kind));
    }

    [Fact]
    public async Task EditedHash_IsDetected_AtThatEntry()
    {
        var scenario = await StandardAsync();
        var entry = await EntryAsync(scenario, 6);
        await DisableAppendOnlyAsync();
        var hash = (byte[])entry.Hash.Clone();
        hash[0] ^= 0x01;

        await SetColumnAsync(6, "hash", hash);

        var fault = await FaultAsync(scenario);
        Assert.Equal((6L, LedgerFaultKind.HashMismatch), (fault.Sequence, fault.Kind));
    }

    [Fact]
    public async Task EditedActor_IsDetected_AtThatEntry()
    {
        var scenario = await StandardAsync();
        await DisableAppendOnlyAsync();

        await SetColumnAsync(6, "actor", LedgerScenario.Esco);

        var fault = await FaultAsync(scenario);
        Assert.Equal((6L, LedgerFaultKind.HashMismatch), (fault.Sequence, fault.Kind));
    }

    [Fact]
    public async Task EditedTimestamp_IsDetected_AtThatEntry()
    {
        var scenario = await StandardAsync();
        var entry = await EntryAsync(scenario, 8);
        await DisableAppendOnlyAsync();

        await SetColumnAsync(8, "recorded_at", entry.RecordedAt.Minus(Duration.FromDays(3)).ToUnixTimeTicks());

        var fault = await FaultAsync(scenario);
        Assert.Equal((8L, LedgerFaultKind.HashMismatch), (fault.Sequence, fault.Kind));
    }

    [Fact]
    public async Task EditedPreviousHash_IsDetected_AsABrokenLink()
    {
        var scenario = await StandardAsync();
        var entry = await EntryAsync(scenario, 7);
        await DisableAppendOnlyAsync();

        await SetColumnAsync(7, "previous_hash", entry.Hash);

        var fault = await FaultAsync(scenario);
        Assert.Equal((7L, LedgerFaultKind.BrokenLink), (fault.Sequence, fault.Kind));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EditedSignature_IsDetected_AtThatEntry_EvenBehindACheckpoint(bool allSignatures)
    {
        var scenario = await StandardAsync();
        await scenario.Ledger.Checkpoints.CreateAsync(scenario.EscoKey, allSignatures: true);
        var entry = await EntryAsync(scenario, 5);
        await DisableAppendOnlyAsync();
        var signature = (byte[])entry.Signature.Clone();
        signature[10] ^= 0x80;

        await SetColumnAsync(5, "signature", signature);

        var fault = await FaultAsync(scenario, allSignatures);
        Assert.Equal((5L, LedgerFaultKind.BadSignature), (fault.Sequence, fault.Kind));
    }

    [Fact]
    public async Task DeletedRow_IsDetected_AsAMissingEntry()
    {
        var scenario = await StandardAsync();
        await DisableAppendOnlyAsync();

        await DeleteEntryAsync(5);

        var fault = await FaultAsync(scenario);
        Assert.Equal((5L, LedgerFaultKind.MissingEntry), (fault.Sequence, fault.Kind));
        Assert.Contains("after entry 4 comes entry 6", fault.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedFirstRow_IsDetected_AsAMissingEntry()
    {
        var scenario = await StandardAsync();
        await DisableAppendOnlyAsync();

        await DeleteEntryAsync(1);

        var fault = await FaultAsync(scenario);
        Assert.Equal((1L, LedgerFaultKind.MissingEntry), (fault.Sequence, fault.Kind));
    }

    [Fact]
    public async Task DeletedLastRow_IsDetected_AgainstAReceipt()
    {
        var scenario = await StandardAsync();
        var receipt = new LedgerReceipt(10, (await EntryAsync(scenario, 10)).HashHex);
        await DisableAppendOnlyAsync();

        await DeleteEntryAsync(10);

        // The chain alone cannot know it had a tenth entry; the receipt a party kept does.
        Assert.True((await scenario.Ledger.VerifyAsync()).IsIntact);
        var verification = await scenario.Ledger.VerifyAsync(new LedgerVerifyOptions { Receipts = [receipt] });
        Assert.Equal((10L, LedgerFaultKind.ReceiptMismatch), (verification.Fault!.Sequence, verification.Fault.Kind));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RewrittenHistory_WithRecomputedHashes_IsDetected_AtTheRewrittenEntry(bool allSignatures)
    {
        var scenario = await StandardAsync();
        if (!allSignatures)
        {
            await scenario.Ledger.Checkpoints.CreateAsync(scenario.EscoKey, allSignatures: true);
        }

        // Someone with the database but no private key changes March's amount, fixes the document digest inside
        // the payload, then recomputes every digest, link and hash from there on so that the chain is consistent
        // again. Only the signatures cannot follow.
        var entries = (await scenario.Ledger.Store.ReadRangeAsync(0, 100)).ToList();
        entries[3] = entries[3] with { Payload = ForgeStatementAmount(entries[3].Payload, "1234.50", "9234.50") };
        await DisableAppendOnlyAsync();
        for (var i = 3; i < entries.Count; i++)
        {
            var e = entries[i];
            var digest = CanonicalJson.Digest(e.Payload);
            var rehashed = e with { PayloadDigest = digest, PreviousHash = entries[i - 1].Hash };
            rehashed = rehashed with { Hash = EntryHash.Of(rehashed, entries[i - 1].Signature) };
            entries[i] = rehashed;
            await SetColumnAsync(e.Sequence, "payload", rehashed.Payload);
            await SetColumnAsync(e.Sequence, "payload_digest", rehashed.PayloadDigest);
            await SetColumnAsync(e.Sequence, "previous_hash", rehashed.PreviousHash);
            await SetColumnAsync(e.Sequence, "hash", rehashed.Hash);
        }

        var fault = await FaultAsync(scenario, allSignatures);
        Assert.Equal(4, fault.Sequence);
        Assert.Equal(LedgerFaultKind.BadSignature, fault.Kind);
    }

    [Fact]
    public async Task EntryTypeRenamed_IsDetected_AtThatEntry()
    {
        var scenario = await StandardAsync();
        await DisableAppendOnlyAsync();

        await SetColumnAsync(9, "entry_type", LedgerEntryTypes.StatementApproved);

        var fault = await FaultAsync(scenario);
        Assert.Equal((9L, LedgerFaultKind.HashMismatch), (fault.Sequence, fault.Kind));
    }

    [Fact]
    public async Task WorkflowState_SurvivesReopening()
    {
        var scenario = await StandardAsync();
        var reopened = await ReopenStoreAsync();
        _opened.Add(reopened);
        var ledger = new ContractLedger(reopened, scenario.Clock);

        var statements = await ledger.Statements.ListAsync();

        Assert.Equal(
            [("2025-03", StatementState.Final), ("2025-04", StatementState.Superseded), ("2025-04", StatementState.Draft)],
            statements.Select(s => (s.Period, s.State)));
    }

    private static async Task<LedgerEntry> EntryAsync(LedgerScenario scenario, long sequence) =>
        (await scenario.Ledger.Store.ReadRangeAsync(sequence - 1, 1)).Single();

    /// <summary>Changes an amount in a draft's embedded document and re-states the document's digest to match.</summary>
    internal static byte[] ForgeStatementAmount(byte[] payload, string from, string to)
    {
        var forged = Replace(payload, from, to);
        using var parsed = System.Text.Json.JsonDocument.Parse(forged);
        var oldDigest = parsed.RootElement.GetProperty("documentDigest").GetString()!;
        var newDigest = CanonicalJson.DigestHex(CanonicalJson.Canonicalize(parsed.RootElement.GetProperty("document").GetRawText()));
        return Replace(forged, oldDigest, newDigest);
    }

    private static byte[] Replace(byte[] payload, string from, string to)
    {
        var text = Encoding.UTF8.GetString(payload);
        Assert.Contains(from, text, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal));
    }

    private static void AssertSameEntry(LedgerEntry expected, LedgerEntry actual)
    {
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.SubjectId, actual.SubjectId);
        Assert.Equal(expected.ContractId, actual.ContractId);
        Assert.Equal(expected.Actor, actual.Actor);
        Assert.Equal(expected.KeyId, actual.KeyId);
        Assert.Equal(expected.RecordedAt, actual.RecordedAt);
        Assert.Equal(expected.Payload, actual.Payload);
        Assert.Equal(expected.PayloadDigest, actual.PayloadDigest);
        Assert.Equal(expected.PreviousHash, actual.PreviousHash);
        Assert.Equal(expected.Hash, actual.Hash);
        Assert.Equal(expected.Signature, actual.Signature);
    }
}
