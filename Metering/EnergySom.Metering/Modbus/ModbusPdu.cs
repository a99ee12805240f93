using System.Buffers.Binary;
using EnergySom.Firmware.Registers;

namespace EnergySom.Metering.Modbus;

/// <summary>
/// The protocol data unit of the read functions 01–04, common to Modbus TCP and RTU (MODBUS Application
/// Protocol Specification v1.1b3, §6.1–6.4). Pure span code without allocation on the good path.
/// </summary>
public static class ModbusPdu
{
    /// <summary>Length of a read request PDU: function, start address, count.</summary>
    public const int ReadRequestLength = 5;

    /// <summary>Largest PDU (§4.1: 256-byte serial ADU minus address and CRC).</summary>
    public const int MaxLength = 253;

    /// <summary>Most registers one FC03/FC04 read may ask for (§6.3, §6.4).</summary>
    public const int MaxRegistersPerRead = 125;

    /// <summary>Most bits one FC01/FC02 read may ask for (§6.1, §6.2).</summary>
    public const int MaxBitsPerRead = 2000;

    /// <summary>Most items one read of <paramref name="kind"/> may ask for.</summary>
    public static int MaxCount(RegisterKind kind) => kind.IsBit() ? MaxBitsPerRead : MaxRegistersPerRead;

    /// <summary>Bytes of data a good reply carries: 2 per register, or the bits packed 8 to a byte.</summary>
    public static int ReplyDataLength(RegisterKind kind, ushort count) => kind.IsBit() ? (count + 7) / 8 : count * 2;

    /// <summary>Bytes the caller's destination needs for a read: 2 per register, or one byte per bit.</summary>
    public static int DestinationLength(RegisterKind kind, ushort count) => kind.IsBit() ? count : count * 2;

    /// <summary>Throws when a read could not be sent: count out of 1..max, or a range past address 65535.</summary>
    public static void ValidateRead(RegisterKind kind, ushort start, ushort count)
    {
        var max = MaxCount(kind);
        if (count == 0 || count > max)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"a read of {kind.ToProfileName()} asks for 1..{max}");
        }

        if (start + count > 0x10000)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"{start}+{count} runs past address 65535");
        }
    }

    /// <summary>Writes the PDU of a read request; returns its length (5).</summary>
    public static int WriteReadRequest(Span<byte> destination, RegisterKind kind, ushort start, ushort count)
    {
        ValidateRead(kind, start, count);
        destination[0] = kind.ReadFunctionCode();
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], start);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], count);
        return ReadRequestLength;
    }

    /// <summary>
    /// Decodes the PDU of a reply to a read of <paramref name="count"/> items of <paramref name="kind"/>. On
    /// <see cref="FrameStatus.Ok"/> the data are <c>pdu[2..(2 + dataLength)]</c>; on
    /// <see cref="FrameStatus.DeviceException"/> <paramref name="exceptionCode"/> is set; on
    /// <see cref="FrameStatus.Malformed"/> <paramref name="problem"/> says why.
    /// </summary>
    public static FrameStatus DecodeReadReply(ReadOnlySpan<byte> pdu, RegisterKind kind, ushort count, out int dataLength, out byte exceptionCode, out string? problem)
    {
        dataLength = 0;
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

        var expected = ReplyDataLength(kind, count);
        if (pdu[1] != expected || pdu.Length != 2 + expected)
        {
            problem = $"byte count {pdu[1]} with {pdu.Length - 2} data bytes, expected {expected}";
            return FrameStatus.Malformed;
        }

        dataLength = expected;
        return FrameStatus.Ok;
    }

    /// <summary>Unpacks <paramref name="count"/> bits (LSB of the first byte is the first bit, §6.1) into one byte (0 or 1) each.</summary>
    public static void UnpackBits(ReadOnlySpan<byte> packed, int count, Span<byte> destination)
    {
        for (var i = 0; i < count; i++)
        {
            destination[i] = (byte)((packed[i >> 3] >> (i & 7)) & 1);
        }
    }
}
