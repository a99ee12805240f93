using System.Buffers.Binary;
using EnergySom.Firmware.Registers;

namespace EnergySom.Metering.Modbus;

/// <summary>
/// Modbus TCP application data units (MBAP header + PDU; MODBUS Messaging on TCP/IP Implementation Guide
/// v1.0b, §3.1.3). Pure span code: encodes read requests and decodes replies without I/O or allocation.
/// </summary>
/// <remarks>
/// The MBAP header is: transaction id (2 bytes), protocol id (2, always 0), length (2: the bytes that follow,
/// unit id included), unit id (1). Every field is big-endian.
/// </remarks>
public static class ModbusTcpFrame
{
    /// <summary>MBAP header length: transaction id, protocol id, length, unit id.</summary>
    public const int HeaderLength = 7;

    /// <summary>Largest ADU: 7-byte header + 253-byte PDU.</summary>
    public const int MaxAduLength = HeaderLength + ModbusPdu.MaxLength;

    /// <summary>Length of a read request ADU (header + function + start + count).</summary>
    public const int ReadRequestLength = HeaderLength + ModbusPdu.ReadRequestLength;

    /// <summary>Most registers one read may ask for (FC03/FC04).</summary>
    public const int MaxRegistersPerRead = ModbusPdu.MaxRegistersPerRead;

    /// <summary>Most bits one read may ask for (FC01/FC02).</summary>
    public const int MaxBitsPerRead = ModbusPdu.MaxBitsPerRead;

    /// <summary>Writes a read request for <paramref name="count"/> registers or bits of <paramref name="kind"/>.</summary>
    /// <returns>The length of the request (12 bytes).</returns>
    public static int WriteReadRequest(Span<byte> destination, ushort transactionId, byte unit, RegisterKind kind, ushort start, ushort count)
    {
        ModbusPdu.WriteReadRequest(destination[HeaderLength..], kind, start, count);
        BinaryPrimitives.WriteUInt16BigEndian(destination, transactionId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1 + ModbusPdu.ReadRequestLength);
        destination[6] = unit;
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
        if (protocol != 0 || length < 2 || length > 1 + ModbusPdu.MaxLength)
        {
            return FrameStatus.Malformed;
        }

        aduLength = HeaderLength - 1 + length;
        return FrameStatus.Ok;
    }

    /// <summary>
    /// Decodes the reply to the read request <paramref name="transactionId"/> at the start of
    /// <paramref name="buffer"/> (which may hold less or more than one frame). A complete frame of another
    /// transaction is reported as <see cref="FrameStatus.OtherTransaction"/> with its length, so the caller can
    /// decide whether it is a late reply to skip; a frame from another unit is malformed.
    /// </summary>
    public static FrameStatus DecodeReply(ReadOnlySpan<byte> buffer, ushort transactionId, byte unit, RegisterKind kind, ushort count, out ReplyFrame frame)
    {
        switch (ReadHeader(buffer, out var replyId, out var replyUnit, out var aduLength))
        {
            case FrameStatus.Incomplete:
                frame = new ReplyFrame(HeaderLength);
                return FrameStatus.Incomplete;
            case FrameStatus.Malformed:
                frame = new ReplyFrame(HeaderLength, Problem: $"bad MBAP header {Convert.ToHexString(buffer[..HeaderLength])}");
                return FrameStatus.Malformed;
        }

        if (buffer.Length < aduLength)
        {
            frame = new ReplyFrame(aduLength, TransactionId: replyId, Unit: replyUnit);
            return FrameStatus.Incomplete;
        }

        if (replyId != transactionId)
        {
            frame = new ReplyFrame(aduLength, TransactionId: replyId, Unit: replyUnit, Problem: $"transaction id {replyId}, expected {transactionId}");
            return FrameStatus.OtherTransaction;
        }

        if (replyUnit != unit)
        {
            frame = new ReplyFrame(aduLength, TransactionId: replyId, Unit: replyUnit, Problem: $"reply from unit {replyUnit}");
            return FrameStatus.Malformed;
        }

        var status = ModbusPdu.DecodeReadReply(buffer[HeaderLength..aduLength], kind, count, out var dataLength, out var code, out var problem);
        frame = new ReplyFrame(aduLength, HeaderLength + 2, dataLength, code, replyId, replyUnit, problem);
        return status;
    }

    /// <summary>
    /// Decodes the PDU of a reply to a read of <paramref name="count"/> items of <paramref name="kind"/>.
    /// On <see cref="FrameStatus.Ok"/>, <paramref name="data"/> is the register bytes (2 per register) or the
    /// packed bits; on <see cref="FrameStatus.DeviceException"/>, <paramref name="exceptionCode"/> is set.
    /// </summary>
    public static FrameStatus DecodeReadReply(ReadOnlySpan<byte> pdu, RegisterKind kind, ushort count, out ReadOnlySpan<byte> data, out byte exceptionCode, out string? problem)
    {
        var status = ModbusPdu.DecodeReadReply(pdu, kind, count, out var dataLength, out exceptionCode, out problem);
        data = status == FrameStatus.Ok ? pdu.Slice(2, dataLength) : default;
        return status;
    }
}
