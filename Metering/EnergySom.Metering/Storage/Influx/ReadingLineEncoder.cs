using NodaTime;

namespace EnergySom.Metering.Storage.Influx;

/// <summary>
/// Writes readings as line protocol in EnergySom's schema: the series' measurement name is the InfluxDB
/// measurement, the meter id the <c>meter</c> tag, and each point carries a float <c>value</c> and an integer
/// <c>flags</c> field (the <see cref="QualityFlags"/> bits):
/// <c>active_power,meter=main-incomer value=12.5,flags=0i 1735689600000000000</c>.
/// </summary>
/// <remarks>
/// <para>NaN and ±infinity cannot be written (InfluxDB answers 400 "invalid number"). Policy: such a reading is
/// written without its <c>value</c> field, with the <see cref="QualityFlags.Invalid"/> flag set, so the point is
/// kept (the meter did answer at that time) and reads back as NaN flagged Invalid. Nothing is dropped and
/// nothing crashes.</para>
/// <para>The escaped prefix of each series (<c>measurement,meter=… </c>) is built once and cached, so encoding a
/// reading allocates nothing.</para>
/// </remarks>
public sealed class ReadingLineEncoder(TimestampPrecision precision)
{
    /// <summary>Tag that holds the meter id.</summary>
    public const string MeterTag = "meter";

    /// <summary>Float field with the value.</summary>
    public const string ValueField = "value";

    /// <summary>Integer field with the quality flags.</summary>
    public const string FlagsField = "flags";

    private const int MaxCachedSeries = 100_000;
    private static readonly byte[] ValuePrefix = "value="u8.ToArray();
    private static readonly byte[] FlagsAfterValue = ",flags="u8.ToArray();
    private static readonly byte[] FlagsAlone = "flags="u8.ToArray();
    private readonly Dictionary<SeriesKey, byte[]> _prefixes = [];
    private readonly LineProtocolBuffer _scratch = new(256);
    private readonly byte[] _lastTimestampText = new byte[24];
    private long _lastTimestamp = long.MinValue;
    private int _lastTimestampLength;

    public TimestampPrecision Precision { get; } = precision;

    /// <summary>Appends the line of <paramref name="reading"/>.</summary>
    /// <exception cref="ArgumentException">The series name cannot be written as line protocol (see <see cref="LineProtocolBuffer"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The time does not fit in 64-bit nanoseconds.</exception>
    public void Append(LineProtocolBuffer buffer, in Reading reading)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var timestamp = LineProtocolBuffer.Timestamp(reading.Time, Precision);
        buffer.AppendRaw(Prefix(reading.Series));
        var flags = (long)(ushort)reading.Flags;
        if (double.IsFinite(reading.Value))
        {
            buffer.AppendRaw(ValuePrefix);
            buffer.Format(reading.Value);
            buffer.AppendRaw(FlagsAfterValue);
        }
        else
        {
            buffer.AppendRaw(FlagsAlone);
            flags |= (ushort)QualityFlags.Invalid;
        }

        if (flags < 10)
        {
            buffer.Append((byte)('0' + flags));
        }
        else
        {
            buffer.Format(flags);
        }

        buffer.Append((byte)'i');
        buffer.Append((byte)' ');

        // The points of one Modbus read share their timestamp: format it once.
        if (timestamp != _lastTimestamp)
        {
            var start = buffer.Length;
            buffer.Format(timestamp);
            _lastTimestampLength = buffer.Length - start;
            buffer.WrittenSpan[start..].CopyTo(_lastTimestampText);
            _lastTimestamp = timestamp;
        }
        else
        {
            buffer.AppendRaw(_lastTimestampText.AsSpan(0, _lastTimestampLength));
        }

        buffer.Append((byte)'\n');
    }

    /// <summary>The escaped <c>measurement,meter=id </c> of a series (checked once, then cached).</summary>
    public ReadOnlySpan<byte> Prefix(SeriesKey series)
    {
        if (_prefixes.TryGetValue(series, out var cached))
        {
            return cached;
        }

        _scratch.Clear();
        _scratch.Measurement(series.Measurement).Tag(MeterTag, series.Meter);
        _scratch.Append((byte)' ');
        var prefix = _scratch.WrittenSpan.ToArray();
        if (_prefixes.Count >= MaxCachedSeries)
        {
            _prefixes.Clear();
        }

        _prefixes[series] = prefix;
        return prefix;
    }

    /// <summary>The instant a timestamp written in <see cref="Precision"/> stands for.</summary>
    public Instant ToInstant(long timestamp) => ToInstant(timestamp, Precision);

    /// <summary>The instant of a timestamp in <paramref name="precision"/>.</summary>
    public static Instant ToInstant(long timestamp, TimestampPrecision precision)
    {
        var perUnit = precision.TicksPerUnit();
        return perUnit == 0
            ? Instant.FromUnixTimeTicks(Math.DivRem(timestamp, 100, out var remainder) - (remainder < 0 ? 1 : 0))
            : Instant.FromUnixTimeTicks(checked(timestamp * perUnit));
    }
}
