using System.Buffers.Binary;

namespace EnergySom.Firmware.Registers;

/// <summary>
/// Converts between the raw bytes of consecutive Modbus registers (as they appear in a PDU: two bytes per
/// register, each register big-endian) and typed values. Pure span code: no allocation.
/// </summary>
public static class RegisterCodec
{
    /// <summary>
    /// Puts the bytes of a value laid out in <paramref name="order"/> into big-endian (ABCD…) order.
    /// <paramref name="wire"/> holds exactly <c>2 × registers</c> bytes.
    /// </summary>
    public static void ToBigEndian(ReadOnlySpan<byte> wire, WordOrder order, Span<byte> bigEndian)
    {
        var words = wire.Length / 2;
        for (var w = 0; w < words; w++)
        {
            var source = order.LowWordFirst() ? words - 1 - w : w;
            var hi = wire[(2 * source) + (order.SwapBytes() ? 1 : 0)];
            var lo = wire[(2 * source) + (order.SwapBytes() ? 0 : 1)];
            bigEndian[2 * w] = hi;
            bigEndian[(2 * w) + 1] = lo;
        }
    }

    /// <summary>The inverse of <see cref="ToBigEndian"/>: lays big-endian bytes out in <paramref name="order"/>.</summary>
    public static void FromBigEndian(ReadOnlySpan<byte> bigEndian, WordOrder order, Span<byte> wire)
    {
        var words = bigEndian.Length / 2;
        for (var w = 0; w < words; w++)
        {
            var target = order.LowWordFirst() ? words - 1 - w : w;
            wire[(2 * target) + (order.SwapBytes() ? 1 : 0)] = bigEndian[2 * w];
            wire[(2 * target) + (order.SwapBytes() ? 0 : 1)] = bigEndian[(2 * w) + 1];
        }
    }

    /// <summary>
    /// Decodes the raw value (before scale and offset) of <paramref name="type"/> from
    /// <paramref name="wire"/>, which starts at the value's first register.
    /// </summary>
    /// <remarks>
    /// 64-bit integers beyond 2^53 lose precision in a double; use <see cref="DecodeInt64"/> for counters.
    /// A packed-BCD value with a nibble above 9 is not a number and decodes to NaN, which a collector flags invalid.
    /// </remarks>
    public static double Decode(ReadOnlySpan<byte> wire, RegisterDataType type, WordOrder order)
    {
        var length = type.RegisterCount() * 2;
        if (wire.Length < length)
        {
            ThrowTooShort(type, length, wire.Length, nameof(wire));
        }

        // Direct reads for the fixed-width types: this runs for every value of every poll. The rest (BCD) is
        // kept out of line so that this method needs no stack buffer.
        switch (type)
        {
            case RegisterDataType.U16: return Read16(wire, order);
            case RegisterDataType.I16: return unchecked((short)Read16(wire, order));
            case RegisterDataType.U32: return Read32(wire, order);
            case RegisterDataType.I32: return unchecked((int)Read32(wire, order));
            case RegisterDataType.F32: return BitConverter.UInt32BitsToSingle(Read32(wire, order));
            case RegisterDataType.U64: return Read64(wire, order);
            case RegisterDataType.I64: return unchecked((long)Read64(wire, order));
            case RegisterDataType.F64: return BitConverter.UInt64BitsToDouble(Read64(wire, order));
            case RegisterDataType.Bit: return (Read16(wire, order) & 0xFF) != 0 ? 1 : 0;
            default:
                return DecodeBcd(wire[..length], type, order);
        }
    }

    private static double DecodeBcd(ReadOnlySpan<byte> wire, RegisterDataType type, WordOrder order)
    {
        if (!type.IsBcd())
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }

        Span<byte> be = stackalloc byte[8];
        be = be[..wire.Length];
        ToBigEndian(wire, order, be);
        return PackedBcd.TryRead(be, out var bcd) ? bcd : double.NaN;
    }

    private static void ThrowTooShort(RegisterDataType type, int length, int given, string paramName) =>
        throw new ArgumentException($"{type.ToProfileName()} needs {length} bytes, got {given}.", paramName);

    /// <summary>One register, bytes swapped for BADC and DCBA.</summary>
    private static ushort Read16(ReadOnlySpan<byte> wire, WordOrder order) =>
        order.SwapBytes() ? BinaryPrimitives.ReadUInt16LittleEndian(wire) : BinaryPrimitives.ReadUInt16BigEndian(wire);

    /// <summary>Two registers as the 32 bits A B C D of the value.</summary>
    private static uint Read32(ReadOnlySpan<byte> wire, WordOrder order) => order switch
    {
        WordOrder.ABCD => BinaryPrimitives.ReadUInt32BigEndian(wire),
        WordOrder.DCBA => BinaryPrimitives.ReadUInt32LittleEndian(wire),
        WordOrder.CDAB => ((uint)BinaryPrimitives.ReadUInt16BigEndian(wire[2..]) << 16) | BinaryPrimitives.ReadUInt16BigEndian(wire),
        _ => ((uint)BinaryPrimitives.ReadUInt16LittleEndian(wire) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(wire[2..]),
    };

    /// <summary>Four registers as the 64 bits A … H of the value.</summary>
    private static ulong Read64(ReadOnlySpan<byte> wire, WordOrder order) => order switch
    {
        WordOrder.ABCD => BinaryPrimitives.ReadUInt64BigEndian(wire),
        WordOrder.DCBA => BinaryPrimitives.ReadUInt64LittleEndian(wire),
        WordOrder.CDAB => ((ulong)BinaryPrimitives.ReadUInt16BigEndian(wire[6..]) << 48) | ((ulong)BinaryPrimitives.ReadUInt16BigEndian(wire[4..]) << 32)
            | ((ulong)BinaryPrimitives.ReadUInt16BigEndian(wire[2..]) << 16) | BinaryPrimitives.ReadUInt16BigEndian(wire),
        _ => ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(wire) << 48) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(wire[2..]) << 32)
            | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(wire[4..]) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(wire[6..]),
    };

    /// <summary>
    /// Decodes an integer or BCD type exactly (unsigned 64-bit values above 2^63 − 1 wrap to negative).
    /// Throws <see cref="FormatException"/> for BCD registers holding a nibble above 9.
    /// </summary>
    public static long DecodeInt64(ReadOnlySpan<byte> wire, RegisterDataType type, WordOrder order)
    {
        if (type.IsFloat() || type == RegisterDataType.Bit)
        {
            throw new ArgumentException($"{type.ToProfileName()} is not an integer type.", nameof(type));
        }

        Span<byte> be = stackalloc byte[8];
        var length = type.RegisterCount() * 2;
        be = be[..length];
        ToBigEndian(wire[..length], order, be);
        if (type.IsBcd())
        {
            return PackedBcd.TryRead(be, out var bcd)
                ? bcd
                : throw new FormatException($"{type.ToProfileName()} register holds {Convert.ToHexString(be)}, which is not packed BCD");
        }

        return type switch
        {
            RegisterDataType.U16 => BinaryPrimitives.ReadUInt16BigEndian(be),
            RegisterDataType.I16 => BinaryPrimitives.ReadInt16BigEndian(be),
            RegisterDataType.U32 => BinaryPrimitives.ReadUInt32BigEndian(be),
            RegisterDataType.I32 => BinaryPrimitives.ReadInt32BigEndian(be),
            RegisterDataType.U64 => unchecked((long)BinaryPrimitives.ReadUInt64BigEndian(be)),
            RegisterDataType.I64 => BinaryPrimitives.ReadInt64BigEndian(be),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
    }

    /// <summary>
    /// Encodes a raw value into <paramref name="wire"/> (2 × registers bytes). Integers are rounded to the
    /// nearest and wrapped to the register width, as a counter register wraps; BCD wraps at 10^digits.
    /// </summary>
    public static void Encode(double raw, RegisterDataType type, WordOrder order, Span<byte> wire)
    {
        Span<byte> be = stackalloc byte[8];
        var length = type.RegisterCount() * 2;
        be = be[..length];
        switch (type)
        {
            case RegisterDataType.Bit:
                BinaryPrimitives.WriteUInt16BigEndian(be, raw != 0 ? (ushort)1 : (ushort)0);
                break;
            case RegisterDataType.F32:
                BinaryPrimitives.WriteSingleBigEndian(be, (float)raw);
                break;
            case RegisterDataType.F64:
                BinaryPrimitives.WriteDoubleBigEndian(be, raw);
                break;
            default:
                EncodeInt64(WrapToInteger(raw), type, be);
                break;
        }

        FromBigEndian(be, order, wire[..length]);
    }

    /// <summary>Encodes an exact integer value, wrapped to the width of <paramref name="type"/> (10^digits for BCD).</summary>
    public static void EncodeInt64(long value, RegisterDataType type, WordOrder order, Span<byte> wire)
    {
        Span<byte> be = stackalloc byte[8];
        var length = type.RegisterCount() * 2;
        be = be[..length];
        EncodeInt64(value, type, be);
        FromBigEndian(be, order, wire[..length]);
    }

    private static void EncodeInt64(long value, RegisterDataType type, Span<byte> be)
    {
        unchecked
        {
            switch (type)
            {
                case RegisterDataType.U16:
                case RegisterDataType.I16:
                    BinaryPrimitives.WriteUInt16BigEndian(be, (ushort)value);
                    break;
                case RegisterDataType.U32:
                case RegisterDataType.I32:
                    BinaryPrimitives.WriteUInt32BigEndian(be, (uint)value);
                    break;
                case RegisterDataType.U64:
                case RegisterDataType.I64:
                    BinaryPrimitives.WriteInt64BigEndian(be, value);
                    break;
                case RegisterDataType.Bcd16:
                case RegisterDataType.Bcd32:
                case RegisterDataType.Bcd48:
                    PackedBcd.Write(value, be);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(type), type, "not an integer type");
            }
        }
    }

    private static long WrapToInteger(double raw)
    {
        var rounded = Math.Round(raw, MidpointRounding.AwayFromZero);
        if (rounded >= 9.2233720368547758E18)
        {
            // Values at or above 2^63 only occur for u64 registers; keep the low 64 bits.
            return unchecked((long)(ulong)rounded);
        }

        return (long)rounded;
    }
}
