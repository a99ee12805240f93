using EnergySom.Firmware.Profiles;
using System.Buffers.Binary;
using System.Numerics;
using EnergySom.Firmware.Registers;

namespace EnergySom.Metering.Collection;

/// <summary>
/// Turns the data of one <see cref="PlannedRead"/> into the canonical values of its points, in the order of
/// <see cref="PlannedRead.Points"/>. Built once per read: each point's byte offset, type, word order, scale and
/// unit factor are resolved up front, so decoding a block is one pass of integer shuffles and multiplies with no
/// allocation. Gives bit for bit what <see cref="RegisterCodec.Decode"/> followed by
/// <see cref="Firmware.Profiles.RegisterPoint.ToCanonical(double, Firmware.Profiles.TransformerRatios)"/> gives (a property test checks it).
/// Points the profile marks as secondary-side are scaled to primary values by the meter's CT/PT ratios.
/// </summary>
public sealed class RegisterBlockDecoder
{
    private readonly Op[] _ops;
    private readonly int[] _offsets;
    private readonly double[] _scale;
    private readonly double[] _offset;
    private readonly double[] _toCanonical;
    private readonly double[] _canonicalOffset;
    private readonly double[] _primary;

    public RegisterBlockDecoder(PlannedRead read, TransformerRatios? ratios = null)
    {
        ratios ??= TransformerRatios.None;
        Read = read;
        var n = read.Points.Count;
        _ops = new Op[n];
        _offsets = new int[n];
        _scale = new double[n];
        _offset = new double[n];
        _toCanonical = new double[n];
        _canonicalOffset = new double[n];
        _primary = new double[n];
        for (var i = 0; i < n; i++)
        {
            var point = read.Points[i];
            var index = point.Address - read.Start;
            if (index < 0 || point.End > read.Start + read.Count)
            {
                throw new ArgumentException($"point '{point.Name}' ({point.Address}..{point.End - 1}) lies outside the read {read.Start}..{read.Start + read.Count - 1}", nameof(read));
            }

            _offsets[i] = read.Kind.IsBit() ? index : index * 2;
            _ops[i] = read.Kind.IsBit() ? Op.UnpackedBit : OpFor(point.Type, point.Order);
            _scale[i] = point.Scale;
            _offset[i] = point.Offset;
            _toCanonical[i] = point.Unit.ToCanonical;
            _canonicalOffset[i] = point.Unit.CanonicalOffset;
            _primary[i] = point.Side == TransformerSide.Secondary ? ratios.MultiplierFor(point.Quantity) : 1;
        }
    }

    /// <summary>The read this decoder belongs to.</summary>
    public PlannedRead Read { get; }

    /// <summary>Number of values one block gives.</summary>
    public int Count => _ops.Length;

    /// <summary>
    /// Decodes <paramref name="data"/> (register bytes as on the wire, 2 per register; or one byte per bit for
    /// coils and discrete inputs, as <see cref="Modbus.ModbusClient"/> returns them) into
    /// <paramref name="values"/>[0..<see cref="Count"/>].
    /// </summary>
    public void Decode(ReadOnlySpan<byte> data, Span<double> values)
    {
        var needed = Read.Kind.IsBit() ? Read.Count : Read.Count * 2;
        if (data.Length < needed)
        {
            throw new ArgumentException($"a read of {Read.Count} {Read.Kind.ToProfileName()} gives {needed} bytes, got {data.Length}", nameof(data));
        }

        if (values.Length < _ops.Length)
        {
            throw new ArgumentException($"room for {_ops.Length} values needed", nameof(values));
        }

        var ops = _ops;
        var offsets = _offsets;
        for (var i = 0; i < ops.Length; i++)
        {
            var raw = Raw(ops[i], data[offsets[i]..]);
            values[i] = ((((raw * _scale[i]) + _offset[i]) * _toCanonical[i]) + _canonicalOffset[i]) * _primary[i];
        }
    }

    private static double Raw(Op op, ReadOnlySpan<byte> wire)
    {
        switch (op)
        {
            case Op.UnpackedBit:
                return wire[0] != 0 ? 1 : 0;
            case Op.RegisterBit:
                return (Word(wire, false) & 0xFF) != 0 ? 1 : 0;
            case Op.RegisterBitSwapped:
                return (Word(wire, true) & 0xFF) != 0 ? 1 : 0;
            case Op.U16:
                return Word(wire, false);
            case Op.U16Swapped:
                return Word(wire, true);
            case Op.I16:
                return unchecked((short)Word(wire, false));
            case Op.I16Swapped:
                return unchecked((short)Word(wire, true));
        }

        var width = (int)op & WidthMask;
        var order = (WordOrder)(((int)op >> OrderShift) & 3);
        var kind = (int)op & KindMask;
        if (width == Width32)
        {
            // Each arm converts to double itself: a switch over uint, int and float arms would be typed float and
            // round integers above 2^24.
            var v = Order32(BinaryPrimitives.ReadUInt32BigEndian(wire), order);
            return kind switch
            {
                KindUnsigned => (double)v,
                KindSigned => (double)unchecked((int)v),
                _ => (double)BitConverter.UInt32BitsToSingle(v),
            };
        }

        var w = Order64(BinaryPrimitives.ReadUInt64BigEndian(wire), order);
        return kind switch
        {
            KindUnsigned => (double)w,
            KindSigned => (double)unchecked((long)w),
            _ => BitConverter.UInt64BitsToDouble(w),
        };
    }

    private static ushort Word(ReadOnlySpan<byte> wire, bool swap)
    {
        var w = BinaryPrimitives.ReadUInt16BigEndian(wire);
        return swap ? BinaryPrimitives.ReverseEndianness(w) : w;
    }

    // The wire bytes read big-endian, rearranged into the value's big-endian order (see WordOrder).
    private static uint Order32(uint v, WordOrder order) => order switch
    {
        WordOrder.ABCD => v,
        WordOrder.CDAB => BitOperations.RotateLeft(v, 16),
        WordOrder.BADC => ((v & 0x00FF00FFu) << 8) | ((v >> 8) & 0x00FF00FFu),
        _ => BinaryPrimitives.ReverseEndianness(v),
    };

    private static ulong Order64(ulong v, WordOrder order) => order switch
    {
        WordOrder.ABCD => v,
        WordOrder.CDAB => (v << 48) | ((v << 16) & 0x0000_FFFF_0000_0000ul) | ((v >> 16) & 0x0000_0000_FFFF_0000ul) | (v >> 48),
        WordOrder.BADC => ((v & 0x00FF_00FF_00FF_00FFul) << 8) | ((v >> 8) & 0x00FF_00FF_00FF_00FFul),
        _ => BinaryPrimitives.ReverseEndianness(v),
    };

    private const int WidthMask = 0x30;
    private const int Width32 = 0x10;
    private const int Width64 = 0x20;
    private const int KindMask = 0x03;
    private const int KindUnsigned = 0;
    private const int KindSigned = 1;
    private const int KindFloat = 2;
    private const int OrderShift = 2;

    private static Op OpFor(RegisterDataType type, WordOrder order)
    {
        var swap = order.SwapBytes();
        switch (type)
        {
            case RegisterDataType.Bit: return swap ? Op.RegisterBitSwapped : Op.RegisterBit;
            case RegisterDataType.U16: return swap ? Op.U16Swapped : Op.U16;
            case RegisterDataType.I16: return swap ? Op.I16Swapped : Op.I16;
        }

        var (width, kind) = type switch
        {
            RegisterDataType.U32 => (Width32, KindUnsigned),
            RegisterDataType.I32 => (Width32, KindSigned),
            RegisterDataType.F32 => (Width32, KindFloat),
            RegisterDataType.U64 => (Width64, KindUnsigned),
            RegisterDataType.I64 => (Width64, KindSigned),
            RegisterDataType.F64 => (Width64, KindFloat),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
        return (Op)(width | ((int)order << OrderShift) | kind);
    }

    // Low nibble: kind (bits 0-1) and word order (bits 2-3); bits 4-5: width. Values below 0x10 that are not a
    // valid width are the 1-register and bit cases, numbered from 0x40 so they cannot collide.
    private enum Op : byte
    {
        UnpackedBit = 0x40,
        RegisterBit,
        RegisterBitSwapped,
        U16,
        U16Swapped,
        I16,
        I16Swapped,
    }
}
