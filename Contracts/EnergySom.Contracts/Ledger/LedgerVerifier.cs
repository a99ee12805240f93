using EnergySom.Contracts.Storage;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// Verifies a ledger as stored, trusting nothing the store returns: for every entry, that no sequence number is
/// missing, that it links to the entry before, that its payload matches its digest, that its hash is the hash of
/// its content, and that it follows the ledger's rules; and the ECDSA signatures. Reports the first altered entry.
/// </summary>
/// <remarks>
/// <para>
/// ECDSA P-256 verification costs about 73 µs per signature (OpenSSL, one core of the 2-core test machine), so
/// checking all 100,000 signatures of a large ledger takes seconds even on every core. By default the verifier
/// therefore relies on the latest checkpoint (<see cref="LedgerCheckpoints"/>): a party attested, with its key,
/// that it verified every signature up to an entry and that this entry had a given hash. Since every hash covers
/// the entry before it and that entry's signature, the recomputed chain reaching the attested hash proves that
/// nothing up to there changed since; only the signatures after it (plus every key registration and checkpoint)
/// are verified. If that checkpoint does not hold (its signature or its hash fails, or a fault comes before it),
/// the signatures it would have covered are verified after all, back to the latest checkpoint that holds, so the
/// first altered entry is still named exactly. <see cref="LedgerVerifyOptions.AllSignatures"/> verifies every
/// signature.
/// </para>
/// <para>
/// What no chain can show by itself, receipts and trusted keys do: a receipt (<see cref="LedgerReceipt"/>) detects
/// entries deleted from the end; a trusted key detects a ledger rebuilt from scratch with other keys.
/// </para>
/// </remarks>
public static class LedgerVerifier
{
    public static async Task<LedgerVerification> VerifyAsync(ILedgerStore store, LedgerVerifyOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new LedgerVerifyOptions();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism), CancellationToken = ct };

        // Verify the ledger as of this head; entries appended meanwhile are left for the next run.
        var head = await store.ReadHeadAsync(ct);
        var vouched = options.AllSignatures || head is null ? 0 : await LatestCheckpointAsync(store, head, ct);
        var signaturesChecked = 0L;
        while (true)
        {
            var pass = new VerificationPass(store, vouched, parallel);
            await pass.RunAsync(head, ct);
            signaturesChecked += pass.SignaturesChecked;
            var entryFault = First(pass.Structural, pass.BadSignature);
            var limit = entryFault?.Sequence ?? long.MaxValue;
            var relied = vouched == 0 ? null : pass.Checkpoints.LastOrDefault(c => c.Sequence < limit && c.Through >= vouched);
            if (vouched > 0 && relied is null)
            {
                // The checkpoint this pass relied on did not hold: verify the signatures it skipped, back to the
                // latest checkpoint that did.
                vouched = pass.Checkpoints.LastOrDefault(c => c.Sequence < limit && c.Through < vouched)?.Through ?? 0;
                continue;
            }

            var fault = First(entryFault, CheckReceipts(options.Receipts, pass)) ?? CheckTrustedKeys(options.TrustedKeys, pass);
            var last = pass.Last;
            return new LedgerVerification(
                last?.Sequence ?? 0,
                last is null ? null : new LedgerHead(last.Sequence, last.Hash, last.Signature),
                fault,
                signaturesChecked,
                relied,
                [.. pass.Keys.OrderBy(k => k.RegisteredAt)]);
        }
    }

    /// <summary>The entry the latest checkpoint up to <paramref name="head"/> vouches for (0 when there is none).</summary>
    private static async Task<long> LatestCheckpointAsync(ILedgerStore store, LedgerHead head, CancellationToken ct)
    {
        // Only a hint: the pass checks that this checkpoint is intact and signed before relying on it.
        var latest = (await store.ReadByTypeAsync(LedgerEntryTypes.Checkpoint, ct)).LastOrDefault(e => e.Sequence <= head.Sequence);
        return latest is not null && LedgerReplay.Decode(latest) is CheckpointPayload checkpoint
            ? Math.Clamp(checkpoint.ThroughSequence, 0, latest.Sequence - 1)
            : 0;
    }

    /// <summary>The fault at the earliest entry; at the same entry, the more specific one (the first given).</summary>
    private static LedgerFault? First(params LedgerFault?[] faults) =>
        faults.Where(f => f is not null).OrderBy(f => f!.Sequence).FirstOrDefault();

    private static LedgerFault? CheckReceipts(IReadOnlyList<LedgerReceipt> receipts, VerificationPass pass)
    {
        var end = pass.Last?.Sequence ?? 0;
        foreach (var receipt in receipts.OrderBy(r => r.Sequence))
        {
            if (receipt.Sequence > end)
            {
                return new LedgerFault(receipt.Sequence, LedgerFaultKind.ReceiptMismatch,
                    $"missing: a receipt shows entry {receipt.Sequence} with hash {receipt.Hash}, but the ledger ends at entry {end}; entries were removed from the end");
            }

            var actual = Convert.ToHexStringLower(pass.HashOf(receipt.Sequence));
            if (actual != receipt.Hash)
            {
                return new LedgerFault(receipt.Sequence, LedgerFaultKind.ReceiptMismatch,
                    $"receipt mismatch: a receipt shows hash {receipt.Hash}, the ledger has {actual}; the ledger was rewritten");
            }
        }

        return null;
    }

    private static LedgerFault? CheckTrustedKeys(IReadOnlyList<ReadOnlyMemory<byte>> trustedKeys, VerificationPass pass)
    {
        foreach (var trustedKey in trustedKeys)
        {
            var keyId = PartyKey.KeyIdOf(trustedKey.Span);
            if (!pass.HasKey(keyId))
            {
                return new LedgerFault(0, LedgerFaultKind.UntrustedKey,
                    $"the trusted key {keyId} is not registered in this ledger: it is another ledger, or it was rebuilt with other keys");
            }
        }

        return null;
    }
}
