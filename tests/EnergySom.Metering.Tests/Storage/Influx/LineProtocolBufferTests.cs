using System.Text;
using EnergySom.Metering.Storage;
using EnergySom.Metering.Storage.Influx;
using NodaTime;

namespace EnergySom.Metering.Tests.Storage.Influx;

public class LineProtocolBufferTests
{
    private static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);

    private static string Text(LineProtocolBuffer buffer) => Encoding.UTF8.GetString(buffer.WrittenSpan);

    [Fact]
    public void Escaping_FollowsTheReference_ForEachElement()
    {
        var buffer = new LineProtocolBuffer();
        buffer.Measurement("my measure,ment=x").Tag("tag key,=", "tag value,=\"").Field("field key,= ", 1.5).StringField("s", "say \"hi\" \\ there, =").End(T0, TimestampPrecision.Seconds);

        Assert.Equal("my\\ measure\\,ment=x,tag\\ key\\,\\==tag\\ value\\,\\=\" field\\ key\\,\\=\\ =1.5,s=\"say \\\"hi\\\" \\\\ there, =\" 1735689600\n", Text(buffer));
    }

    [Fact]
    public void Types_AreWrittenAsTheServerReadsThem()
    {
        var buffer = new LineProtocolBuffer();
        buffer.Measurement("m").Field("f", 12.0).Field("neg", -0.0).Field("tiny", 1e-300).Field("i", -42L).Field("b", true).Field("b2", false).End();

        Assert.Equal("m f=12,neg=-0,tiny=1e-300,i=-42i,b=t,b2=f\n", Text(buffer));
    }

    [Fact]
    public void Unicode_IsUtf8_AndBackslashesInsideNamesStayLiteral()
    {
        var buffer = new LineProtocolBuffer();
        buffer.Measurement("电量").Tag("meter", "表 1\\a").Field("value", 1.0).End();

        Assert.Equal("电量,meter=表\\ 1\\a value=1\n", Text(buffer));
    }

    [Theory]
    [InlineData("", "meter", "cannot be empty")]
    [InlineData("m\nx", "meter", "line break")]
    [InlineData("m", "a\rb", "line break")]
    [InlineData("m", "ends\\", "backslash")]
    [InlineData("#comment", "meter", "comment")]
    public void WhatLineProtocolCannotCarry_IsRefused(string measurement, string tagValue, string problem)
    {
        var buffer = new LineProtocolBuffer();
        var error = Assert.Throws<ArgumentException>(() => buffer.Measurement(measurement).Tag("meter", tagValue).Field("v", 1.0).End());
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NaNAndInfinity_AreRefusedAsFieldValues()
    {
        var buffer = new LineProtocolBuffer();
        Assert.Throws<ArgumentException>(() => buffer.Measurement("m").Field("v", double.NaN));
        Assert.Throws<ArgumentException>(() => buffer.Measurement("m").Field("v", double.NegativeInfinity));
    }

    [Fact]
    public void LoneSurrogate_IsRefused()
    {
        var buffer = new LineProtocolBuffer();
        Assert.Throws<ArgumentException>(() => buffer.Measurement("m\ud800x"));
    }

    [Fact]
    public void AFieldIsRequired_AndTagsComeFirst()
    {
        var buffer = new LineProtocolBuffer();
        Assert.Throws<InvalidOperationException>(() => buffer.Measurement("m").End());
        Assert.Throws<InvalidOperationException>(() => buffer.Measurement("m").Field("f", 1L).Tag("t", "v"));
    }

    [Theory]
    [InlineData(TimestampPrecision.Nanoseconds, 1735689600123456700L)]
    [InlineData(TimestampPrecision.Microseconds, 1735689600123456L)]
    [InlineData(TimestampPrecision.Milliseconds, 1735689600123L)]
    [InlineData(TimestampPrecision.Seconds, 1735689600L)]
    public void Timestamps_AreFlooredToThePrecision(TimestampPrecision precision, long expected)
    {
        var time = T0.Plus(Duration.FromTicks(1_234_567));
        Assert.Equal(expected, LineProtocolBuffer.Timestamp(time, precision));
        Assert.Equal(-1, LineProtocolBuffer.Timestamp(Instant.FromUnixTimeTicks(-1), precision == TimestampPrecision.Nanoseconds ? TimestampPrecision.Seconds : precision));
    }

    [Fact]
    public void TimesOutsideInfluxRange_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LineProtocolBuffer.Timestamp(Instant.FromUtc(2300, 1, 1, 0, 0), TimestampPrecision.Nanoseconds));
        Assert.Equal(10_413_792_000L, LineProtocolBuffer.Timestamp(Instant.FromUtc(2300, 1, 1, 0, 0), TimestampPrecision.Seconds));
    }

    [Fact]
    public void ReadingEncoder_WritesValueAndFlags_AndNaNAsInvalidWithoutValue()
    {
        var encoder = new ReadingLineEncoder(TimestampPrecision.Nanoseconds);
        var buffer = new LineProtocolBuffer();
        var key = new SeriesKey("main incomer", "active_power");
        encoder.Append(buffer, new Reading(key, T0, 12.5, QualityFlags.Estimated));
        encoder.Append(buffer, new Reading(key, T0.Plus(Duration.FromSeconds(1)), double.NaN));
        encoder.Append(buffer, new Reading(key, T0.Plus(Duration.FromSeconds(2)), double.PositiveInfinity, QualityFlags.Manual));

        Assert.Equal(
            "active_power,meter=main\\ incomer value=12.5,flags=1i 1735689600000000000\n" +
            "active_power,meter=main\\ incomer flags=256i 1735689601000000000\n" +
            "active_power,meter=main\\ incomer flags=384i 1735689602000000000\n",
            Text(buffer));
    }

    [Fact]
    public void ReadingEncoder_AllocatesNothingPerReading()
    {
        var encoder = new ReadingLineEncoder(TimestampPrecision.Nanoseconds);
        var buffer = new LineProtocolBuffer(1 << 22);
        var keys = Enumerable.Range(0, 20).Select(i => new SeriesKey($"meter-{i}", "active_power")).ToArray();
        var readings = Enumerable.Range(0, 20_000).Select(i => new Reading(keys[i % 20], T0.Plus(Duration.FromSeconds(i)), i * 0.1, QualityFlags.None)).ToArray();
        foreach (var r in readings)
        {
            encoder.Append(buffer, r); // warm the prefix cache and the buffer
        }

        buffer.Clear();
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var r in readings)
        {
            encoder.Append(buffer, r);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ReadingEncoder_RoundTripsEveryDoubleExactly()
    {
        var random = new Random(7);
        var encoder = new ReadingLineEncoder(TimestampPrecision.Seconds);
        var buffer = new LineProtocolBuffer();
        for (var i = 0; i < 10_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
            {
                continue;
            }

            buffer.Clear();
            encoder.Append(buffer, new Reading(new SeriesKey("m", "p"), T0, value));
            var text = Text(buffer);
            var field = text[(text.IndexOf("value=", StringComparison.Ordinal) + 6)..text.IndexOf(",flags", StringComparison.Ordinal)];
            Assert.Equal(value, double.Parse(field, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void SeriesKeys_FromShowSeries_AreUnescaped()
    {
        var buffer = new LineProtocolBuffer();
        buffer.Measurement("active power,x").Tag("meter", "m 1,=\\b").Tag("site", "s").Field("v", 1L).End();
        var line = Text(buffer);
        var key = line[..line.IndexOf(" v=", StringComparison.Ordinal)];

        Assert.True(SeriesKeyText.TryParse(key, out var measurement, out var tags));
        Assert.Equal("active power,x", measurement);
        Assert.Equal("m 1,=\\b", tags["meter"]);
        Assert.Equal("s", tags["site"]);
        Assert.Equal("\"a\\\\b\\\"c\"", SeriesKeyText.QuoteIdentifier("a\\b\"c"));
    }
}
