using System.Globalization;
using System.Text;
using EnergySom.Metering.Storage.Influx;

namespace EnergySom.Metering.Tests.Storage.Influx;

/// <summary>The Grisu2 formatter: every finite double must read back bit for bit (the oracle is the runtime's own parser).</summary>
public class DoubleFormatterTests
{
    private static string Format(double value)
    {
        Span<byte> buffer = stackalloc byte[DoubleFormatter.MaxLength];
        return Encoding.ASCII.GetString(buffer[..DoubleFormatter.Format(value, buffer)]);
    }

    private static void AssertRoundTrips(double value)
    {
        var text = Format(value);
        var back = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(BitConverter.DoubleToInt64Bits(back) == BitConverter.DoubleToInt64Bits(value), $"{value:R} was written as {text}, which reads back as {back:R}");
    }

    [Theory]
    [InlineData(12.0, "12")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(-0.0, "-0")]
    [InlineData(0.0, "0")]
    [InlineData(12000.0, "12000")]
    [InlineData(0.000123, "0.000123")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1e21, "1e+21")]
    [InlineData(123.45600128173828, "123.45600128173828")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    public void KnownValues(double value, string expected) => Assert.Equal(expected, Format(value));

    [Fact]
    public void RandomBitPatterns_RoundTrip()
    {
        var random = new Random(20251121);
        for (var i = 0; i < 300_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (double.IsFinite(value))
            {
                AssertRoundTrips(value);
            }
        }
    }

    [Fact]
    public void MeterLikeValues_RoundTrip()
    {
        var random = new Random(7);
        for (var i = 0; i < 200_000; i++)
        {
            AssertRoundTrips((float)(random.NextDouble() * Math.Pow(10, random.Next(-6, 10)))); // float32 registers widened
            AssertRoundTrips(Math.Round(random.NextDouble() * 1e6, random.Next(0, 5))); // scaled integer registers
            AssertRoundTrips(random.NextInt64(-(1L << 53), 1L << 53)); // 64-bit counters
        }
    }

    [Fact]
    public void Boundaries_RoundTrip()
    {
        for (var p = -1074; p <= 1023; p++)
        {
            var power = Math.Pow(2, p);
            AssertRoundTrips(power);
            AssertRoundTrips(Math.BitIncrement(power));
            AssertRoundTrips(Math.BitDecrement(power));
        }

        for (var p = -323; p <= 308; p++)
        {
            AssertRoundTrips(double.Parse($"1e{p}", CultureInfo.InvariantCulture));
        }

        var random = new Random(3);
        for (var i = 0; i < 50_000; i++)
        {
            AssertRoundTrips(BitConverter.Int64BitsToDouble(random.NextInt64(1, 1L << 52))); // subnormals
        }

        AssertRoundTrips(double.MaxValue);
        AssertRoundTrips(double.MinValue);
        AssertRoundTrips(double.Epsilon);
        AssertRoundTrips(2.2250738585072014E-308);
    }

    [Fact]
    public void NaNAndInfinity_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => Format(double.NaN));
        Assert.Throws<ArgumentException>(() => Format(double.PositiveInfinity));
    }
}
