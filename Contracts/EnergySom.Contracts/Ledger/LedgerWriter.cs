using EnergySom.Contracts.Storage;
using NodaTime;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// Appends entries: reads the head, lets the caller decide against the ledger as of that head, seals the entry
/// (time from the injected clock, chain, hash, signature) and appends it. If another writer appended in
/// between, the store refuses the entry and the whole decision is taken again on the new head, so a decision
/// is never based on stale state.
/// </summary>
internal sealed class LedgerWriter(ILedgerStore store, IClock clock)
{
    private const int MaxAttempts = 20;

    public ILedgerStore Store { get; } = store;

    /// <summary>
    /// Decides and appends one entry. <paramref name="decide"/> returns the entry to write, or null when there is
    /// nothing to write (the operation was already recorded); it throws <see cref="WorkflowException"/> to refuse.
    /// </summary>
    public async Task<LedgerEntry?> AppendAsync(Func<LedgerHead?, CancellationToken, Task<PendingEntry?>> decide, PartyKey signer, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var head = await Store.ReadHeadAsync(ct);
            var pending = await decide(head, ct);
            if (pending is null)
            {
                return null;
            }

            var entry = Seal(pending, head, signer, clock.GetCurrentInstant());
            try
            {
                await Store.AppendAsync(entry, ct);
                return entry;
            }
            catch (LedgerConflictException) when (attempt < MaxAttempts)
            {
                // Another writer won the race; decide again on the new head.
            }
        }
    }

    /// <summary>Hashes and signs <paramref name="pending"/> as the entry after <paramref name="head"/>.</summary>
    public static LedgerEntry Seal(PendingEntry pending, LedgerHead? head, PartyKey signer, Instant now)
    {
        // The hash covers ticks; an Instant finer than a tick would not survive the round trip through the store.
        var recordedAt = Instant.FromUnixTimeTicks(now.ToUnixTimeTicks());
        var sequence = (head?.Sequence ?? 0) + 1;
        var previousHash = head?.Hash ?? EntryHash.Genesis.ToArray();
        var previousSignature = head?.Signature ?? [];
        var digest = CanonicalJson.Digest(pending.Payload);
        var hash = EntryHash.Compute(
            sequence, pending.Type, pending.SubjectId, pending.ContractId, pending.Actor, signer.KeyId, recordedAt, digest, previousHash, previousSignature);
        return new LedgerEntry(
            sequence,
            pending.Type,
            pending.SubjectId,
            pending.ContractId,
            pending.Actor,
            signer.KeyId,
            recordedAt,
            pending.Payload,
            digest,
            previousHash,
            hash,
            signer.Sign(hash));
    }

    /// <summary>
    /// Replays every key entry and every entry of <paramref name="contractIds"/> up to <paramref name="head"/>:
    /// the exact state the rules need to decide about those contracts.
    /// </summary>
    /// <exception cref="WorkflowException">A stored entry breaks the rules: the ledger is damaged, nothing is appended to it.</exception>
    public async Task<LedgerReplay> ReplayAsync(LedgerHead? head, IEnumerable<string> contractIds, CancellationToken ct)
    {
        var replay = new LedgerReplay();
        if (head is null)
        {
            return replay;
        }

        var entries = new List<LedgerEntry>(await Store.ReadByTypeAsync(LedgerEntryTypes.KeyRegistered, ct));
        foreach (var contractId in contractIds.Distinct(StringComparer.Ordinal))
        {
            entries.AddRange(await Store.ReadByContractAsync(contractId, ct));
        }

        foreach (var entry in entries.Where(e => e.Sequence <= head.Sequence).OrderBy(e => e.Sequence))
        {
            if (replay.Apply(entry) is { } violation)
            {
                throw new WorkflowException(
                    $"{Store.Description}: entry {entry.Sequence} breaks the ledger's rules ({violation}); nothing was recorded. Run 'energysom ledger verify'.");
            }
        }

        return replay;
    }

    /// <summary>
    /// Checks a decided entry against the rules as if it were appended after <paramref name="head"/>; throws
    /// <see cref="WorkflowException"/> with the rule's message when it is not allowed.
    /// </summary>
    public static void Require(LedgerReplay replay, PendingEntry pending, LedgerHead? head, PartyKey signer)
    {
        var provisional = new LedgerEntry(
            (head?.Sequence ?? 0) + 1, pending.Type, pending.SubjectId, pending.ContractId, pending.Actor, signer.KeyId,
            Instant.MinValue, pending.Payload, [], [], [], []);
        if (replay.Apply(provisional) is { } violation)
        {
            throw new WorkflowException(violation);
        }
    }

    /// <summary>The party a key signs for, as registered; refuses unknown and replaced keys.</summary>
    public static string PartyOf(LedgerReplay replay, PartyKey signer)
    {
        if (!replay.Keys.TryGetValue(signer.KeyId, out var key))
        {
            throw new WorkflowException(
                $"key {signer.KeyId} is not registered in this ledger: register its public key first (energysom keys register)");
        }

        return key.RetiredAt is { } retired
            ? throw new WorkflowException($"key {signer.KeyId} of '{key.Party}' was replaced at entry {retired}; sign with the party's current key")
            : key.Party;
    }
}
