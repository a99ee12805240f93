using System.Buffers.Binary;
using EnergySom.Firmware.Registers;

namespace EnergySom.Metering.Modbus;

/// <summary>The outcome of decoding a reply frame.</summary>
public enum FrameStatus
{
    /// <summary>A complete, valid reply.</summary>
    Ok,

    /// <summary>More bytes are needed.</summary>
    Incomplete,

    /// <summary>A complete exception reply; the code is in the result.</summary>
    DeviceException,

    /// <summary>The bytes are not a valid reply to the request.</summary>
    Malformed,
}

/// <summary>
/// Modbus TCP application data units (MBAP header + PDU; MODBUS Messaging on TCP/IP Implementation Guide
/// v1.0b, §3.1.3). Pure span code: encodes read requests and decodes replies without I/O or allocation.
/// </summary>
public static class ModbusTcpFrame
{
    /// <summary>MBAP header length: transaction id, protocol id, length, unit id.</summary>
    public const int HeaderLength = 7;

    /// <summary>Largest ADU: 7-byte header + 253-byte PDU.</summary>
    public const int MaxAduLength = 260;

    /// <summary>Length of a read request ADU (header + function + start + count).</summary>
    public const int ReadRequestLength = HeaderLength + 5;

    /// <summary>Most registers one read may ask for (FC03/FC04), and most bits (FC01/FC02).</summary>
    public const int MaxRegistersPerRead = 125;

    public const int MaxBitsPerRead = 2000;

    /// <summary>Writes a read request for <paramref name="count"/> registers or bits of <paramref name="kind"/>.</summary>
    public static int WriteReadRequest(Span<byte> destination, ushort transactionId, byte unit, RegisterKind kind, ushort start, ushort count)
    {
        var max = kind.IsBit() ? MaxBitsPerRead : MaxRegistersPerRead;
        if (count == 0 || count > max)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"a read asks for 1..{max}");
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, transactionId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 6);
        destination[6] = unit;
        destination[7] = kind.ReadFunctionCode();
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], start);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], count);
        return ReadRequestLength;
    }

    /// <summary>
    /// Reads the MBAP header and tells how long the whole ADU is. Returns <see cref="FrameStatus.Malformed"/>
    /// for a protocol id other than 0 or an impossible length.
    /// </summary>
    public static FrameStatus ReadHeader(ReadOnlySpan<byte> buffer, out ushort transactionId, out byte unit, out int aduLength)
    {
        transactionId = 0;
        unit = 0;
        aduLength = 0;
        if (buffer.Length < HeaderLength)
        {
            return FrameStatus.Incomplete;
        }

        transactionId = BinaryPrimitives.ReadUInt16BigEndian(buffer);
        var protocol = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(buffer[4..]);
        unit = buffer[6];
        if (protocol != 0 || length < 2 || length > 254)
        {
            return FrameStatus.Malformed;
        }

        aduLength = HeaderLength - 1 + length;
        return FrameStatus.Ok;
    }

    /// <summary>
    /// Decodes the PDU of a reply to a read of <paramref name="count"/> items of <paramref name="kind"/>.
    /// On <see cref="FrameStatus.Ok"/>, <paramref name="data"/> is the register bytes (2 per register) or the
    /// packed bits; on <see cref="FrameStatus.DeviceException"/>, <paramref name="exceptionCode"/> is set.
    /// </summary>
    public static FrameStatus DecodeReadReply(ReadOnlySpan<byte> pdu, RegisterKind kind, ushort count, out ReadOnlySpan<byte> data, out byte exceptionCode, out string? problem)
    {
        data = default;
        exceptionCode = 0;
        problem = null;
        var function = kind.ReadFunctionCode();
        if (pdu.Length < 2)
        {
            problem = $"PDU of {pdu.Length} bytes";
            return FrameStatus.Malformed;
        }

        if (pdu[0] == (function | 0x80))
        {
            if (pdu.Length != 2)
            {
                problem = $"exception reply of {pdu.Length} bytes";
                return FrameStatus.Malformed;
            }

            exceptionCode = pdu[1];
            return FrameStatus.DeviceException;
        }

        if (pdu[0] != function)
        {
            problem = $"function 0x{pdu[0]:X2} in reply to 0x{function:X2}";
            return FrameStatus.Malformed;
        }

        var expected = kind.IsBit() ? (count + 7) / 8 : count * 2;
        if (pdu[1] != expected || pdu.Length != 2 + expected)
        {
            problem = $"byte count {pdu[1]} with {pdu.Length - 2} data bytes, expected {expected}";
            return FrameStatus.Malformed;
        }

        data = pdu.Slice(2, expected);
        return FrameStatus.Ok;
    }
}
