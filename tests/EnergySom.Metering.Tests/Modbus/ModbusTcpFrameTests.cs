using EnergySom.Firmware.Registers;
using EnergySom.Metering.Modbus;

namespace EnergySom.Metering.Tests.Modbus;

public class ModbusTcpFrameTests
{
    [Fact]
    public void WriteReadRequest_EncodesMbapAndPdu()
    {
        var buffer = new byte[12];
        var length = ModbusTcpFrame.WriteReadRequest(buffer, 0x1234, 7, RegisterKind.Input, 0x0034, 2);

        Assert.Equal(12, length);
        // tid 0x1234, protocol 0, length 6, unit 7, FC04, start 0x0034, count 2 (MODBUS Messaging on TCP/IP §3.1.3).
        Assert.Equal(new byte[] { 0x12, 0x34, 0x00, 0x00, 0x00, 0x06, 0x07, 0x04, 0x00, 0x34, 0x00, 0x02 }, buffer);
    }

    [Theory]
    [InlineData(RegisterKind.Coil, 0x01)]
    [InlineData(RegisterKind.DiscreteInput, 0x02)]
    [InlineData(RegisterKind.Holding, 0x03)]
    [InlineData(RegisterKind.Input, 0x04)]
    public void WriteReadRequest_UsesTheTablesFunctionCode(RegisterKind kind, byte function)
    {
        var buffer = new byte[12];
        ModbusTcpFrame.WriteReadRequest(buffer, 1, 1, kind, 0, 1);
        Assert.Equal(function, buffer[7]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(126)]
    public void WriteReadRequest_RegisterCountOutOfRange_Throws(int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusTcpFrame.WriteReadRequest(new byte[12], 1, 1, RegisterKind.Holding, 0, (ushort)count));
    }

    [Fact]
    public void ReadHeader_ReportsAduLength()
    {
        byte[] header = [0x00, 0x01, 0x00, 0x00, 0x00, 0x07, 0x01];
        Assert.Equal(FrameStatus.Ok, ModbusTcpFrame.ReadHeader(header, out var tid, out var unit, out var length));
        Assert.Equal(1, tid);
        Assert.Equal(1, unit);
        Assert.Equal(13, length);
    }

    [Theory]
    [InlineData(new byte[] { 0, 1, 0, 1, 0, 7, 1 })] // protocol id 1
    [InlineData(new byte[] { 0, 1, 0, 0, 0, 1, 1 })] // length 1: no PDU
    [InlineData(new byte[] { 0, 1, 0, 0, 1, 0, 1 })] // length 256: too long
    public void ReadHeader_Malformed(byte[] header)
    {
        Assert.Equal(FrameStatus.Malformed, ModbusTcpFrame.ReadHeader(header, out _, out _, out _));
    }

    [Fact]
    public void DecodeReadReply_Registers()
    {
        byte[] pdu = [0x04, 0x04, 0x43, 0x66, 0x19, 0x9A];
        Assert.Equal(FrameStatus.Ok, ModbusTcpFrame.DecodeReadReply(pdu, RegisterKind.Input, 2, out var data, out _, out _));
        Assert.Equal(230.1f, (float)RegisterCodec.Decode(data, RegisterDataType.F32, WordOrder.ABCD));
    }

    [Fact]
    public void DecodeReadReply_Exception()
    {
        Assert.Equal(FrameStatus.DeviceException, ModbusTcpFrame.DecodeReadReply([0x83, 0x02], RegisterKind.Holding, 1, out _, out var code, out _));
        Assert.Equal(0x02, code);
    }

    [Theory]
    [InlineData(new byte[] { 0x03, 0x04, 0, 1, 0 })] // short data
    [InlineData(new byte[] { 0x03, 0x02, 0, 1 })] // wrong byte count for 2 registers
    [InlineData(new byte[] { 0x04, 0x04, 0, 1, 0, 2 })] // wrong function
    [InlineData(new byte[] { 0x83, 0x02, 0x00 })] // exception with trailing byte
    [InlineData(new byte[] { 0x03 })]
    public void DecodeReadReply_Malformed(byte[] pdu)
    {
        Assert.Equal(FrameStatus.Malformed, ModbusTcpFrame.DecodeReadReply(pdu, RegisterKind.Holding, 2, out _, out _, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void DecodeReadReply_Bits_PacksEightPerByte()
    {
        Assert.Equal(FrameStatus.Ok, ModbusTcpFrame.DecodeReadReply([0x01, 0x02, 0b1000_0101, 0b0000_0001], RegisterKind.Coil, 9, out var data, out _, out _));
        Assert.Equal(2, data.Length);
    }

    [Fact]
    public void DecodeReply_WholeAdu_GivesDataOffsets()
    {
        byte[] adu = [0x00, 0x07, 0x00, 0x00, 0x00, 0x07, 0x01, 0x04, 0x04, 0x43, 0x66, 0x19, 0x9A, 0xEE];
        Assert.Equal(FrameStatus.Ok, ModbusTcpFrame.DecodeReply(adu, 7, 1, RegisterKind.Input, 2, out var frame));
        Assert.Equal(13, frame.Length);
        Assert.Equal(230.1f, (float)RegisterCodec.Decode(adu.AsSpan(frame.DataOffset, frame.DataLength), RegisterDataType.F32, WordOrder.ABCD));
    }

    [Fact]
    public void DecodeReply_PartialAdu_TellsTheTotalLength()
    {
        byte[] adu = [0x00, 0x07, 0x00, 0x00, 0x00, 0x07, 0x01, 0x04, 0x04, 0x43];
        Assert.Equal(FrameStatus.Incomplete, ModbusTcpFrame.DecodeReply(adu.AsSpan(0, 3), 7, 1, RegisterKind.Input, 2, out var frame));
        Assert.Equal(7, frame.Length);
        Assert.Equal(FrameStatus.Incomplete, ModbusTcpFrame.DecodeReply(adu, 7, 1, RegisterKind.Input, 2, out frame));
        Assert.Equal(13, frame.Length);
    }

    [Fact]
    public void DecodeReply_OtherTransaction_IsReportedWithItsLengthToSkip()
    {
        byte[] adu = [0x00, 0x06, 0x00, 0x00, 0x00, 0x03, 0x01, 0x84, 0x02];
        Assert.Equal(FrameStatus.OtherTransaction, ModbusTcpFrame.DecodeReply(adu, 7, 1, RegisterKind.Input, 2, out var frame));
        Assert.Equal(6, frame.TransactionId);
        Assert.Equal(9, frame.Length);
    }

    [Fact]
    public void DecodeReply_OtherUnit_IsMalformed()
    {
        byte[] adu = [0x00, 0x07, 0x00, 0x00, 0x00, 0x03, 0x09, 0x84, 0x02];
        Assert.Equal(FrameStatus.Malformed, ModbusTcpFrame.DecodeReply(adu, 7, 1, RegisterKind.Input, 2, out var frame));
        Assert.Equal("reply from unit 9", frame.Problem);
    }

    [Fact]
    public void DecodeReply_BadProtocolId_IsMalformedWithTheHeaderInHex()
    {
        byte[] adu = [0x00, 0x07, 0x12, 0x34, 0x00, 0x03, 0x01, 0x84, 0x02];
        Assert.Equal(FrameStatus.Malformed, ModbusTcpFrame.DecodeReply(adu, 7, 1, RegisterKind.Input, 2, out var frame));
        Assert.Contains("00071234000301", frame.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteReadRequest_RangePastAddress65535_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusTcpFrame.WriteReadRequest(new byte[12], 1, 1, RegisterKind.Holding, 65535, 2));
        Assert.Equal(12, ModbusTcpFrame.WriteReadRequest(new byte[12], 1, 1, RegisterKind.Holding, 65535, 1));
    }

    [Theory]
    [InlineData(RegisterKind.Coil, 2000)]
    [InlineData(RegisterKind.DiscreteInput, 2000)]
    [InlineData(RegisterKind.Input, 125)]
    public void WriteReadRequest_ProtocolMaximum_IsAccepted(RegisterKind kind, int count)
    {
        Assert.Equal(12, ModbusTcpFrame.WriteReadRequest(new byte[12], 1, 1, kind, 0, (ushort)count));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusTcpFrame.WriteReadRequest(new byte[12], 1, 1, kind, 0, (ushort)(count + 1)));
    }
}
