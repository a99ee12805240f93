using EnergySom.Firmware.Registers;
using EnergySom.Metering.Modbus;

namespace EnergySom.Metering.Tests.Modbus;

public class ModbusRtuFrameTests
{
    private static byte[] WithCrc(params byte[] body)
    {
        var frame = new byte[body.Length + 2];
        body.CopyTo(frame, 0);
        Crc16Modbus.Append(frame, body.Length);
        return frame;
    }

    [Fact]
    public void WriteReadRequest_AddressPduAndCrc()
    {
        var buffer = new byte[ModbusRtuFrame.ReadRequestLength];
        Assert.Equal(8, ModbusRtuFrame.WriteReadRequest(buffer, 1, RegisterKind.Holding, 0, 1));
        Assert.Equal(new byte[] { 0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x84, 0x0A }, buffer);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(248)]
    [InlineData(255)]
    public void WriteReadRequest_UnitOutsideSerialRange_Throws(int unit)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusRtuFrame.WriteReadRequest(new byte[8], (byte)unit, RegisterKind.Holding, 0, 1));
    }

    [Fact]
    public void DecodeReply_Registers()
    {
        var frame = WithCrc(0x01, 0x04, 0x04, 0x43, 0x66, 0x19, 0x9A);
        Assert.Equal(FrameStatus.Ok, ModbusRtuFrame.DecodeReply(frame, 1, RegisterKind.Input, 2, out var reply));
        Assert.Equal(9, reply.Length);
        Assert.Equal(230.1f, (float)RegisterCodec.Decode(frame.AsSpan(reply.DataOffset, reply.DataLength), RegisterDataType.F32, WordOrder.ABCD));
    }

    [Fact]
    public void DecodeReply_PartialFrame_AsksForTheRest()
    {
        var frame = WithCrc(0x01, 0x04, 0x04, 0x43, 0x66, 0x19, 0x9A);
        Assert.Equal(FrameStatus.Incomplete, ModbusRtuFrame.DecodeReply(frame.AsSpan(0, 2), 1, RegisterKind.Input, 2, out var reply));
        Assert.Equal(3, reply.Length);
        Assert.Equal(FrameStatus.Incomplete, ModbusRtuFrame.DecodeReply(frame.AsSpan(0, 5), 1, RegisterKind.Input, 2, out reply));
        Assert.Equal(9, reply.Length);
    }

    [Fact]
    public void DecodeReply_FollowedByMoreBytes_ConsumesOneFrame()
    {
        byte[] two = [.. WithCrc(0x01, 0x04, 0x04, 0x43, 0x66, 0x19, 0x9A), 0xAA, 0xBB];
        Assert.Equal(FrameStatus.Ok, ModbusRtuFrame.DecodeReply(two, 1, RegisterKind.Input, 2, out var reply));
        Assert.Equal(9, reply.Length);
    }

    [Fact]
    public void DecodeReply_Exception()
    {
        var frame = WithCrc(0x02, 0x83, 0x02);
        Assert.Equal(FrameStatus.DeviceException, ModbusRtuFrame.DecodeReply(frame, 2, RegisterKind.Holding, 4, out var reply));
        Assert.Equal(0x02, reply.ExceptionCode);
        Assert.Equal(5, reply.Length);
    }

    [Fact]
    public void DecodeReply_BadCrc_IsMalformed()
    {
        var frame = WithCrc(0x01, 0x04, 0x04, 0x43, 0x66, 0x19, 0x9A);
        frame[^1] ^= 0xFF;
        Assert.Equal(FrameStatus.Malformed, ModbusRtuFrame.DecodeReply(frame, 1, RegisterKind.Input, 2, out var reply));
        Assert.Contains("bad CRC", reply.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeReply_FromAnotherUnit_IsMalformed()
    {
        var frame = WithCrc(0x05, 0x04, 0x04, 0x43, 0x66, 0x19, 0x9A);
        Assert.Equal(FrameStatus.Malformed, ModbusRtuFrame.DecodeReply(frame, 1, RegisterKind.Input, 2, out var reply));
        Assert.Equal("reply from unit 5", reply.Problem);
    }

    [Fact]
    public void DecodeReply_WrongByteCount_IsMalformedWithoutWaitingForMoreBytes()
    {
        // A byte count of 200 would otherwise make the reader wait for 205 bytes that never come.
        Assert.Equal(FrameStatus.Malformed, ModbusRtuFrame.DecodeReply([0x01, 0x04, 200], 1, RegisterKind.Input, 2, out var reply));
        Assert.Contains("byte count 200, expected 4", reply.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeReply_Garbage_IsMalformedAtOnce()
    {
        Assert.Equal(FrameStatus.Malformed, ModbusRtuFrame.DecodeReply([0xFF, 0xFF, 0xFF], 1, RegisterKind.Input, 2, out var reply));
        Assert.Contains("function 0xFF", reply.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeReply_Coils()
    {
        var frame = WithCrc(0x01, 0x01, 0x02, 0b1000_0101, 0b0000_0001);
        Assert.Equal(FrameStatus.Ok, ModbusRtuFrame.DecodeReply(frame, 1, RegisterKind.Coil, 9, out var reply));
        var bits = new byte[9];
        ModbusPdu.UnpackBits(frame.AsSpan(reply.DataOffset, reply.DataLength), 9, bits);
        Assert.Equal(new byte[] { 1, 0, 1, 0, 0, 0, 0, 1, 1 }, bits);
    }
}
