using System.Buffers;
using System.Buffers.Binary;

namespace EnergySom.Metering.Storage;

/// <summary>
/// The framing of every record EnergySom appends to a file (the embedded store, the write-ahead buffer):
/// <c>[u32 length][u32 ~length][u32 CRC-32C of the payload][payload]</c>, little-endian.
/// </summary>
/// <remarks>
/// The complemented length makes the header check itself: a bit flipped in a length field is caught as
/// corruption instead of being mistaken for a record cut short by a crash (which would silently drop everything
/// after it). A crash while appending leaves a torn tail: a header or payload that runs past the end of the file,
/// or zeros where the file was extended but never written. Anything else that fails a check is corruption.
/// </remarks>
public static class RecordFraming
{
    /// <summary>Bytes of the record header.</summary>
    public const int HeaderLength = 12;

    /// <summary>Largest payload a record may carry (1 GiB).</summary>
    public const int MaxPayloadLength = 1 << 30;

    /// <summary>Reserves a record of <paramref name="payloadLength"/> bytes; fill the returned payload, then call <see cref="End"/>.</summary>
    public static Span<byte> Begin(ArrayBufferWriter<byte> buffer, int payloadLength)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, MaxPayloadLength);
        var span = buffer.GetSpan(HeaderLength + payloadLength)[..(HeaderLength + payloadLength)];
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)payloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], ~(uint)payloadLength);
        return span[HeaderLength..];
    }

    /// <summary>Seals a record begun with <see cref="Begin"/>: checksums its payload and advances the buffer.</summary>
    public static void End(ArrayBufferWriter<byte> buffer, int payloadLength)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var whole = buffer.GetSpan(HeaderLength + payloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(whole[8..], Crc32C.Compute(whole.Slice(HeaderLength, payloadLength)));
        buffer.Advance(HeaderLength + payloadLength);
    }

    /// <summary>Writes the header of a record whose payload was already put at <c>record[HeaderLength..]</c>; returns the record length.</summary>
    public static int Complete(Span<byte> record, int payloadLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], ~(uint)payloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], Crc32C.Compute(record.Slice(HeaderLength, payloadLength)));
        return HeaderLength + payloadLength;
    }

    /// <summary>Writes a whole record for <paramref name="payload"/>.</summary>
    public static void Write(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> payload)
    {
        payload.CopyTo(Begin(buffer, payload.Length));
        End(buffer, payload.Length);
    }

    /// <summary>Checks a complete record held in memory (header and payload); returns its payload.</summary>
    /// <exception cref="InvalidDataException">The record does not check out.</exception>
    public static ReadOnlySpan<byte> Verify(ReadOnlySpan<byte> record, string file, long offset)
    {
        if (record.Length < HeaderLength
            || BinaryPrimitives.ReadUInt32LittleEndian(record) != ~BinaryPrimitives.ReadUInt32LittleEndian(record[4..])
            || BinaryPrimitives.ReadUInt32LittleEndian(record) != record.Length - HeaderLength
            || Crc32C.Compute(record[HeaderLength..]) != BinaryPrimitives.ReadUInt32LittleEndian(record[8..]))
        {
            throw new InvalidDataException($"{file}: record at offset {offset} fails its checksum; the file is corrupt");
        }

        return record[HeaderLength..];
    }

    /// <summary>
    /// Reads the records of <paramref name="stream"/> from <paramref name="start"/> to <paramref name="end"/>, calling
    /// <paramref name="apply"/> with each payload and its offset, and returns where the last whole record ends (a
    /// torn tail after it is for the caller to cut).
    /// </summary>
    /// <param name="stream">The file, positioned anywhere.</param>
    /// <param name="start">Offset of the first record.</param>
    /// <param name="end">Length of the file.</param>
    /// <param name="file">File name for error messages.</param>
    /// <param name="apply">Receives each payload (valid only during the call) and its record's offset.</param>
    /// <param name="snapshot">Reading a file a writer may be appending to: stop at the first bad record instead of failing.</param>
    /// <param name="headerLength">12 for this framing; 8 for the legacy framing of store format 1 (<c>[u32 length][u32 CRC]</c>).</param>
    /// <exception cref="InvalidDataException">A record is corrupt and good data follows it; the message names the file and offset.</exception>
    public static long Scan(Stream stream, long start, long end, string file, ReadAction apply, bool snapshot = false, int headerLength = HeaderLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(apply);
        stream.Position = start;
        var offset = start;
        Span<byte> header = stackalloc byte[HeaderLength];
        var payload = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (offset < end)
            {
                var remaining = end - offset;
                if (remaining < headerLength)
                {
                    return offset; // torn header
                }

                stream.ReadExactly(header[..headerLength]);
                var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
                var consistent = headerLength == 8
                    ? length is > 0 and <= MaxPayloadLength
                    : length is > 0 and <= MaxPayloadLength && ~length == BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
                if (!consistent)
                {
                    // Torn when nothing but zeros follows the header: a header cut short, or a file extended and never written.
                    if (snapshot || OnlyZeros(stream, offset + headerLength, end))
                    {
                        return offset;
                    }

                    throw new InvalidDataException($"{file}: record header at offset {offset} is damaged and data follows it; the file is corrupt");
                }

                if (length > remaining - headerLength)
                {
                    return offset; // torn payload: the process died while appending it
                }

                if (payload.Length < length)
                {
                    ArrayPool<byte>.Shared.Return(payload);
                    payload = ArrayPool<byte>.Shared.Rent((int)length);
                }

                var body = payload.AsSpan(0, (int)length);
                stream.ReadExactly(body);
                var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[(headerLength - 4)..]);
                if (Crc32C.Compute(body) != crc)
                {
                    if (snapshot || OnlyZeros(stream, offset + headerLength + length, end))
                    {
                        return offset; // torn last record (or, in a snapshot, one being written right now)
                    }

                    throw new InvalidDataException($"{file}: record at offset {offset} fails its checksum and is followed by more data; the file is corrupt");
                }

                apply(body, offset);
                offset += headerLength + length;
            }

            return offset;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    /// <summary>Receives one record's payload and offset.</summary>
    public delegate void ReadAction(ReadOnlySpan<byte> payload, long offset);

    private static bool OnlyZeros(Stream stream, long from, long end)
    {
        stream.Position = from;
        var chunk = new byte[1 << 16];
        var position = from;
        while (position < end)
        {
            var n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, end - position));
            if (n <= 0)
            {
                break;
            }

            if (chunk.AsSpan(0, n).ContainsAnyExcept((byte)0))
            {
                return false;
            }

            position += n;
        }

        return true;
    }
}
