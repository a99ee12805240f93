using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Buffer;

/// <summary>
/// One batch as a buffer record payload: <c>[u8 1][u64 sequence][i64 appended-at ticks][i32 count][i32 series]
/// ([u16 length][UTF-8 key])… then per reading [i32 series index][i64 ticks][f64 value][u16 flags]</c>, little-endian.
/// </summary>
internal static class BatchCodec
{
    private const byte BatchRecord = 1;
    private const int FixedLength = 1 + 8 + 8 + 4 + 4;
    private const int PointLength = 4 + 8 + 8 + 2;

    /// <summary>Appends the record of <paramref name="batch"/> to <paramref name="output"/>.</summary>
    public static void Encode(IReadOnlyList<Reading> batch, ulong sequence, Instant appendedAt, ArrayBufferWriter<byte> output)
    {
        var index = new Dictionary<SeriesKey, int>();
        var keys = new List<byte[]>();
        var keyBytes = 0;
        foreach (var reading in batch)
        {
            if (reading.Series.Meter is null)
            {
                throw new ArgumentException("a reading of the batch has no series", nameof(batch));
            }

            if (!index.ContainsKey(reading.Series))
            {
                var key = Encoding.UTF8.GetBytes(reading.Series.ToString());
                if (key.Length > ushort.MaxValue)
                {
                    throw new ArgumentException($"series key '{reading.Series}' is longer than {ushort.MaxValue} bytes", nameof(batch));
                }

                index.Add(reading.Series, keys.Count);
                keys.Add(key);
                keyBytes += 2 + key.Length;
            }
        }

        var length = FixedLength + keyBytes + (batch.Count * PointLength);
        var payload = RecordFraming.Begin(output, length);
        payload[0] = BatchRecord;
        BinaryPrimitives.WriteUInt64LittleEndian(payload[1..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(payload[9..], appendedAt.ToUnixTimeTicks());
        BinaryPrimitives.WriteInt32LittleEndian(payload[17..], batch.Count);
        BinaryPrimitives.WriteInt32LittleEndian(payload[21..], keys.Count);
        var position = FixedLength;
        foreach (var key in keys)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(payload[position..], (ushort)key.Length);
            key.CopyTo(payload[(position + 2)..]);
            position += 2 + key.Length;
        }

        foreach (var reading in batch)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload[position..], index[reading.Series]);
            BinaryPrimitives.WriteInt64LittleEndian(payload[(position + 4)..], reading.Time.ToUnixTimeTicks());
            BinaryPrimitives.WriteDoubleLittleEndian(payload[(position + 12)..], reading.Value);
            BinaryPrimitives.WriteUInt16LittleEndian(payload[(position + 20)..], (ushort)reading.Flags);
            position += PointLength;
        }

        RecordFraming.End(output, length);
    }

    /// <summary>Reads the header fields of a batch record without decoding its readings.</summary>
    public static (ulong Sequence, Instant AppendedAt, int Count) Peek(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < FixedLength || payload[0] != BatchRecord)
        {
            throw new InvalidDataException("not a batch record");
        }

        return (BinaryPrimitives.ReadUInt64LittleEndian(payload[1..]), Instant.FromUnixTimeTicks(BinaryPrimitives.ReadInt64LittleEndian(payload[9..])), BinaryPrimitives.ReadInt32LittleEndian(payload[17..]));
    }

    /// <summary>Decodes the readings of a batch record into <paramref name="output"/>.</summary>
    /// <exception cref="InvalidDataException">The record is inconsistent.</exception>
    public static void Decode(ReadOnlySpan<byte> payload, List<Reading> output)
    {
        var (_, _, count) = Peek(payload);
        var seriesCount = BinaryPrimitives.ReadInt32LittleEndian(payload[21..]);
        if (count < 0 || seriesCount < 0 || seriesCount > count)
        {
            throw new InvalidDataException("batch record counts are inconsistent");
        }

        try
        {
            var keys = new SeriesKey[seriesCount];
            var position = FixedLength;
            for (var i = 0; i < seriesCount; i++)
            {
                var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[position..]);
                keys[i] = SeriesKey.Parse(Encoding.UTF8.GetString(payload.Slice(position + 2, keyLength)));
                position += 2 + keyLength;
            }

            if (payload.Length != position + ((long)count * PointLength))
            {
                throw new InvalidDataException("batch record length does not match its count");
            }

            for (var i = 0; i < count; i++)
            {
                output.Add(new Reading(
                    keys[BinaryPrimitives.ReadInt32LittleEndian(payload[position..])],
                    Instant.FromUnixTimeTicks(BinaryPrimitives.ReadInt64LittleEndian(payload[(position + 4)..])),
                    BinaryPrimitives.ReadDoubleLittleEndian(payload[(position + 12)..]),
                    (QualityFlags)BinaryPrimitives.ReadUInt16LittleEndian(payload[(position + 20)..])));
                position += PointLength;
            }
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or FormatException or ArgumentException)
        {
            throw new InvalidDataException("batch record is inconsistent", ex);
        }
    }
}
