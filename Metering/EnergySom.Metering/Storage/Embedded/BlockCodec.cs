using System.Buffers.Binary;
using System.Numerics;

namespace EnergySom.Metering.Storage.Embedded;

/// <summary>
/// Compresses a block of one series: timestamps as delta-of-delta varints (a regular series costs one byte a
/// point), values with the XOR scheme of Facebook's Gorilla (Pelkonen et al., VLDB 2015, §4.1.2: an unchanged value
/// costs one bit, a slowly changing one about a dozen), quality flags run-length encoded.
/// </summary>
/// <remarks>Layout: <c>[i32 timesLength][i32 valuesLength][i32 flagsLength][times][values][flags]</c>, little-endian.</remarks>
internal static class BlockCodec
{
    public const int HeaderLength = 12;

    /// <summary>Upper bound of the encoded size of <paramref name="count"/> points.</summary>
    public static int MaxEncodedLength(int count) => HeaderLength + (count * (10 + 10 + 4)) + 16;

    /// <summary>Encodes sorted, unique <paramref name="times"/> with their values and flags; returns the bytes written.</summary>
    public static int Encode(ReadOnlySpan<long> times, ReadOnlySpan<double> values, ReadOnlySpan<QualityFlags> flags, Span<byte> output)
    {
        var count = times.Length;
        var body = output[HeaderLength..];

        // Timestamps: first value, first delta, then delta-of-deltas, all zig-zag varints after the first.
        var t = 0;
        BinaryPrimitives.WriteInt64LittleEndian(body, times[0]);
        t += 8;
        long previousDelta = 0;
        for (var i = 1; i < count; i++)
        {
            var delta = unchecked(times[i] - times[i - 1]);
            t += WriteVarint(body[t..], ZigZag(unchecked(delta - previousDelta)));
            previousDelta = delta;
        }

        // Values: Gorilla XOR.
        var bits = new BitWriter(body[t..]);
        var previous = BitConverter.DoubleToUInt64Bits(values[0]);
        bits.Write(previous, 64);
        int leading = -1, trailing = 0;
        for (var i = 1; i < count; i++)
        {
            var current = BitConverter.DoubleToUInt64Bits(values[i]);
            var xor = current ^ previous;
            previous = current;
            if (xor == 0)
            {
                bits.WriteBit(false);
                continue;
            }

            bits.WriteBit(true);
            var lz = Math.Min(BitOperations.LeadingZeroCount(xor), 31);
            var tz = BitOperations.TrailingZeroCount(xor);
            if (leading >= 0 && lz >= leading && tz >= trailing)
            {
                bits.WriteBit(false);
                bits.Write(xor >> trailing, 64 - leading - trailing);
            }
            else
            {
                bits.WriteBit(true);
                var meaningful = 64 - lz - tz;
                bits.Write((ulong)lz, 5);
                bits.Write((ulong)(meaningful - 1), 6);
                bits.Write(xor >> tz, meaningful);
                leading = lz;
                trailing = tz;
            }
        }

        var v = bits.Finish();

        // Flags: (value, run length) pairs.
        var f = 0;
        var flagBody = body[(t + v)..];
        for (var i = 0; i < count;)
        {
            var run = 1;
            while (i + run < count && flags[i + run] == flags[i])
            {
                run++;
            }

            f += WriteVarint(flagBody[f..], (ulong)flags[i]);
            f += WriteVarint(flagBody[f..], (ulong)run);
            i += run;
        }

        BinaryPrimitives.WriteInt32LittleEndian(output, t); // column lengths let the decoder check the block
        BinaryPrimitives.WriteInt32LittleEndian(output[4..], v);
        BinaryPrimitives.WriteInt32LittleEndian(output[8..], f);
        return HeaderLength + t + v + f;
    }

    /// <summary>Decodes <paramref name="count"/> points.</summary>
    /// <exception cref="InvalidDataException">The block is inconsistent.</exception>
    public static void Decode(ReadOnlySpan<byte> encoded, int count, Span<long> times, Span<double> values, Span<QualityFlags> flags)
    {
        if (encoded.Length < HeaderLength || count <= 0)
        {
            throw new InvalidDataException("block too short");
        }

        var t = BinaryPrimitives.ReadInt32LittleEndian(encoded);
        var v = BinaryPrimitives.ReadInt32LittleEndian(encoded[4..]);
        var f = BinaryPrimitives.ReadInt32LittleEndian(encoded[8..]);
        if (t < 8 || v < 8 || f < 2 || (long)HeaderLength + t + v + f != encoded.Length)
        {
            throw new InvalidDataException("block column lengths do not add up");
        }

        var timeBytes = encoded.Slice(HeaderLength, t);
        var time = BinaryPrimitives.ReadInt64LittleEndian(timeBytes);
        times[0] = time;
        var position = 8;
        long delta = 0;
        for (var i = 1; i < count; i++)
        {
            delta = unchecked(delta + UnZigZag(ReadVarint(timeBytes, ref position)));
            time = unchecked(time + delta);
            times[i] = time;
        }

        var bits = new BitReader(encoded.Slice(HeaderLength + t, v));
        var previous = bits.Read(64);
        values[0] = BitConverter.UInt64BitsToDouble(previous);
        int leading = 0, trailing = 0;
        for (var i = 1; i < count; i++)
        {
            if (bits.ReadBit())
            {
                if (bits.ReadBit())
                {
                    leading = (int)bits.Read(5);
                    var meaningful = (int)bits.Read(6) + 1;
                    trailing = 64 - leading - meaningful;
                    if (trailing < 0)
                    {
                        throw new InvalidDataException("block value stream is inconsistent");
                    }
                }

                previous ^= bits.Read(64 - leading - trailing) << trailing;
            }

            values[i] = BitConverter.UInt64BitsToDouble(previous);
        }

        var flagBytes = encoded.Slice(HeaderLength + t + v, f);
        position = 0;
        for (var i = 0; i < count;)
        {
            var flag = (QualityFlags)(ushort)ReadVarint(flagBytes, ref position);
            var run = ReadVarint(flagBytes, ref position);
            if (run == 0 || run > (ulong)(count - i))
            {
                throw new InvalidDataException("block flag runs do not add up");
            }

            flags.Slice(i, (int)run).Fill(flag);
            i += (int)run;
        }
    }

    private static ulong ZigZag(long value) => unchecked((ulong)((value << 1) ^ (value >> 63)));

    private static long UnZigZag(ulong value) => unchecked((long)(value >> 1) ^ -(long)(value & 1));

    private static int WriteVarint(Span<byte> output, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            output[i++] = unchecked((byte)(value | 0x80));
            value >>= 7;
        }

        output[i++] = (byte)value;
        return i;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> input, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= input.Length)
            {
                throw new InvalidDataException("block varint runs past its column");
            }

            var b = input[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("block varint is too long");
    }
}
