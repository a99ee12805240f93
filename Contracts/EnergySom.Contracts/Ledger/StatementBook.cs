namespace EnergySom.Contracts.Ledger;

/// <summary>
/// Settlement statements and their workflow: draft (recorded by the ESCO) → approved by the ESCO → approved by
/// the factory, which makes it final; or disputed by either party, with a reason. A final statement is never
/// edited: it is reversed, with a reason, and a new statement corrects the period.
/// </summary>
/// <remarks>
/// Re-settling a period with identical inputs gives the identical statement (same id, same document): recording
/// it again appends nothing. With changed inputs the engine gives a new statement id, and its draft supersedes the
/// period's current statement (draft, approved by the ESCO, or disputed), which stays in the ledger as superseded.
/// Every refusal is a <see cref="WorkflowException"/> saying what is wrong and what to do instead.
/// </remarks>
public sealed class StatementBook
{
    private readonly LedgerWriter _writer;

    internal StatementBook(LedgerWriter writer) => _writer = writer;

    /// <summary>
    /// Records a computed statement as a draft, signed by the contract's ESCO, superseding the period's current
    /// statement if there is one. Returns <see cref="RecordOutcome.AlreadyRecorded"/> and appends nothing when
    /// the same statement is already in the ledger.
    /// </summary>
    /// <exception cref="ArgumentException">The document is not JSON.</exception>
    /// <exception cref="WorkflowException">
    /// The contract is not registered, the signer is not its ESCO, the period already has a final statement (reverse
    /// it first), or the id is recorded with a different document; nothing was recorded.
    /// </exception>
    public async Task<(RecordOutcome Outcome, StatementView Statement)> RecordDraftAsync(StatementDraft draft, PartyKey escoKey, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(escoKey);
        LedgerIds.Require(draft.StatementId, "statement id");
        LedgerIds.Require(draft.ContractId, "contract id");
        LedgerIds.Require(draft.Period, "period");
        var document = ContractRegistry.Canonical(draft.Document, $"statement {draft.StatementId}");
        var digest = CanonicalJson.DigestHex(document);
        var entry = await _writer.AppendAsync(
            async (head, token) =>
            {
                var replay = await _writer.ReplayAsync(head, [draft.ContractId], token);
                if (replay.Statement(draft.StatementId) is { } existing)
                {
                    return existing.DocumentDigest == digest && existing.ContractId == draft.ContractId && existing.Period == draft.Period
                        ? null
                        : throw new WorkflowException(
                            $"statement {draft.StatementId} is already recorded with a different document (digest {existing.DocumentDigest}, now {digest}): a statement's id must change when its content does");
                }

                if (await FindStatementAsync(draft.StatementId, token) is { } elsewhere && elsewhere.ContractId != draft.ContractId)
                {
                    throw new WorkflowException($"statement id {draft.StatementId} is already used by contract {elsewhere.ContractId}");
                }

                if (!replay.Contracts.ContainsKey(draft.ContractId))
                {
                    throw new WorkflowException($"contract {draft.ContractId} is not registered in the ledger: register it before recording its statements");
                }

                var actor = LedgerWriter.PartyOf(replay, escoKey);
                var payload = LedgerPayloads.Encode(new StatementDraftPayload(
                    LedgerPayloads.Schema,
                    draft.StatementId,
                    draft.ContractId,
                    draft.Period,
                    draft.InputDigest,
                    digest,
                    replay.LiveStatement(draft.ContractId, draft.Period),
                    new RawJson(document)));
                var pending = new PendingEntry(LedgerEntryTypes.StatementDrafted, draft.StatementId, draft.ContractId, actor, payload);
                LedgerWriter.Require(replay, pending, head, escoKey);
                return pending;
            },
            escoKey,
            ct);

        var view = await GetAsync(draft.StatementId, ct) ?? throw new InvalidOperationException($"statement {draft.StatementId} vanished after recording");
        return (entry is null ? RecordOutcome.AlreadyRecorded : RecordOutcome.Recorded, view);
    }

    /// <summary>Approves a statement as <paramref name="role"/>: the ESCO first, then the factory, which makes it final.</summary>
    /// <exception cref="WorkflowException">The transition is not allowed, or the key is not the party acting in that role.</exception>
    public Task<StatementView> ApproveAsync(string statementId, PartyRole role, PartyKey key, CancellationToken ct = default) =>
        DecideAsync(statementId, LedgerEntryTypes.StatementApproved, role, null, key, ct);

    /// <summary>Disputes a draft or ESCO-approved statement as <paramref name="role"/>, with a reason.</summary>
    /// <exception cref="WorkflowException">The statement is final, superseded, already disputed, or the key is not the party acting in that role.</exception>
    public Task<StatementView> DisputeAsync(string statementId, PartyRole role, string reason, PartyKey key, CancellationToken ct = default) =>
        DecideAsync(statementId, LedgerEntryTypes.StatementDisputed, role, RequireReason(reason, "dispute"), key, ct);

    /// <summary>
    /// Reverses a final statement as <paramref name="role"/>, with a reason. The period can then be settled again;
    /// the new statement's draft records that it corrects the reversed one.
    /// </summary>
    /// <exception cref="WorkflowException">The statement is not final, or the key is not the party acting in that role.</exception>
    public Task<StatementView> ReverseAsync(string statementId, PartyRole role, string reason, PartyKey key, CancellationToken ct = default) =>
        DecideAsync(statementId, LedgerEntryTypes.StatementReversed, role, RequireReason(reason, "reversal"), key, ct);

    /// <summary>A statement with its state and history, or null when the ledger has no statement with that id.</summary>
    public async Task<StatementView?> GetAsync(string statementId, CancellationToken ct = default)
    {
        var head = await _writer.Store.ReadHeadAsync(ct);
        var draft = await FindStatementAsync(statementId, ct);
        if (draft is null)
        {
            return null;
        }

        var replay = await _writer.ReplayAsync(head, [draft.ContractId], ct);
        return replay.Statement(statementId);
    }

    /// <summary>Every statement (of one contract, when given), by contract, period and drafting order.</summary>
    public async Task<IReadOnlyList<StatementView>> ListAsync(string? contractId = null, CancellationToken ct = default)
    {
        var head = await _writer.Store.ReadHeadAsync(ct);
        IEnumerable<string> contracts = contractId is not null
            ? [contractId]
            : (await _writer.Store.ReadByTypeAsync(LedgerEntryTypes.ContractRegistered, ct)).Select(e => e.ContractId);
        var replay = await _writer.ReplayAsync(head, contracts, ct);
        return [.. replay.Statements
            .OrderBy(s => s.ContractId, StringComparer.Ordinal)
            .ThenBy(s => s.Period, StringComparer.Ordinal)
            .ThenBy(s => s.History[0].Sequence)];
    }

    private async Task<StatementView> DecideAsync(string statementId, string type, PartyRole role, string? reason, PartyKey key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        LedgerIds.Require(statementId, "statement id");
        await _writer.AppendAsync(
            async (head, token) =>
            {
                var draft = await FindStatementAsync(statementId, token)
                    ?? throw new WorkflowException($"statement {statementId} is not in the ledger");
                var replay = await _writer.ReplayAsync(head, [draft.ContractId], token);
                var statement = replay.Statement(statementId)
                    ?? throw new WorkflowException($"statement {statementId} is not in the ledger");
                var actor = LedgerWriter.PartyOf(replay, key);
                var party = role == PartyRole.Esco ? statement.Esco : statement.Factory;
                if (actor != party)
                {
                    throw new WorkflowException(
                        $"key {key.KeyId} belongs to '{actor}', but {role.Title()} of statement {statementId} (contract {statement.ContractId}) is '{party}'");
                }

                var payload = LedgerPayloads.Encode(new StatementDecisionPayload(LedgerPayloads.Schema, statementId, role.Code(), statement.DocumentDigest, reason));
                var pending = new PendingEntry(type, statementId, statement.ContractId, actor, payload);
                LedgerWriter.Require(replay, pending, head, key);
                return pending;
            },
            key,
            ct);

        return await GetAsync(statementId, ct) ?? throw new InvalidOperationException($"statement {statementId} vanished after recording");
    }

    /// <summary>The draft entry of a statement (whose contract id says which contract to replay), or null.</summary>
    private async Task<LedgerEntry?> FindStatementAsync(string statementId, CancellationToken ct) =>
        (await _writer.Store.ReadBySubjectAsync(statementId, ct)).FirstOrDefault(e => e.Type == LedgerEntryTypes.StatementDrafted);

    private static string RequireReason(string reason, string what)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new WorkflowException($"a {what} needs a reason (--reason TEXT)");
        }

        var trimmed = reason.Trim();
        return trimmed.Length > LedgerReplay.MaxReasonLength
            ? throw new WorkflowException($"the reason is {trimmed.Length} characters long; at most {LedgerReplay.MaxReasonLength}")
            : trimmed;
    }
}
