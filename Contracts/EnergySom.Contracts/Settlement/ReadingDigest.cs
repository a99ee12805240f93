using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// The fingerprint of the meter readings a statement's savings were computed from, as the caller read them from
/// the reading store: meter, quantity, span, count and SHA-256 (see <see cref="Compute"/> for the layout).
/// </summary>
public sealed record ReadingDigest(string Meter, string Quantity, Instant From, Instant To, int Count, string Sha256)
{
    /// <summary>
    /// SHA-256 over the readings in the order given: for each, the UTC timestamp as Unix ticks (int64, little
    /// endian) and the value as IEEE-754 binary64 (little endian, NaN written as the canonical NaN), preceded by
    /// the UTF-8 of <c>meter|quantity|</c>.
    /// </summary>
    public static ReadingDigest Compute(string meter, string quantity, Instant from, Instant to, IEnumerable<(Instant Timestamp, double Value)> readings)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{meter}|{quantity}|"));
        Span<byte> buffer = stackalloc byte[16];
        var count = 0;
        foreach (var (timestamp, value) in readings)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer, timestamp.ToUnixTimeTicks());
            BinaryPrimitives.WriteDoubleLittleEndian(buffer[8..], double.IsNaN(value) ? double.NaN : value);
            hash.AppendData(buffer);
            count++;
        }

        return new ReadingDigest(meter, quantity, from, to, count, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
