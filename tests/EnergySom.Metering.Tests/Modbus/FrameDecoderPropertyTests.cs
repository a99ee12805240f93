using System.Buffers.Binary;
using EnergySom.Firmware.Registers;
using EnergySom.Metering.Modbus;
using EnergySom.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace EnergySom.Metering.Tests.Modbus;

/// <summary>
/// 100,000 random and mutated frames (valid replies with bit flips, truncations, extensions, insertions,
/// overwritten bytes, or plain noise) into both reply decoders: no crash, only typed outcomes, and never a
/// frame accepted that the buffer does not fully hold.
/// </summary>
[Collection(CpuBoundPropertiesCollection.Name)]
public sealed class FrameDecoderPropertyTests
{
    private static readonly RegisterKind[] Kinds = [RegisterKind.Coil, RegisterKind.DiscreteInput, RegisterKind.Holding, RegisterKind.Input];

    /// <summary>A read request, the reply a server would send, and how the bytes got damaged.</summary>
    public sealed record FrameCase(ModbusFraming Framing, RegisterKind Kind, ushort Count, byte Unit, ushort TransactionId, bool ExceptionReply, int Seed, int Damage)
    {
        public override string ToString() => $"{Framing} {Kind}×{Count} unit {Unit} tid {TransactionId} exception {ExceptionReply} seed {Seed} damage {Damage}";
    }

    private static Gen<FrameCase> Cases =>
        from framing in Gen.Elements(ModbusFraming.Tcp, ModbusFraming.RtuOverTcp)
        from kind in Gen.Elements(Kinds)
        from count in kind.IsBit() ? Gen.Choose(1, 2000) : Gen.Choose(1, 125)
        from unit in Gen.Choose(1, 247)
        from tid in Gen.Choose(0, 65535)
        from exception in Gen.Frequency((1, Gen.Constant(true)), (4, Gen.Constant(false)))
        from seed in Gen.Choose(int.MinValue, int.MaxValue)
        // 0: intact; 1: mutated (FrameMutations); 2: noise only.
        from damage in Gen.Frequency((1, Gen.Constant(0)), (7, Gen.Constant(1)), (2, Gen.Constant(2)))
        select new FrameCase(framing, kind, (ushort)count, (byte)unit, (ushort)tid, exception, seed, damage);

    [Fact]
    public void Decoders_OnRandomAndMutatedFrames_GiveOnlyTypedOutcomes()
    {
        var outcomes = new int[Enum.GetValues<FrameStatus>().Length];
        Prop.ForAll(Arb.From(Cases), c =>
        {
            var random = new Random(c.Seed);
            var good = Reply(c, random);
            var bytes = c.Damage switch
            {
                0 => good,
                1 => FrameMutations.Mutate(good, random),
                _ => Noise(random),
            };

            // Each buffer goes through both decoders: a gateway may be configured with the wrong framing.
            var status = Check(bytes, c, c.Framing);
            Check(bytes, c, c.Framing == ModbusFraming.Tcp ? ModbusFraming.RtuOverTcp : ModbusFraming.Tcp);
            outcomes[(int)status]++;

            if (c.Damage == 0)
            {
                Assert.Equal(c.ExceptionReply ? FrameStatus.DeviceException : FrameStatus.Ok, status);
            }

            // Every prefix of the buffer is incomplete or refused: no frame is ever taken before its last byte.
            var cut = random.Next(bytes.Length + 1);
            var whole = Decode(bytes, c, c.Framing, out var full);
            if (whole is FrameStatus.Ok or FrameStatus.DeviceException && cut < full.Length)
            {
                Assert.True(Decode(bytes.AsSpan(0, cut), c, c.Framing, out _) is FrameStatus.Incomplete or FrameStatus.Malformed);
            }
        }).Check(Properties.Fixed(100_000));

        // The generator reaches every outcome, so the property is not vacuous.
        Assert.All(new[] { FrameStatus.Ok, FrameStatus.Incomplete, FrameStatus.DeviceException, FrameStatus.Malformed, FrameStatus.OtherTransaction },
            s => Assert.True(outcomes[(int)s] > 100, $"{s}: {outcomes[(int)s]} of 100,000"));
    }

    private static FrameStatus Check(byte[] bytes, FrameCase c, ModbusFraming framing)
    {
        var status = Decode(bytes, c, framing, out var frame);
        Assert.True(Enum.IsDefined(status));
        switch (status)
        {
            case FrameStatus.Ok:
                Assert.Equal(ModbusPdu.ReplyDataLength(c.Kind, c.Count), frame.DataLength);
                Assert.InRange(frame.Length, 1, bytes.Length);
                Assert.InRange(frame.DataOffset + frame.DataLength, 1, frame.Length);
                break;
            case FrameStatus.DeviceException:
            case FrameStatus.OtherTransaction:
                Assert.InRange(frame.Length, 1, bytes.Length);
                break;
            case FrameStatus.Incomplete:
                Assert.True(frame.Length > bytes.Length, $"incomplete, yet {frame.Length} ≤ {bytes.Length} bytes");
                break;
            case FrameStatus.Malformed:
                Assert.False(string.IsNullOrEmpty(frame.Problem));
                break;
        }

        return status;
    }

    private static FrameStatus Decode(ReadOnlySpan<byte> bytes, FrameCase c, ModbusFraming framing, out ReplyFrame frame) => framing == ModbusFraming.Tcp
        ? ModbusTcpFrame.DecodeReply(bytes, c.TransactionId, c.Unit, c.Kind, c.Count, out frame)
        : ModbusRtuFrame.DecodeReply(bytes, c.Unit, c.Kind, c.Count, out frame);

    private static byte[] Reply(FrameCase c, Random random)
    {
        byte[] pdu;
        var function = c.Kind.ReadFunctionCode();
        if (c.ExceptionReply)
        {
            pdu = [(byte)(function | 0x80), (byte)random.Next(1, 12)];
        }
        else
        {
            var length = ModbusPdu.ReplyDataLength(c.Kind, c.Count);
            pdu = new byte[2 + length];
            pdu[0] = function;
            pdu[1] = (byte)length;
            random.NextBytes(pdu.AsSpan(2));
        }

        if (c.Framing == ModbusFraming.Tcp)
        {
            var adu = new byte[7 + pdu.Length];
            BinaryPrimitives.WriteUInt16BigEndian(adu, c.TransactionId);
            BinaryPrimitives.WriteUInt16BigEndian(adu.AsSpan(4), (ushort)(pdu.Length + 1));
            adu[6] = c.Unit;
            pdu.CopyTo(adu, 7);
            return adu;
        }

        var frame = new byte[pdu.Length + 3];
        frame[0] = c.Unit;
        pdu.CopyTo(frame, 1);
        Crc16Modbus.Append(frame, pdu.Length + 1);
        return frame;
    }

    private static byte[] Noise(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        return bytes;
    }
}
