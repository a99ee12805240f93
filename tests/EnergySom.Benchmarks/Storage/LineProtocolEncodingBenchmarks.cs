using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using EnergySom.Metering.Storage;
using EnergySom.Metering.Storage.Influx;
using NodaTime;

namespace EnergySom.Benchmarks.Storage;

/// <summary>
/// Encoding readings as InfluxDB line protocol (goal: at least 5 M points/s on one core, no allocation per point).
/// Results are per point (<see cref="Points"/> operations per invocation).
/// </summary>
[MemoryDiagnoser]
public class LineProtocolEncodingBenchmarks
{
    private const int Points = 10_000;
    private readonly ReadingLineEncoder _encoder = new(TimestampPrecision.Nanoseconds);
    private readonly LineProtocolBuffer _buffer = new(1 << 21);
    private Reading[] _readings = [];

    [GlobalSetup]
    public void Setup()
    {
        // As the collector hands them over: 100 meters × 20 float32 points, 5 polls; the points of one meter's
        // poll share its timestamp (one Modbus read), each meter is polled at its own instant.
        var t0 = Instant.FromUtc(2025, 6, 1, 0, 0);
        var random = new Random(42);
        _readings = Enumerable.Range(0, Points)
            .Select(i =>
            {
                var (poll, meter, point) = (i / 2000, i / 20 % 100, i % 20);
                var time = t0.Plus(Duration.FromSeconds(poll)).Plus(Duration.FromTicks(meter * 123_457L));
                return new Reading(new SeriesKey($"meter-{meter:D3}", $"point_{point:D2}"), time, (float)(random.NextDouble() * 1000), QualityFlags.None);
            })
            .ToArray();
        foreach (var r in _readings)
        {
            _encoder.Append(_buffer, r); // fill the series prefix cache
        }
    }

    /// <summary>The product's encoder: cached escaped series prefixes, UTF-8 formatting straight into one buffer.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public int Encoder()
    {
        _buffer.Clear();
        foreach (var r in _readings)
        {
            _encoder.Append(_buffer, r);
        }

        return _buffer.Length;
    }

    /// <summary>Naive reference: escape and format each line as a string, then UTF-8 encode.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public int NaiveStringBuilder()
    {
        var text = new StringBuilder();
        foreach (var r in _readings)
        {
            text.Append(r.Series.Measurement.Replace(",", "\\,", StringComparison.Ordinal).Replace(" ", "\\ ", StringComparison.Ordinal))
                .Append(",meter=").Append(r.Series.Meter.Replace(",", "\\,", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal).Replace(" ", "\\ ", StringComparison.Ordinal))
                .Append(" value=").Append(r.Value.ToString("R", CultureInfo.InvariantCulture))
                .Append(",flags=").Append(((ushort)r.Flags).ToString(CultureInfo.InvariantCulture)).Append('i')
                .Append(' ').Append((r.Time.ToUnixTimeTicks() * 100).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString()).Length;
    }
}
