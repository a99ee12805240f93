using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using EnergySom.Contracts.Storage;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// Verifies a ledger as stored, trusting nothing the store returns: for every entry, that no sequence number is
/// missing, that it links to the entry before, that its payload matches its digest, that its hash is the hash of
/// its content, and that it follows the ledger's rules; then the ECDSA signatures. Reports the first altered entry.
/// </summary>
/// <remarks>
/// <para>
/// ECDSA P-256 verification costs about 73 µs per signature here (OpenSSL, one core), so checking all 100,000
/// signatures of a large ledger takes seconds even on every core. By default the verifier therefore trusts the
/// latest checkpoint whose signature verifies (<see cref="LedgerCheckpoints"/>): a party attested, with its key,
/// that it verified every signature up to an entry and that this entry had a given hash. Since every hash covers
/// the entry before it and that entry's signature, the recomputed chain reaching the attested hash proves that
/// nothing up to there changed since; only the signatures after it (plus every key registration and checkpoint)
/// are verified. <see cref="LedgerVerifyOptions.AllSignatures"/> verifies every signature, in parallel.
/// </para>
/// <para>
/// What no chain can show by itself, receipts and trusted keys do: a receipt (<see cref="LedgerReceipt"/>) detects
/// entries deleted from the end; a trusted key detects a ledger rebuilt from scratch with other keys.
/// </para>
/// </remarks>
public static class LedgerVerifier
{
    private const int PageSize = 4096;

    public static async Task<LedgerVerification> VerifyAsync(ILedgerStore store, LedgerVerifyOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new LedgerVerifyOptions();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism), CancellationToken = ct };

        // Verify the ledger as of this head; entries appended meanwhile are left for the next run.
        var head = await store.ReadHeadAsync(ct);
        var replay = new LedgerReplay(detailed: false);
        var hashes = new List<byte[]>();
        var jobs = new List<SignatureJob>();
        var checkpoints = new List<TrustedCheckpoint>();
        LedgerFault? structural = null;
        long expected = 1;
        byte[] previousHash = EntryHash.Genesis.ToArray();
        byte[] previousSignature = [];
        LedgerEntry? last = null;

        // Pages are read ahead on another thread while the current one is checked: reading the store is
        // sequential, the checks are not, so the two overlap.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pages = Channel.CreateBounded<LedgerEntry[]>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => ReadPagesAsync(store, head?.Sequence ?? 0, pages.Writer, stop.Token), stop.Token);
        try
        {
            while (structural is null && await pages.Reader.WaitToReadAsync(ct))
            {
                var entries = await pages.Reader.ReadAsync(ct);
                var (digestOk, recomputed, decoded) = HashPage(entries, previousSignature, parallel);
                for (var i = 0; i < entries.Length; i++)
                {
                    var entry = entries[i];
                    structural = Check(entry, expected, previousHash, digestOk[i], recomputed[i], decoded[i], replay, hashes, checkpoints);
                    if (structural is not null)
                    {
                        break;
                    }

                    hashes.Add(entry.Hash);
                    jobs.Add(new SignatureJob(entry.Sequence, entry.KeyId, entry.Actor, entry.Hash, entry.Signature, entry.Type is LedgerEntryTypes.KeyRegistered or LedgerEntryTypes.Checkpoint));
                    previousHash = entry.Hash;
                    previousSignature = entry.Signature;
                    last = entry;
                    expected++;
                }
            }
        }
        finally
        {
            // A fault ends the check early: stop the reader and let it finish before the store is used again.
            await stop.CancelAsync();
            try
            {
                await reading;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
            {
            }
        }

        if (structural is null && head is not null && expected <= head.Sequence)
        {
            structural = new LedgerFault(expected, LedgerFaultKind.MissingEntry, $"entry {expected} is missing: the ledger ends at entry {expected - 1}, but its head is entry {head.Sequence}");
        }

        // Signatures: all of them, or those after the latest checkpoint that verifies.
        var keys = replay.Keys.ToDictionary(k => k.Key, k => k.Value.PublicKey, StringComparer.Ordinal);
        TrustedCheckpoint? trusted = null;
        if (!options.AllSignatures)
        {
            foreach (var checkpoint in Enumerable.Reverse(checkpoints))
            {
                if (VerifyOne(jobs[(int)checkpoint.Sequence - 1], keys))
                {
                    trusted = checkpoint;
                    break;
                }
            }
        }

        var through = trusted?.Through ?? 0;
        var selected = jobs.Where(j => j.Sequence > through || j.Always).ToList();
        // No signature before a hash mismatch at entry k escapes: a checkpoint read before k vouches only for
        // entries before itself, so the signature of entry k - 1 (which k's hash covers) is always verified.
        var badSignature = VerifyAll(selected, keys, parallel);
        var fault = badSignature is { } bad && (structural is null || bad.Sequence < structural.Sequence) ? bad : structural;
        fault ??= CheckReceipts(options.Receipts, hashes);
        fault ??= CheckTrustedKeys(options.TrustedKeys, replay);

        var count = last?.Sequence ?? 0;
        return new LedgerVerification(
            count,
            last is null ? null : new LedgerHead(last.Sequence, last.Hash, last.Signature),
            fault,
            selected.Count + (trusted is null ? 0 : 1),
            trusted,
            [.. replay.Keys.Values.OrderBy(k => k.RegisteredAt)]);
    }

    /// <summary>Reads the entries up to <paramref name="through"/> page by page into <paramref name="pages"/>.</summary>
    private static async Task ReadPagesAsync(ILedgerStore store, long through, ChannelWriter<LedgerEntry[]> pages, CancellationToken ct)
    {
        try
        {
            var after = 0L;
            while (after < through)
            {
                var page = await store.ReadRangeAsync(after, PageSize, ct);
                var entries = page.Where(e => e.Sequence <= through).ToArray();
                if (entries.Length == 0)
                {
                    break;
                }

                await pages.WriteAsync(entries, ct);
                after = page[^1].Sequence;
            }

            pages.Complete();
        }
        catch (Exception ex)
        {
            pages.Complete(ex);
            throw;
        }
    }

    /// <summary>
    /// The per-entry work that needs nothing from the entries before: payload digest, entry hash (given the
    /// previous stored signature) and payload decoding, spread over the cores.
    /// </summary>
    private static (bool[] DigestOk, byte[][] Recomputed, object[] Decoded) HashPage(LedgerEntry[] entries, byte[] previousSignature, ParallelOptions parallel)
    {
        var digestOk = new bool[entries.Length];
        var recomputed = new byte[entries.Length][];
        var decoded = new object[entries.Length];
        if (entries.Length == 0)
        {
            return (digestOk, recomputed, decoded);
        }

        Parallel.ForEach(Partitioner.Create(0, entries.Length, 256), parallel, range =>
        {
            Span<byte> digest = stackalloc byte[EntryHash.Size];
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var entry = entries[i];
                SHA256.HashData(entry.Payload, digest);
                digestOk[i] = digest.SequenceEqual(entry.PayloadDigest);
                recomputed[i] = EntryHash.Of(entry, i == 0 ? previousSignature : entries[i - 1].Signature);
                decoded[i] = LedgerReplay.Decode(entry);
            }
        });
        return (digestOk, recomputed, decoded);
    }

    private static LedgerFault? Check(
        LedgerEntry entry,
        long expected,
        byte[] previousHash,
        bool digestOk,
        byte[] recomputed,
        object decoded,
        LedgerReplay replay,
        List<byte[]> hashes,
        List<TrustedCheckpoint> checkpoints)
    {
        var sequence = entry.Sequence;
        if (sequence != expected)
        {
            return new LedgerFault(expected, LedgerFaultKind.MissingEntry, sequence > expected
                ? $"entry {expected} is missing: after entry {expected - 1} comes entry {sequence}"
                : $"entry {expected} is missing: entry {sequence} appears where it was expected");
        }

        if (!entry.PreviousHash.AsSpan().SequenceEqual(previousHash))
        {
            return new LedgerFault(sequence, LedgerFaultKind.BrokenLink,
                $"broken link: its previous hash {Hex(entry.PreviousHash)} is not the hash of entry {sequence - 1} ({Hex(previousHash)})");
        }

        if (!digestOk)
        {
            return new LedgerFault(sequence, LedgerFaultKind.PayloadAltered,
                $"payload altered: the SHA-256 of the stored payload is {CanonicalJson.DigestHex(entry.Payload)}, the entry records {Hex(entry.PayloadDigest)} ({entry.Type} {entry.SubjectId})");
        }

        if (!recomputed.AsSpan().SequenceEqual(entry.Hash))
        {
            return new LedgerFault(sequence, LedgerFaultKind.HashMismatch,
                $"hash mismatch: the stored hash {Hex(entry.Hash)} is not the hash of the entry's content ({Hex(recomputed)}); its type, subject, contract, actor, key, time, payload digest or hash was edited, or the previous entry's signature");
        }

        if (replay.Apply(entry, decoded) is { } violation)
        {
            return new LedgerFault(sequence, LedgerFaultKind.RuleViolation, $"breaks the ledger's rules: {violation} ({entry.Type} by '{entry.Actor}')");
        }

        if (entry.Type == LedgerEntryTypes.Checkpoint)
        {
            var payload = (CheckpointPayload)decoded;
            var actual = Hex(hashes[(int)payload.ThroughSequence - 1]);
            if (actual != payload.ThroughHash)
            {
                return new LedgerFault(sequence, LedgerFaultKind.CheckpointMismatch,
                    $"checkpoint mismatch: '{entry.Actor}' vouched that entry {payload.ThroughSequence} had hash {payload.ThroughHash}, but it now has {actual}: history before it was rewritten");
            }

            checkpoints.Add(new TrustedCheckpoint(sequence, payload.ThroughSequence, entry.Actor));
        }

        return null;
    }

    private static bool VerifyOne(SignatureJob job, Dictionary<string, byte[]> keys)
    {
        using var key = PartyKey.OpenPublicKey(keys[job.KeyId]);
        return PartyKey.Verify(key, job.Hash, job.Signature);
    }

    /// <summary>Verifies the signatures in parallel; the bad one with the lowest sequence, or null.</summary>
    private static LedgerFault? VerifyAll(List<SignatureJob> jobs, Dictionary<string, byte[]> keys, ParallelOptions parallel)
    {
        var firstBad = long.MaxValue;
        if (jobs.Count == 0)
        {
            return null;
        }

        Parallel.ForEach(
            Partitioner.Create(0, jobs.Count, 512),
            parallel,
            () => new Dictionary<string, ECDsa>(StringComparer.Ordinal),
            (range, _, opened) =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var job = jobs[i];
                    if (job.Sequence >= Interlocked.Read(ref firstBad))
                    {
                        continue;
                    }

                    if (!opened.TryGetValue(job.KeyId, out var key))
                    {
                        key = PartyKey.OpenPublicKey(keys[job.KeyId]);
                        opened[job.KeyId] = key;
                    }

                    if (!PartyKey.Verify(key, job.Hash, job.Signature))
                    {
                        long seen;
                        while (job.Sequence < (seen = Interlocked.Read(ref firstBad)) && Interlocked.CompareExchange(ref firstBad, job.Sequence, seen) != seen)
                        {
                        }
                    }
                }

                return opened;
            },
            opened =>
            {
                foreach (var key in opened.Values)
                {
                    key.Dispose();
                }
            });

        if (firstBad == long.MaxValue)
        {
            return null;
        }

        var bad = jobs.First(j => j.Sequence == firstBad);
        return new LedgerFault(bad.Sequence, LedgerFaultKind.BadSignature,
            $"bad signature: the signature does not verify with key {bad.KeyId} of '{bad.Actor}'; the signature was edited, or the entry was re-hashed without the party's key");
    }

    private static LedgerFault? CheckReceipts(IReadOnlyList<LedgerReceipt> receipts, List<byte[]> hashes)
    {
        foreach (var receipt in receipts.OrderBy(r => r.Sequence))
        {
            if (receipt.Sequence > hashes.Count)
            {
                return new LedgerFault(receipt.Sequence, LedgerFaultKind.ReceiptMismatch,
                    $"missing: a receipt shows entry {receipt.Sequence} with hash {receipt.Hash}, but the ledger ends at entry {hashes.Count}; entries were removed from the end");
            }

            var actual = Hex(hashes[(int)receipt.Sequence - 1]);
            if (actual != receipt.Hash)
            {
                return new LedgerFault(receipt.Sequence, LedgerFaultKind.ReceiptMismatch,
                    $"receipt mismatch: a receipt shows hash {receipt.Hash}, the ledger has {actual}; the ledger was rewritten");
            }
        }

        return null;
    }

    private static LedgerFault? CheckTrustedKeys(IReadOnlyList<ReadOnlyMemory<byte>> trustedKeys, LedgerReplay replay)
    {
        foreach (var trustedKey in trustedKeys)
        {
            var keyId = PartyKey.KeyIdOf(trustedKey.Span);
            if (!replay.Keys.ContainsKey(keyId))
            {
                return new LedgerFault(0, LedgerFaultKind.UntrustedKey,
                    $"the trusted key {keyId} is not registered in this ledger: it is another ledger, or it was rebuilt with other keys");
            }
        }

        return null;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private sealed record SignatureJob(long Sequence, string KeyId, string Actor, byte[] Hash, byte[] Signature, bool Always);
}
