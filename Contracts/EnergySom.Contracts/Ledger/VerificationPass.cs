using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using EnergySom.Contracts.Storage;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// One pass of <see cref="LedgerVerifier"/> over a store: reads the entries page by page (on another thread, ahead
/// of the checks), computes each page's digests, hashes, payload decoding and signatures in parallel, then walks
/// the page in order for the checks that depend on the entries before (sequence, link, rules, checkpoints).
/// </summary>
/// <remarks>
/// Signatures of entries up to <c>vouchedThrough</c> are not verified (a checkpoint is expected to vouch for them),
/// except those of key registrations and checkpoints, which are always verified. The pass records which
/// checkpoints it saw intact, so the caller can tell whether the expected checkpoint really held.
/// </remarks>
internal sealed class VerificationPass
{
    private const int PageSize = 4096;
    private const byte NotNeeded = 0;
    private const byte Good = 1;
    private const byte Bad = 2;
    private const byte Deferred = 3;

    private readonly ILedgerStore _store;
    private readonly long _vouchedThrough;
    private readonly ParallelOptions _parallel;
    private readonly LedgerReplay _replay = new(detailed: false);
    private readonly List<(long Sequence, string KeyId, string Actor, byte[] Hash, byte[] Signature)> _deferred = [];
    private long? _strayEntry;
    private Dictionary<string, byte[]> _knownKeys = new(StringComparer.Ordinal);
    private byte[] _hashes = new byte[EntryHash.Size * 1024];
    private long _signaturesChecked;
    private (long Sequence, string KeyId, string Actor)? _firstBadSignature;

    public VerificationPass(ILedgerStore store, long vouchedThrough, ParallelOptions parallel)
    {
        _store = store;
        _vouchedThrough = vouchedThrough;
        _parallel = parallel;
    }

    /// <summary>The first structural fault (missing entry, link, digest, hash, rule, checkpoint), if any.</summary>
    public LedgerFault? Structural { get; private set; }

    /// <summary>
    /// Checkpoints read intact (the chain had the attested hash). Their signatures are always verified, so those
    /// before the first fault hold.
    /// </summary>
    public List<TrustedCheckpoint> Checkpoints { get; } = [];

    /// <summary>The last entry accepted.</summary>
    public LedgerEntry? Last { get; private set; }

    public long SignaturesChecked => _signaturesChecked;

    public IReadOnlyCollection<RegisteredKey> Keys => _replay.Keys.Values.ToList();

    /// <summary>Stored hash of an accepted entry (1-based sequence).</summary>
    public ReadOnlySpan<byte> HashOf(long sequence) => _hashes.AsSpan((int)(sequence - 1) * EntryHash.Size, EntryHash.Size);

    /// <summary>The first bad signature among the accepted entries, if any.</summary>
    public LedgerFault? BadSignature => _firstBadSignature is { } bad
        ? new LedgerFault(bad.Sequence, LedgerFaultKind.BadSignature,
            $"bad signature: the signature does not verify with key {bad.KeyId} of '{bad.Actor}'; the signature was edited, or the entry was re-hashed without the party's key")
        : null;

    public bool HasKey(string keyId) => _replay.Keys.ContainsKey(keyId);

    public async Task RunAsync(LedgerHead? head, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pages = Channel.CreateBounded<LedgerEntry[]>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => ReadPagesAsync(head?.Sequence ?? 0, pages.Writer, stop.Token), stop.Token);
        try
        {
            long expected = 1;
            var previousHash = EntryHash.Genesis.ToArray();
            byte[] previousSignature = [];
            while (Structural is null && await pages.Reader.WaitToReadAsync(ct))
            {
                var entries = await pages.Reader.ReadAsync(ct);
                var work = Prepare(entries, previousSignature);
                for (var i = 0; i < entries.Length && Structural is null; i++)
                {
                    var entry = entries[i];
                    Structural = Check(entry, expected, previousHash, work.DigestOk[i], work.Recomputed[i], work.Decoded[i]);
                    if (Structural is not null)
                    {
                        break;
                    }

                    Accept(entry, work.Signature[i]);
                    previousHash = entry.Hash;
                    previousSignature = entry.Signature;
                    expected++;
                }

                if (_replay.Keys.Count != _knownKeys.Count)
                {
                    // A new snapshot, so that the parallel workers of the next page never see a dictionary change.
                    _knownKeys = _replay.Keys.ToDictionary(k => k.Key, k => k.Value.PublicKey, StringComparer.Ordinal);
                }
            }

            if (Structural is null && _strayEntry is { } stray)
            {
                Structural = new LedgerFault(expected, LedgerFaultKind.MissingEntry,
                    $"entry {expected} is missing: an entry numbered {stray} is stored outside the chain (sequences start at 1), as if the last entry had been renumbered to hide it");
            }

            if (Structural is null && head is not null && expected <= head.Sequence)
            {
                Structural = new LedgerFault(expected, LedgerFaultKind.MissingEntry,
                    $"entry {expected} is missing: the ledger ends at entry {expected - 1}, but its head is entry {head.Sequence}");
            }
        }
        finally
        {
            // A fault ends the pass early: stop the reader and let it finish before the store is used again.
            await stop.CancelAsync();
            try
            {
                await reading;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
            {
            }
        }

        VerifyDeferred();
    }

    private async Task ReadPagesAsync(long through, ChannelWriter<LedgerEntry[]> pages, CancellationToken ct)
    {
        try
        {
            // From the lowest possible sequence, not from 0: an entry renumbered to zero or below is hidden from every
            // reader that starts at entry 1, and must not make the ledger look intact (see RunAsync).
            var after = long.MinValue;
            while (after < through)
            {
                var page = await _store.ReadRangeAsync(after, PageSize, ct);
                if (page.Count > 0 && page[0].Sequence < 1)
                {
                    _strayEntry ??= page[0].Sequence;
                }

                var entries = page.Where(e => e.Sequence >= 1 && e.Sequence <= through).ToArray();
                if (entries.Length == 0 && page.Count > 0 && page[^1].Sequence < 1)
                {
                    after = page[^1].Sequence; // a page of strays only: read on
                    continue;
                }

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

    private bool NeedsSignature(LedgerEntry entry) =>
        entry.Sequence > _vouchedThrough || entry.Type is LedgerEntryTypes.KeyRegistered or LedgerEntryTypes.Checkpoint;

    /// <summary>
    /// The work on a page that needs nothing from the entries before: payload digest, entry hash (given the
    /// previous stored signature), payload decoding, and the signature when its key is already known.
    /// </summary>
    private (bool[] DigestOk, byte[][] Recomputed, object[] Decoded, byte[] Signature) Prepare(LedgerEntry[] entries, byte[] previousSignature)
    {
        var digestOk = new bool[entries.Length];
        var recomputed = new byte[entries.Length][];
        var decoded = new object[entries.Length];
        var signature = new byte[entries.Length];
        var keys = _knownKeys;
        Parallel.ForEach(
            Partitioner.Create(0, entries.Length, 128),
            _parallel,
            () => new Dictionary<string, ECDsa>(StringComparer.Ordinal),
            (range, _, opened) =>
            {
                Span<byte> digest = stackalloc byte[EntryHash.Size];
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var entry = entries[i];
                    SHA256.HashData(entry.Payload, digest);
                    digestOk[i] = digest.SequenceEqual(entry.PayloadDigest);
                    recomputed[i] = EntryHash.Of(entry, i == 0 ? previousSignature : entries[i - 1].Signature);
                    decoded[i] = LedgerReplay.Decode(entry);
                    if (!NeedsSignature(entry))
                    {
                        signature[i] = NotNeeded;
                    }
                    else if (keys.TryGetValue(entry.KeyId, out var publicKey))
                    {
                        if (!opened.TryGetValue(entry.KeyId, out var key))
                        {
                            opened[entry.KeyId] = key = PartyKey.OpenPublicKey(publicKey);
                        }

                        signature[i] = PartyKey.Verify(key, entry.Hash, entry.Signature) ? Good : Bad;
                    }
                    else
                    {
                        // Registered in this page (or not at all): checked once the page's keys are replayed.
                        signature[i] = Deferred;
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
        return (digestOk, recomputed, decoded, signature);
    }

    private LedgerFault? Check(LedgerEntry entry, long expected, byte[] previousHash, bool digestOk, byte[] recomputed, object decoded)
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

        if (_replay.Apply(entry, decoded) is { } violation)
        {
            return new LedgerFault(sequence, LedgerFaultKind.RuleViolation, $"breaks the ledger's rules: {violation} ({entry.Type} by '{entry.Actor}')");
        }

        if (decoded is CheckpointPayload checkpoint)
        {
            var actual = Convert.ToHexStringLower(HashOf(checkpoint.ThroughSequence));
            if (actual != checkpoint.ThroughHash)
            {
                return new LedgerFault(sequence, LedgerFaultKind.CheckpointMismatch,
                    $"checkpoint mismatch: '{entry.Actor}' vouched that entry {checkpoint.ThroughSequence} had hash {checkpoint.ThroughHash}, but it now has {actual}: history before it was rewritten");
            }

            Checkpoints.Add(new TrustedCheckpoint(sequence, checkpoint.ThroughSequence, entry.Actor));
        }

        return null;
    }

    private void Accept(LedgerEntry entry, byte signature)
    {
        var offset = (int)(entry.Sequence - 1) * EntryHash.Size;
        if (offset + EntryHash.Size > _hashes.Length)
        {
            Array.Resize(ref _hashes, _hashes.Length * 2);
        }

        entry.Hash.CopyTo(_hashes, offset);
        switch (signature)
        {
            case Good:
                _signaturesChecked++;
                break;
            case Bad:
                _signaturesChecked++;
                RecordBad(entry.Sequence, entry.KeyId, entry.Actor);
                break;
            case Deferred:
                _deferred.Add((entry.Sequence, entry.KeyId, entry.Actor, entry.Hash, entry.Signature));
                break;
        }

        Last = entry;
    }

    private void VerifyDeferred()
    {
        foreach (var (sequence, keyId, actor, hash, signature) in _deferred)
        {
            // Every accepted entry passed the rules, so its key is registered by now.
            using var key = PartyKey.OpenPublicKey(_replay.Keys[keyId].PublicKey);
            _signaturesChecked++;
            if (!PartyKey.Verify(key, hash, signature))
            {
                RecordBad(sequence, keyId, actor);
            }
        }
    }

    private void RecordBad(long sequence, string keyId, string actor)
    {
        if (_firstBadSignature is null || sequence < _firstBadSignature.Value.Sequence)
        {
            _firstBadSignature = (sequence, keyId, actor);
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
