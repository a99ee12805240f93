namespace EnergySom.Contracts.Ledger;

/// <summary>
/// Signed checkpoints (<c>ledger.checkpoint</c>): a party verifies the ledger, then records, signed with its
/// key, that every entry and signature up to the head verified and that the head had this hash. Later
/// verifications recompute the hash chain through the checkpoint (cheap) and need only verify the signatures
/// after it, which keeps <c>ledger verify</c> fast however long the ledger grows.
/// </summary>
/// <remarks>
/// A checkpoint is only as trustworthy as its signer: a party that suspects the signer verifies with
/// <see cref="LedgerVerifyOptions.AllSignatures"/>. Checkpoints are incremental: the verification before a new one
/// itself relies on the previous checkpoint, which relied on the one before, down to a full verification.
/// </remarks>
public sealed class LedgerCheckpoints
{
    /// <summary>Subject of checkpoint entries.</summary>
    public const string Subject = "ledger";

    private readonly LedgerWriter _writer;

    internal LedgerCheckpoints(LedgerWriter writer) => _writer = writer;

    /// <summary>
    /// Verifies the ledger (all signatures when <paramref name="allSignatures"/>, otherwise since the last
    /// checkpoint) and, when it is intact, appends a checkpoint vouching for its head, signed by <paramref name="signer"/>.
    /// </summary>
    /// <returns>The verification, and the checkpoint entry (null when the ledger is not intact or is empty).</returns>
    /// <exception cref="WorkflowException">The signer's key is not registered.</exception>
    public async Task<(LedgerVerification Verification, LedgerEntry? Checkpoint)> CreateAsync(
        PartyKey signer, bool allSignatures = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var verification = await LedgerVerifier.VerifyAsync(_writer.Store, new LedgerVerifyOptions { AllSignatures = allSignatures }, ct);
        if (!verification.IsIntact || verification.Head is null)
        {
            return (verification, null);
        }

        var vouched = verification.Head;
        var entry = await _writer.AppendAsync(
            async (head, token) =>
            {
                var replay = await _writer.ReplayAsync(head, [], token);
                var actor = LedgerWriter.PartyOf(replay, signer);
                var payload = LedgerPayloads.Encode(new CheckpointPayload(LedgerPayloads.Schema, vouched.Sequence, vouched.HashHex));
                var pending = new PendingEntry(LedgerEntryTypes.Checkpoint, Subject, "", actor, payload);
                LedgerWriter.Require(replay, pending, head, signer);
                return pending;
            },
            signer,
            ct);
        return (verification, entry);
    }
}
