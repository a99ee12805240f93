using EnergySom.Firmware.Registers;

namespace EnergySom.Metering.Modbus;

/// <summary>
/// Modbus RTU frames (MODBUS over Serial Line V1.02, §2.5.1): slave address, PDU, CRC-16 low byte first. Used
/// over a serial line or tunnelled through a TCP socket by a serial-to-Ethernet gateway ("RTU over TCP"). Pure
/// span code: no I/O, no allocation on the good path.
/// </summary>
/// <remarks>
/// An RTU frame carries no length: on a serial line its end is a 3.5-character silence, which a TCP tunnel
/// does not preserve. A reply is therefore delimited by what the request implies: its function code tells an
/// exception reply (5 bytes) from a data reply, whose byte count (the third byte) gives the rest.
/// </remarks>
public static class ModbusRtuFrame
{
    /// <summary>Length of a read request: address, function, start, count, CRC.</summary>
    public const int ReadRequestLength = 1 + ModbusPdu.ReadRequestLength + 2;

    /// <summary>Largest RTU frame (§2.5.1.1).</summary>
    public const int MaxFrameLength = 256;

    /// <summary>Length of an exception reply: address, function | 0x80, code, CRC.</summary>
    public const int ExceptionReplyLength = 5;

    /// <summary>Bytes needed before the length of a reply is known: address, function, byte count or code.</summary>
    public const int MinimumPrefix = 3;

    /// <summary>Lowest and highest individual slave address on a serial line (§2.2; 0 is broadcast, 248–255 reserved).</summary>
    public const byte MinUnit = 1;

    public const byte MaxUnit = 247;

    /// <summary>Writes a read request for <paramref name="count"/> registers or bits of <paramref name="kind"/>.</summary>
    /// <returns>The length of the request (8 bytes).</returns>
    public static int WriteReadRequest(Span<byte> destination, byte unit, RegisterKind kind, ushort start, ushort count)
    {
        if (unit is < MinUnit or > MaxUnit)
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, $"a serial slave address is {MinUnit}..{MaxUnit} (0 is broadcast and gets no reply)");
        }

        destination[0] = unit;
        ModbusPdu.WriteReadRequest(destination[1..], kind, start, count);
        return Crc16Modbus.Append(destination, 1 + ModbusPdu.ReadRequestLength);
    }

    /// <summary>
    /// Decodes the reply to a read at the start of <paramref name="buffer"/>. <see cref="FrameStatus.Incomplete"/>
    /// gives in <see cref="ReplyFrame.Length"/> how many bytes are needed; a wrong function code or byte count is
    /// reported as malformed at once (without waiting for bytes that may never come), a bad CRC or a reply from
    /// another unit once the frame is complete.
    /// </summary>
    public static FrameStatus DecodeReply(ReadOnlySpan<byte> buffer, byte unit, RegisterKind kind, ushort count, out ReplyFrame frame)
    {
        if (buffer.Length < MinimumPrefix)
        {
            frame = new ReplyFrame(MinimumPrefix);
            return FrameStatus.Incomplete;
        }

        var function = kind.ReadFunctionCode();
        var replyUnit = buffer[0];
        int length;
        if (buffer[1] == (function | 0x80))
        {
            length = ExceptionReplyLength;
        }
        else if (buffer[1] == function)
        {
            var expected = ModbusPdu.ReplyDataLength(kind, count);
            if (buffer[2] != expected)
            {
                frame = new ReplyFrame(MinimumPrefix, Unit: replyUnit, Problem: $"unit {replyUnit} function 0x{function:X2}: byte count {buffer[2]}, expected {expected}");
                return FrameStatus.Malformed;
            }

            length = MinimumPrefix + expected + 2;
        }
        else
        {
            frame = new ReplyFrame(MinimumPrefix, Unit: replyUnit, Problem: $"function 0x{buffer[1]:X2} in reply to 0x{function:X2} (bytes {Convert.ToHexString(buffer[..MinimumPrefix])})");
            return FrameStatus.Malformed;
        }

        if (buffer.Length < length)
        {
            frame = new ReplyFrame(length, Unit: replyUnit);
            return FrameStatus.Incomplete;
        }

        var adu = buffer[..length];
        if (!Crc16Modbus.Check(adu))
        {
            frame = new ReplyFrame(length, Unit: replyUnit, Problem: $"bad CRC {adu[^2]:X2}{adu[^1]:X2} on {Convert.ToHexString(adu[..^2])}");
            return FrameStatus.Malformed;
        }

        if (replyUnit != unit)
        {
            frame = new ReplyFrame(length, Unit: replyUnit, Problem: $"reply from unit {replyUnit}");
            return FrameStatus.Malformed;
        }

        var status = ModbusPdu.DecodeReadReply(adu[1..^2], kind, count, out var dataLength, out var code, out var problem);
        frame = new ReplyFrame(length, 3, dataLength, code, 0, replyUnit, problem);
        return status;
    }
}
