using EnergySom.Firmware.Registers;
using FsCheck;
using FsCheck.Fluent;
using EnergySom.Testing;

namespace EnergySom.Firmware.Tests.Registers;

public class RegisterCodecTests
{
    // 230.1f = 0x4366199A; Eastron and pymodbus put it on the wire high word first (ABCD).
    [Theory]
    [InlineData(WordOrder.ABCD, new byte[] { 0x43, 0x66, 0x19, 0x9A })]
    [InlineData(WordOrder.CDAB, new byte[] { 0x19, 0x9A, 0x43, 0x66 })]
    [InlineData(WordOrder.BADC, new byte[] { 0x66, 0x43, 0x9A, 0x19 })]
    [InlineData(WordOrder.DCBA, new byte[] { 0x9A, 0x19, 0x66, 0x43 })]
    public void Float32_EachWordOrder_DecodesAndEncodesTheSameBytes(WordOrder order, byte[] wire)
    {
        Assert.Equal(230.1f, (float)RegisterCodec.Decode(wire, RegisterDataType.F32, order));

        var encoded = new byte[4];
        RegisterCodec.Encode(230.1f, RegisterDataType.F32, order, encoded);
        Assert.Equal(wire, encoded);
    }

    [Fact]
    public void Float32_Badc_MatchesLibmodbusPeerLayout()
    {
        // The libmodbus test server puts 1234.5 at IR 1004 as 0x9A44 0x0050.
        Assert.Equal(1234.5, RegisterCodec.Decode([0x9A, 0x44, 0x00, 0x50], RegisterDataType.F32, WordOrder.BADC));
    }

    [Fact]
    public void Uint32_HighWordFirst_MatchesPymodbusCounter()
    {
        // pymodbus peer, unit 1, HR0–1 = 0x00BC 0x614E = 12,345,678 Wh.
        Assert.Equal(12_345_678, RegisterCodec.Decode([0x00, 0xBC, 0x61, 0x4E], RegisterDataType.U32, WordOrder.ABCD));
        Assert.Equal(12_345_678L, RegisterCodec.DecodeInt64([0x00, 0xBC, 0x61, 0x4E], RegisterDataType.U32, WordOrder.ABCD));
    }

    [Fact]
    public void SignedTypes_DecodeNegativeValues()
    {
        Assert.Equal(-42, RegisterCodec.Decode([0xFF, 0xD6], RegisterDataType.I16, WordOrder.ABCD));
        Assert.Equal(-2, RegisterCodec.Decode([0xFF, 0xFF, 0xFF, 0xFE], RegisterDataType.I32, WordOrder.ABCD));
        Assert.Equal(-2, RegisterCodec.Decode([0xFF, 0xFE, 0xFF, 0xFF], RegisterDataType.I32, WordOrder.CDAB));
        Assert.Equal(-2L, RegisterCodec.DecodeInt64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE], RegisterDataType.I64, WordOrder.ABCD));
    }

    [Fact]
    public void Int64_WordSwapped_ReversesFourWords()
    {
        // 0x0001_0002_0003_0004 with the low word first.
        byte[] wire = [0x00, 0x04, 0x00, 0x03, 0x00, 0x02, 0x00, 0x01];
        Assert.Equal(0x0001_0002_0003_0004L, RegisterCodec.DecodeInt64(wire, RegisterDataType.I64, WordOrder.CDAB));
    }

    [Fact]
    public void Encode_U32_WrapsAtRegisterWidth()
    {
        var wire = new byte[4];
        RegisterCodec.Encode(4_294_967_296 + 5, RegisterDataType.U32, WordOrder.ABCD, wire);
        Assert.Equal(5, RegisterCodec.Decode(wire, RegisterDataType.U32, WordOrder.ABCD));
    }

    [Fact]
    public void Decode_TooFewBytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => RegisterCodec.Decode([0x43, 0x66], RegisterDataType.F32, WordOrder.ABCD));
    }

    [Fact]
    public void Float64_RoundTripsEveryOrder_Property()
    {
        Prop.ForAll<double, int>((value, orderIndex) =>
        {
            var order = (WordOrder)(Math.Abs(orderIndex % 4));
            var wire = new byte[8];
            RegisterCodec.Encode(value, RegisterDataType.F64, order, wire);
            var back = RegisterCodec.Decode(wire, RegisterDataType.F64, order);
            return back.Equals(value);
        }).Check(Properties.Fixed());
    }

    [Fact]
    public void Integers_RoundTripEveryTypeAndOrder_Property()
    {
        var types = new[] { RegisterDataType.U16, RegisterDataType.I16, RegisterDataType.U32, RegisterDataType.I32, RegisterDataType.I64 };
        Prop.ForAll<long, int, int>((value, typeIndex, orderIndex) =>
        {
            var type = types[Math.Abs(typeIndex % types.Length)];
            var order = (WordOrder)Math.Abs(orderIndex % 4);
            var wire = new byte[8];
            RegisterCodec.EncodeInt64(value, type, order, wire);
            var back = RegisterCodec.DecodeInt64(wire, type, order);
            var bits = type.IntegerBits();
            var expected = type switch
            {
                RegisterDataType.U16 => (long)(ushort)value,
                RegisterDataType.I16 => (short)value,
                RegisterDataType.U32 => (uint)value,
                RegisterDataType.I32 => (int)value,
                _ => value,
            };
            return bits > 0 && back == expected;
        }).Check(Properties.Fixed());
    }

    [Fact]
    public void Bcd48_DecodesTheVendorExampleTotal()
    {
        // 标况总量 of a gas flow totalizer: 00 00 12 43 11 16 = 1243.1116 with four decimals.
        byte[] wire = [0x00, 0x00, 0x12, 0x43, 0x11, 0x16];
        Assert.Equal(12_431_116, RegisterCodec.Decode(wire, RegisterDataType.Bcd48, WordOrder.ABCD));
        Assert.Equal(12_431_116L, RegisterCodec.DecodeInt64(wire, RegisterDataType.Bcd48, WordOrder.ABCD));
    }

    [Fact]
    public void Bcd32_WordSwapped_PutsTheLowDigitsFirst()
    {
        // 12345678 as BCD is 0x1234 0x5678; CDAB sends the low word first.
        Assert.Equal(12_345_678, RegisterCodec.Decode([0x56, 0x78, 0x12, 0x34], RegisterDataType.Bcd32, WordOrder.CDAB));
    }

    [Fact]
    public void Bcd_NibbleAboveNine_IsNotANumber()
    {
        Assert.True(double.IsNaN(RegisterCodec.Decode([0x12, 0x3A], RegisterDataType.Bcd16, WordOrder.ABCD)));
        var error = Assert.Throws<FormatException>(() => RegisterCodec.DecodeInt64([0xFF, 0xFF], RegisterDataType.Bcd16, WordOrder.ABCD));
        Assert.Contains("FFFF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bcd_Encode_WritesDigitsAndRollsOverAtAllNines()
    {
        var wire = new byte[6];
        RegisterCodec.EncodeInt64(122_856_864_222, RegisterDataType.Bcd48, WordOrder.ABCD, wire);
        Assert.Equal(new byte[] { 0x12, 0x28, 0x56, 0x86, 0x42, 0x22 }, wire);

        RegisterCodec.EncodeInt64(1_000_000_000_000 + 7, RegisterDataType.Bcd48, WordOrder.ABCD, wire);
        Assert.Equal(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x07 }, wire);
    }

    [Fact]
    public void Bcd32_RoundTripsEveryValueInRange_Property()
    {
        Prop.ForAll<int, int>((seed, orderIndex) =>
        {
            var value = Math.Abs(seed % 100_000_000);
            var order = (WordOrder)Math.Abs(orderIndex % 4);
            var wire = new byte[4];
            RegisterCodec.EncodeInt64(value, RegisterDataType.Bcd32, order, wire);
            return RegisterCodec.DecodeInt64(wire, RegisterDataType.Bcd32, order) == value;
        }).Check(Properties.Fixed());
    }

    [Theory]
    [InlineData(RegisterDataType.U16, 65_536d)]
    [InlineData(RegisterDataType.I32, 4_294_967_296d)]
    [InlineData(RegisterDataType.U64, 18_446_744_073_709_551_616d)]
    [InlineData(RegisterDataType.Bcd48, 1e12)]
    [InlineData(RegisterDataType.F32, 0d)]
    public void WrapModulus_IsTheRegisterWidth(RegisterDataType type, double modulus)
    {
        Assert.Equal(modulus, type.WrapModulus());
    }
}
