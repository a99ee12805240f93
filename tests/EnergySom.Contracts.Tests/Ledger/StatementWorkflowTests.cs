using EnergySom.Contracts.Ledger;
using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Storage.Sqlite;
using EnergySom.Testing;
using NodaTime;
using static EnergySom.Contracts.Tests.TestTariffs;

namespace EnergySom.Contracts.Tests.Ledger;

/// <summary>
/// The statement workflow: draft → approved by the ESCO → approved by the factory (final), or disputed with a
/// reason; corrections by reversal and a new statement; idempotent re-recording; every illegal move refused with
/// a message that says why, and nothing recorded.
/// </summary>
public sealed class StatementWorkflowTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new("esom-workflow-");
    private SqliteLedgerStore _store = null!;
    private LedgerScenario _scenario = null!;

    private ContractLedger Ledger => _scenario.Ledger;

    private StatementBook Statements => _scenario.Ledger.Statements;

    public async Task InitializeAsync()
    {
        _store = SqliteLedgerStore.Open(_dir.File("ledger.db"));
        _scenario = await new LedgerScenario(_store).WithContractAsync();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose()
    {
        _scenario?.Dispose();
        _dir.Dispose();
    }

    private async Task<long> HeadAsync() => (await _store.ReadHeadAsync())?.Sequence ?? 0;

    private async Task AssertRefusedAsync(Func<Task> act, string expectedMessagePart)
    {
        var before = await HeadAsync();
        var error = await Assert.ThrowsAsync<WorkflowException>(act);
        Assert.Contains(expectedMessagePart, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await HeadAsync());
    }

    [Fact]
    public async Task Draft_ApprovedByEscoThenFactory_IsFinal_WithItsHistory()
    {
        var id = await _scenario.StatementAsync("2025-03", 1234.50m);
        Assert.Equal(StatementState.Draft, (await Statements.GetAsync(id))!.State);

        var afterEsco = await Statements.ApproveAsync(id, PartyRole.Esco, _scenario.EscoKey);
        Assert.Equal(StatementState.ApprovedByEsco, afterEsco.State);

        var final = await Statements.ApproveAsync(id, PartyRole.Factory, _scenario.FactoryKey);
        Assert.Equal(StatementState.Final, final.State);
        Assert.Equal(
            [(LedgerEntryTypes.StatementDrafted, LedgerScenario.Esco, (PartyRole?)null),
             (LedgerEntryTypes.StatementApproved, LedgerScenario.Esco, PartyRole.Esco),
             (LedgerEntryTypes.StatementApproved, LedgerScenario.Factory, PartyRole.Factory)],
            final.History.Select(h => (h.Type, h.Actor, h.Role)));
        Assert.Equal([4L, 5, 6], final.History.Select(h => h.Sequence));
        Assert.True((await Ledger.VerifyAsync(new LedgerVerifyOptions { AllSignatures = true })).IsIntact);
    }

    [Fact]
    public async Task FactoryApprovingBeforeTheEsco_IsRefused()
    {
        var id = await _scenario.StatementAsync("2025-03", 10m);

        await AssertRefusedAsync(
            () => Statements.ApproveAsync(id, PartyRole.Factory, _scenario.FactoryKey),
            "awaits the ESCO's approval: the ESCO approves first, then the factory");
    }

    [Fact]
    public async Task EscoApprovingTwice_IsRefused()
    {
        var id = await _scenario.StatementAsync("2025-03", 10m, StatementState.ApprovedByEsco);

        await AssertRefusedAsync(() => Statements.ApproveAsync(id, PartyRole.Esco, _scenario.EscoKey), "has already approved");
    }

    [Fact]
    public async Task ApprovingAFinalStatement_IsRefused()
    {
        var id = await _scenario.StatementAsync("2025-03", 10m, StatementState.Final);

        await AssertRefusedAsync(() => Statements.ApproveAsync(id, PartyRole.Factory, _scenario.FactoryKey), "is already final");
    }

    [Fact]
    public async Task WrongPartyActing_IsRefused_NamingTheKeyAndTheParties()
    {
        var id = await _scenario.StatementAsync("2025-03", 10m);

        // The factory's key claiming to act as the ESCO, and the ESCO's key claiming to act as the factory.
        await AssertRefusedAsync(
            () => Statements.ApproveAsync(id, PartyRole.Esco, _scenario.FactoryKey),
            $"belongs to '{LedgerScenario.Factory}', but the ESCO of statement {id}");
        await Statements.ApproveAsync(id, PartyRole.Esco, _scenario.EscoKey);
        await AssertRefusedAsync(
            () => Statements.ApproveAsync(id, PartyRole.Factory, _scenario.EscoKey),
            $"but the factory of statement {id} (contract {LedgerScenario.ContractId}) is '{LedgerScenario.Factory}'");
    }

    [Fact]
    public async Task UnregisteredKey_CannotAct()
    {
        var id = await _scenario.StatementAsync("2025-03", 10m);
        using var stranger = PartyKey.Generate();

        await AssertRefusedAsync(() => Statements.ApproveAsync(id, PartyRole.Esco, stranger), $"key {stranger.KeyId} is not registered in this ledger");
    }

    [Fact]
    public async Task Dispute_NeedsAReason_AndBlocksApproval()
    {
        var id = await _scenario.StatementAsync("2025-03", 10m, StatementState.ApprovedByEsco);
        await AssertRefusedAsync(() => Statements.DisputeAsync(id, PartyRole.Factory, "  ", _scenario.FactoryKey), "needs a reason");

        var disputed = await Statements.DisputeAsync(id, PartyRole.Factory, "meter M2 was offline 3–5 March", _scenario.FactoryKey);

        Assert.Equal(StatementState.Disputed, disputed.State);
        Assert.Equal("meter M2 was offline 3–5 March", disputed.Reason);
        await AssertRefusedAsync(
            () => Statements.ApproveAsync(id, PartyRole.Factory, _scenario.FactoryKey),
            "is disputed (meter M2 was offline 3–5 March); settle the period again");
        await AssertRefusedAsync(() => Statements.DisputeAsync(id, PartyRole.Esco, "again", _scenario.EscoKey), "is disputed");
    }

    [Fact]
    public async Task DisputingAFinalStatement_IsRefused_PointingToReversal()
    {
        var id = await _scenario.StatementAsync("2025-03", 10m, StatementState.Final);

        await AssertRefusedAsync(() => Statements.DisputeAsync(id, PartyRole.Factory, "late objection", _scenario.FactoryKey), "reverse it");
    }

    [Fact]
    public async Task ReSettling_IdenticalInputs_RecordsNothing_AndReturnsTheSameStatement()
    {
        var first = await Statements.RecordDraftAsync(LedgerScenario.Draft("2025-03", 1234.50m), _scenario.EscoKey);
        var head = await HeadAsync();

        var again = await Statements.RecordDraftAsync(LedgerScenario.Draft("2025-03", 1234.50m), _scenario.EscoKey);

        Assert.Equal(RecordOutcome.Recorded, first.Outcome);
        Assert.Equal(RecordOutcome.AlreadyRecorded, again.Outcome);
        Assert.Equal(first.Statement.StatementId, again.Statement.StatementId);
        Assert.Equal(head, await HeadAsync());
    }

    [Fact]
    public async Task ReSettling_AnApprovedStatementWithIdenticalInputs_KeepsItsApproval()
    {
        var id = await _scenario.StatementAsync("2025-03", 1234.50m, StatementState.Final);

        var again = await Statements.RecordDraftAsync(LedgerScenario.Draft("2025-03", 1234.50m), _scenario.EscoKey);

        Assert.Equal(RecordOutcome.AlreadyRecorded, again.Outcome);
        Assert.Equal((id, StatementState.Final), (again.Statement.StatementId, again.Statement.State));
    }

    [Fact]
    public async Task ReSettling_ChangedInputs_SupersedesTheOldDraft_WhichStaysInTheLedger()
    {
        var old = await _scenario.StatementAsync("2025-03", 1000m, StatementState.ApprovedByEsco);

        var (outcome, replacement) = await Statements.RecordDraftAsync(LedgerScenario.Draft("2025-03", 1010m), _scenario.EscoKey);

        Assert.Equal(RecordOutcome.Recorded, outcome);
        Assert.NotEqual(old, replacement.StatementId);
        Assert.Equal(old, replacement.Supersedes);
        var superseded = (await Statements.GetAsync(old))!;
        Assert.Equal((StatementState.Superseded, replacement.StatementId), (superseded.State, superseded.SupersededBy));
        await AssertRefusedAsync(
            () => Statements.ApproveAsync(old, PartyRole.Factory, _scenario.FactoryKey),
            $"was superseded by {replacement.StatementId}; act on that statement instead");
    }

    [Fact]
    public async Task DisputedStatement_IsCorrected_BySettlingAgain()
    {
        var old = await _scenario.StatementAsync("2025-03", 1000m);
        await Statements.DisputeAsync(old, PartyRole.Factory, "wrong tariff", _scenario.FactoryKey);

        var (_, corrected) = await Statements.RecordDraftAsync(LedgerScenario.Draft("2025-03", 900m), _scenario.EscoKey);
        await Statements.ApproveAsync(corrected.StatementId, PartyRole.Esco, _scenario.EscoKey);
        var final = await Statements.ApproveAsync(corrected.StatementId, PartyRole.Factory, _scenario.FactoryKey);

        Assert.Equal(StatementState.Final, final.State);
        var history = (await Statements.GetAsync(old))!;
        Assert.Equal((StatementState.Superseded, "wrong tariff"), (history.State, history.Reason));
    }

    [Fact]
    public async Task FinalStatement_CannotBeReplacedByANewDraft_UntilItIsReversed()
    {
        var final = await _scenario.StatementAsync("2025-03", 1000m, StatementState.Final);
        await AssertRefusedAsync(
            () => Statements.RecordDraftAsync(LedgerScenario.Draft("2025-03", 1100m), _scenario.EscoKey),
            $"has a final statement, {final}: reverse it before issuing a new one");

        var reversed = await Statements.ReverseAsync(final, PartyRole.Esco, "baseline re-fitted after an audit finding", _scenario.EscoKey);
        var (_, correction) = await Statements.RecordDraftAsync(LedgerScenario.Draft("2025-03", 1100m), _scenario.EscoKey);

        Assert.Equal(StatementState.Reversed, reversed.State);
        Assert.Equal(final, correction.Supersedes);
        var after = (await Statements.GetAsync(final))!;
        Assert.Equal((StatementState.Reversed, correction.StatementId), (after.State, after.SupersededBy));
        Assert.Equal("baseline re-fitted after an audit finding", after.Reason);
    }

    [Fact]
    public async Task Reversal_OnlyOfAFinalStatement_AndWithAReason()
    {
        var draft = await _scenario.StatementAsync("2025-03", 1000m);
        await AssertRefusedAsync(() => Statements.ReverseAsync(draft, PartyRole.Esco, "why not", _scenario.EscoKey), "not final: only a final statement is reversed");

        var final = await _scenario.StatementAsync("2025-04", 1000m, StatementState.Final);
        await AssertRefusedAsync(() => Statements.ReverseAsync(final, PartyRole.Factory, "", _scenario.FactoryKey), "needs a reason");
        await Statements.ReverseAsync(final, PartyRole.Factory, "double-counted the chiller", _scenario.FactoryKey);
        await AssertRefusedAsync(() => Statements.ReverseAsync(final, PartyRole.Factory, "again", _scenario.FactoryKey), "was reversed");
    }

    [Fact]
    public async Task SameIdWithADifferentDocument_IsRefused()
    {
        var draft = LedgerScenario.Draft("2025-03", 1000m);
        await Statements.RecordDraftAsync(draft, _scenario.EscoKey);

        await AssertRefusedAsync(
            () => Statements.RecordDraftAsync(draft with { Document = LedgerScenario.Json("""{"tampered":true}""") }, _scenario.EscoKey),
            "is already recorded with a different document");
    }

    [Fact]
    public async Task Draft_ForAnUnregisteredContract_OrByTheFactory_IsRefused()
    {
        await AssertRefusedAsync(
            () => Statements.RecordDraftAsync(LedgerScenario.Draft("2025-03", 10m, "EPC-UNKNOWN"), _scenario.EscoKey),
            "contract EPC-UNKNOWN is not registered in the ledger");
        await AssertRefusedAsync(
            () => Statements.RecordDraftAsync(LedgerScenario.Draft("2025-03", 10m), _scenario.FactoryKey),
            $"drafted by its ESCO '{LedgerScenario.Esco}', not by '{LedgerScenario.Factory}'");
    }

    [Fact]
    public async Task UnknownStatement_IsRefused()
    {
        await AssertRefusedAsync(() => Statements.ApproveAsync("EPC-2025-001/2025-03/000000000000", PartyRole.Esco, _scenario.EscoKey), "is not in the ledger");
    }

    [Fact]
    public async Task NonJsonDocument_IsRejected_BeforeAnythingIsRecorded()
    {
        var before = await HeadAsync();
        var draft = LedgerScenario.Draft("2025-03", 10m) with { Document = LedgerScenario.Json("{\"savings\": 12.5,}") };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Statements.RecordDraftAsync(draft, _scenario.EscoKey));

        Assert.Contains("not usable JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await HeadAsync());
    }

    [Fact]
    public async Task List_ShowsEveryStatementWithItsState()
    {
        await _scenario.StatementAsync("2025-03", 1m, StatementState.Final);
        await _scenario.StatementAsync("2025-04", 2m, StatementState.ApprovedByEsco);
        await _scenario.StatementAsync("2025-05", 3m);

        var list = await Statements.ListAsync(LedgerScenario.ContractId);

        Assert.Equal(
            [("2025-03", StatementState.Final), ("2025-04", StatementState.ApprovedByEsco), ("2025-05", StatementState.Draft)],
            list.Select(s => (s.Period, s.State)));
        Assert.Empty(await Statements.ListAsync("EPC-OTHER"));
    }

    [Fact]
    public async Task EngineStatement_IsRecordedAsCanonicalJson_AndReSettlingIsIdempotent()
    {
        // The foundation's settlement engine, settled twice with equal inputs, then with one interval changed.
        SettlementRequest Request(double kwh) => new(
            Contract with { ContractId = LedgerScenario.ContractId, Esco = LedgerScenario.Esco, Factory = LedgerScenario.Factory },
            new YearMonth(2025, 3),
            Shanghai,
            [new(At(3, 10), kwh), new(At(3, 3), 2.5)],
            100,
            Tou,
            Gas,
            RoundingPolicy.Fen,
            "baseline-test/1");

        var first = await Statements.RecordDraftAsync(StatementDraft.From(SettlementEngine.Settle(Request(12.0))), _scenario.EscoKey);
        var again = await Statements.RecordDraftAsync(StatementDraft.From(SettlementEngine.Settle(Request(12.0))), _scenario.EscoKey);
        var changed = await Statements.RecordDraftAsync(StatementDraft.From(SettlementEngine.Settle(Request(12.5))), _scenario.EscoKey);

        Assert.Equal(RecordOutcome.AlreadyRecorded, again.Outcome);
        Assert.Equal(first.Statement.StatementId, again.Statement.StatementId);
        Assert.Equal(first.Statement.StatementId, changed.Statement.Supersedes);
        Assert.True(CanonicalJson.IsCanonical(first.Statement.Document));
        Assert.Equal(CanonicalJson.DigestHex(first.Statement.Document), first.Statement.DocumentDigest);

        // The ledger's canonical form (members sorted) still reads back as the engine's statement, digest intact.
        var recorded = StatementJson.Parse(first.Statement.Document);
        Assert.True(StatementJson.Verify(recorded));
        Assert.Equal(first.Statement.StatementId, recorded.StatementId);
        Assert.Equal(first.Statement.InputDigest, recorded.Digest);
    }

    [Fact]
    public async Task ConcurrentApprovals_OfTheSameStatement_RecordExactlyOne()
    {
        var id = await _scenario.StatementAsync("2025-03", 10m);
        await using var other = SqliteLedgerStore.Open(_dir.File("ledger.db"), create: false);
        var second = new ContractLedger(other, _scenario.Clock);

        var results = await Task.WhenAll(
            Attempt(() => Statements.ApproveAsync(id, PartyRole.Esco, _scenario.EscoKey)),
            Attempt(() => second.Statements.ApproveAsync(id, PartyRole.Esco, _scenario.EscoKey)));

        Assert.Single(results, ok => ok);
        Assert.Equal(2, (await Statements.GetAsync(id))!.History.Count);

        static async Task<bool> Attempt(Func<Task<StatementView>> approve)
        {
            try
            {
                await approve();
                return true;
            }
            catch (WorkflowException ex) when (ex.Message.Contains("already approved", StringComparison.Ordinal))
            {
                return false;
            }
        }
    }
}
