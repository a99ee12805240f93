using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;
using EnergySom.Metering.Collection;
using EnergySom.Metering.Tests.Modbus;
using EnergySom.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace EnergySom.Metering.Tests.Collection;

[Collection(CpuBoundPropertiesCollection.Name)]
public sealed class RegisterBlockDecoderTests
{
    private static readonly RegisterDataType[] RegisterTypes =
        [RegisterDataType.U16, RegisterDataType.I16, RegisterDataType.U32, RegisterDataType.I32, RegisterDataType.U64, RegisterDataType.I64, RegisterDataType.F32, RegisterDataType.F64, RegisterDataType.Bit];

    private static RegisterPoint Point(string name, ushort address, RegisterDataType type, WordOrder order, double scale = 1, double offset = 0, Unit? unit = null, RegisterKind kind = RegisterKind.Holding) =>
        new(name, kind, address, type, order, scale, offset, unit ?? Unit.One, Quantity.Ratio, PollClass.Fast);

    [Theory]
    [InlineData(WordOrder.ABCD, "449A5000")]
    [InlineData(WordOrder.CDAB, "5000449A")]
    [InlineData(WordOrder.BADC, "9A440050")]
    [InlineData(WordOrder.DCBA, "0050 9A44")]
    public void Float32_EveryWordOrder_Gives1234Point5(WordOrder order, string hex)
    {
        var read = new PlannedRead(RegisterKind.Holding, 0, 2, PollClass.Fast, [Point("x", 0, RegisterDataType.F32, order)]);
        var values = new double[1];
        new RegisterBlockDecoder(read).Decode(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), values);
        Assert.Equal(1234.5, values[0]);
    }

    [Fact]
    public void ScaleOffsetAndUnit_AreApplied_AsThePointSays()
    {
        // 0x0BB8 = 3000 Wh × 0.1 + 5 → 305 Wh → 0.305 kWh (canonical).
        var point = new RegisterPoint("e", RegisterKind.Input, 4, RegisterDataType.U16, WordOrder.ABCD, 0.1, 5, Unit.WattHour, Quantity.ActiveEnergyImportTotal, PollClass.Slow);
        var read = new PlannedRead(RegisterKind.Input, 4, 1, PollClass.Slow, [point]);
        var values = new double[1];
        new RegisterBlockDecoder(read).Decode([0x0B, 0xB8], values);
        Assert.Equal(point.ToCanonical(3000), values[0]);
        Assert.Equal(0.305, values[0], 12);
    }

    [Fact]
    public void UnpackedBits_AreZeroOrOne()
    {
        var read = new PlannedRead(RegisterKind.Coil, 10, 3, PollClass.Fast,
            [Point("a", 10, RegisterDataType.Bit, WordOrder.ABCD, kind: RegisterKind.Coil), Point("c", 12, RegisterDataType.Bit, WordOrder.ABCD, kind: RegisterKind.Coil)]);
        var values = new double[2];
        new RegisterBlockDecoder(read).Decode([1, 0, 1], values);
        Assert.Equal([1.0, 1.0], values);
    }

    [Fact]
    public void PointOutsideTheRead_IsRefused()
    {
        var read = new PlannedRead(RegisterKind.Holding, 0, 2, PollClass.Fast, [Point("x", 1, RegisterDataType.F32, WordOrder.ABCD)]);
        Assert.Throws<ArgumentException>(() => new RegisterBlockDecoder(read));
    }

    [Fact]
    public void ShortData_IsRefused()
    {
        var read = new PlannedRead(RegisterKind.Holding, 0, 2, PollClass.Fast, [Point("x", 0, RegisterDataType.F32, WordOrder.ABCD)]);
        Assert.Throws<ArgumentException>(() => new RegisterBlockDecoder(read).Decode(new byte[3], new double[1]));
    }

    /// <summary>The fast decoder against the foundation's codec (the oracle), for every type and order, on random bytes.</summary>
    [Fact]
    public void Decode_MatchesRegisterCodecBitForBit_OnRandomBlocks()
    {
        var blocks =
            from seed in Gen.Choose(int.MinValue, int.MaxValue)
            from points in Gen.Choose(1, 40)
            select (seed, points);
        Prop.ForAll(Arb.From(blocks), b =>
        {
            var random = new Random(b.seed);
            var list = new List<RegisterPoint>();
            var address = random.Next(0, 100);
            for (var i = 0; i < b.points; i++)
            {
                var type = RegisterTypes[random.Next(RegisterTypes.Length)];
                var order = (WordOrder)random.Next(4);
                var scale = random.Next(3) switch { 0 => 1, 1 => 0.01, _ => random.NextDouble() * 1000 };
                var point = Point($"p{i}", (ushort)address, type, order, scale, random.Next(-5, 5), random.Next(2) == 0 ? Unit.One : Unit.DegreeFahrenheit);
                list.Add(random.Next(3) switch
                {
                    0 => point,
                    1 => point with { Quantity = Quantity.ActivePower, Side = TransformerSide.Secondary }, // scaled by CT × PT
                    _ => point with { Quantity = Quantity.ActivePower }, // read on the primary side: not scaled
                });
                address += type.RegisterCount() + random.Next(0, 3);
            }

            var start = list[0].Address;
            var count = (ushort)(list[^1].End - start);
            var read = new PlannedRead(RegisterKind.Holding, start, count, PollClass.Fast, list);
            var data = new byte[count * 2];
            random.NextBytes(data);
            var values = new double[list.Count];
            var ratios = random.Next(2) == 0 ? TransformerRatios.None : new TransformerRatios(random.Next(1, 400), random.Next(1, 100));
            new RegisterBlockDecoder(read, ratios).Decode(data, values);

            for (var i = 0; i < list.Count; i++)
            {
                var p = list[i];
                var expected = p.ToCanonical(RegisterCodec.Decode(data.AsSpan((p.Address - start) * 2, p.Length * 2), p.Type, p.Order), ratios);
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(values[i]) || (double.IsNaN(expected) && double.IsNaN(values[i])),
                    $"{p.Type} {p.Order} at {p.Address}: {values[i]} instead of {expected}");
            }
        }).Check(Properties.Fixed(3000));
    }
}
