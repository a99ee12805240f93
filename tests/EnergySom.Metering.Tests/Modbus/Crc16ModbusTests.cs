using EnergySom.Firmware.Registers;
using System.Text;
using EnergySom.Metering.Modbus;

namespace EnergySom.Metering.Tests.Modbus;

public class Crc16ModbusTests
{
    [Fact]
    public void Compute_CheckString_Is4B37()
    {
        // The catalogue check value of CRC-16/MODBUS.
        Assert.Equal(0x4B37, Crc16Modbus.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Check_ReplyCapturedFromPymodbusRtu_IsValid()
    {
        // Unit 1, FC04, 4 bytes: 230.1 as float32 ABCD; captured from pymodbus' RTU server (peers README).
        byte[] frame = [0x01, 0x04, 0x04, 0x43, 0x66, 0x19, 0x9A, 0x85, 0xE4];
        Assert.True(Crc16Modbus.Check(frame));
    }

    [Fact]
    public void Append_WritesLowByteFirst()
    {
        // Read holding registers 0..1 of unit 1: the textbook request 01 03 00 00 00 01 84 0A.
        var frame = new byte[8];
        byte[] body = [0x01, 0x03, 0x00, 0x00, 0x00, 0x01];
        body.CopyTo(frame, 0);
        Assert.Equal(8, Crc16Modbus.Append(frame, 6));
        Assert.Equal(new byte[] { 0x01, 0x03, 0x00, 0x00, 0x00, 0x01, 0x84, 0x0A }, frame);
    }

    [Fact]
    public void Check_AnySingleBitFlip_IsDetected()
    {
        byte[] good = [0x01, 0x04, 0x04, 0x43, 0x66, 0x19, 0x9A, 0x85, 0xE4];
        for (var bit = 0; bit < good.Length * 8; bit++)
        {
            var bad = (byte[])good.Clone();
            bad[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(Crc16Modbus.Check(bad), $"flip of bit {bit} not detected");
        }
    }

    [Fact]
    public void Check_TooShort_IsFalse()
    {
        Assert.False(Crc16Modbus.Check([0x01]));
    }
}
