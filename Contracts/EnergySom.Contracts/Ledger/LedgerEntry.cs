using NodaTime;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// One entry of the ledger exactly as stored: what happened (<see cref="Type"/>, <see cref="SubjectId"/>,
/// <see cref="ContractId"/>, the canonical-JSON <see cref="Payload"/> and its SHA-256), who did it
/// (<see cref="Actor"/> and the <see cref="KeyId"/> of the key that signed), when (<see cref="RecordedAt"/>), and
/// the chain: <see cref="PreviousHash"/>, this entry's <see cref="Hash"/> and the actor's <see cref="Signature"/>.
/// </summary>
/// <remarks>
/// Nothing here is trusted when read back: <see cref="LedgerVerifier"/> recomputes the digest, the hash and the
/// link, and checks the signature against the key registered in the ledger. See <see cref="EntryHash"/> for
/// what the hash covers.
/// </remarks>
/// <param name="Sequence">Position in the ledger, from 1, without gaps.</param>
/// <param name="Type">Entry type code (<see cref="LedgerEntryTypes"/>), e.g. <c>statement.approved</c>.</param>
/// <param name="SubjectId">What the entry is about: a statement id, a contract id, a party (for keys) or <c>ledger</c>.</param>
/// <param name="ContractId">The contract the entry belongs to; empty for keys and checkpoints.</param>
/// <param name="Actor">The party that recorded the entry (an ESCO or factory name).</param>
/// <param name="KeyId">Id of the actor's key that signed (<see cref="PartyKey.KeyIdOf"/>).</param>
/// <param name="RecordedAt">When the entry was recorded, from the injected clock, to 100 ns (ticks).</param>
/// <param name="Payload">Canonical JSON (UTF-8) of the entry's content (<see cref="CanonicalJson"/>).</param>
/// <param name="PayloadDigest">SHA-256 of <paramref name="Payload"/> (32 bytes).</param>
/// <param name="PreviousHash">Hash of the entry before (32 zero bytes for entry 1).</param>
/// <param name="Hash">SHA-256 of this entry (<see cref="EntryHash"/>), 32 bytes.</param>
/// <param name="Signature">ECDSA P-256 signature of <paramref name="Hash"/> by <paramref name="KeyId"/>, IEEE P1363 (r‖s, 64 bytes).</param>
#pragma warning disable CA1819 // Entries carry raw bytes on purpose: they are what is hashed, stored and compared.
public sealed record LedgerEntry(
    long Sequence,
    string Type,
    string SubjectId,
    string ContractId,
    string Actor,
    string KeyId,
    Instant RecordedAt,
    byte[] Payload,
    byte[] PayloadDigest,
    byte[] PreviousHash,
    byte[] Hash,
    byte[] Signature)
{
    /// <summary>The hash as lower-case hex, as printed to users and kept as a receipt.</summary>
    public string HashHex => Convert.ToHexStringLower(Hash);
}
#pragma warning restore CA1819
