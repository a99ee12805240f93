using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// The hash of a ledger entry: SHA-256 over a fixed, length-prefixed binary layout of everything the entry says,
/// plus the previous entry's hash and signature. Changing any stored field of any entry changes a hash.
/// </summary>
/// <remarks>
/// Layout (integers big-endian; each string UTF-8 and each byte string prefixed by its length as uint32):
/// <code>
/// "energysom.ledger.entry/1" | sequence:int64 | type | subject | contract | actor | keyId
///   | recordedAt:int64 (Unix ticks of 100 ns) | payloadDigest | previousHash | previousSignature
/// </code>
/// The payload enters through its SHA-256 digest, which verification recomputes from the stored payload, so the
/// payload is covered without hashing it twice. The previous signature is covered so that altering a signature
/// (which no hash of its own entry covers) breaks the next entry's hash: a signature edit is detected even when
/// a checkpoint lets verification skip checking old signatures.
/// </remarks>
public static class EntryHash
{
    /// <summary>Domain separation: the hash of anything else can never be taken for an entry hash.</summary>
    public const string Domain = "energysom.ledger.entry/1";

    public const int Size = 32;

    /// <summary>The previous hash of entry 1.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[Size];

    /// <summary>Hash of an entry with these fields, chained onto <paramref name="previousHash"/> and <paramref name="previousSignature"/>.</summary>
    public static byte[] Compute(
        long sequence,
        string type,
        string subjectId,
        string contractId,
        string actor,
        string keyId,
        Instant recordedAt,
        ReadOnlySpan<byte> payloadDigest,
        ReadOnlySpan<byte> previousHash,
        ReadOnlySpan<byte> previousSignature)
    {
        var length = 4 + Domain.Length + 8
            + Field(type) + Field(subjectId) + Field(contractId) + Field(actor) + Field(keyId)
            + 8 + 4 + payloadDigest.Length + 4 + previousHash.Length + 4 + previousSignature.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var buffer = rented.AsSpan(0, length);
            var at = 0;
            at += WriteString(buffer[at..], Domain);
            BinaryPrimitives.WriteInt64BigEndian(buffer[at..], sequence);
            at += 8;
            at += WriteString(buffer[at..], type);
            at += WriteString(buffer[at..], subjectId);
            at += WriteString(buffer[at..], contractId);
            at += WriteString(buffer[at..], actor);
            at += WriteString(buffer[at..], keyId);
            BinaryPrimitives.WriteInt64BigEndian(buffer[at..], recordedAt.ToUnixTimeTicks());
            at += 8;
            at += WriteBytes(buffer[at..], payloadDigest);
            at += WriteBytes(buffer[at..], previousHash);
            at += WriteBytes(buffer[at..], previousSignature);
            return SHA256.HashData(buffer[..at]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The hash <paramref name="entry"/> should have, given the signature of the entry before it.</summary>
    public static byte[] Of(LedgerEntry entry, ReadOnlySpan<byte> previousSignature) => Compute(
        entry.Sequence,
        entry.Type,
        entry.SubjectId,
        entry.ContractId,
        entry.Actor,
        entry.KeyId,
        entry.RecordedAt,
        entry.PayloadDigest,
        entry.PreviousHash,
        previousSignature);

    private static int Field(string value) => 4 + Encoding.UTF8.GetByteCount(value);

    private static int WriteString(Span<byte> buffer, string value)
    {
        var written = Encoding.UTF8.GetBytes(value, buffer[4..]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)written);
        return 4 + written;
    }

    private static int WriteBytes(Span<byte> buffer, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)value.Length);
        value.CopyTo(buffer[4..]);
        return 4 + value.Length;
    }
}
