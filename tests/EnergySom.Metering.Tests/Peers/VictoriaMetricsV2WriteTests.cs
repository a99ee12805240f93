using EnergySom.Metering.Storage;
using EnergySom.Metering.Storage.Influx;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace EnergySom.Metering.Tests.Peers;

/// <summary>
/// The v2/v3 write path (<c>/api/v2/write</c>, org, bucket, token, gzip) against a real server that implements it:
/// VictoriaMetrics, read back through its <c>/api/v1/export</c>. It stores milliseconds, so the writes use that precision.
/// </summary>
public sealed class VictoriaMetricsV2WriteTests(VictoriaMetricsServer server) : IClassFixture<VictoriaMetricsServer>
{
    private static readonly Instant T0 = Instant.FromUtc(2024, 6, 1, 0, 0);

    private InfluxReadingStore Store(bool gzip = true) => new(
        new InfluxOptions { Url = server.Url, Api = InfluxApi.V2, Org = "esco", Bucket = "energy", Token = "test-token", Precision = TimestampPrecision.Milliseconds, Gzip = gzip, BatchPoints = 700 },
        SystemClock.Instance,
        NullLogger.Instance);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Readings_ArriveAsValueAndFlagsSeries_WithTheirTimes(bool gzip)
    {
        await using var store = Store(gzip);
        var key = new SeriesKey($"vm-meter-{gzip}", "active_energy_import");
        var readings = Enumerable.Range(0, 2000).Select(i => new Reading(key, T0.Plus(Duration.FromMinutes(15 * i)), 100 + (i * 0.25), i % 10 == 0 ? QualityFlags.Estimated : QualityFlags.None)).ToArray();

        await store.WriteAsync(readings, CancellationToken.None);

        var values = Assert.Single(await server.ExportAsync($"{{__name__=\"active_energy_import_value\",meter=\"{key.Meter}\"}}", 2000));
        Assert.Equal(readings.Select(r => r.Value), values.Values);
        Assert.Equal(readings.Select(r => r.Time.ToUnixTimeMilliseconds()), values.Timestamps);
        var flags = Assert.Single(await server.ExportAsync($"{{__name__=\"active_energy_import_flags\",meter=\"{key.Meter}\"}}", 2000));
        Assert.Equal(readings.Select(r => (double)(ushort)r.Flags), flags.Values);
    }

    [Fact]
    public async Task AwkwardNames_AreEscaped_AndNaNIsWrittenAsInvalid()
    {
        await using var store = Store();
        var key = new SeriesKey("hall B, line=2 \"east\"", "active power");
        await store.WriteAsync([new Reading(key, T0, 5), new Reading(key, T0.Plus(Duration.FromMinutes(1)), double.NaN)], CancellationToken.None);

        var values = Assert.Single(await server.ExportAsync("{__name__=\"active power_value\"}", 1));
        Assert.Equal(key.Meter, values.Labels["meter"]);
        Assert.Equal([5.0], values.Values);
        var flags = Assert.Single(await server.ExportAsync("{__name__=\"active power_flags\"}", 2));
        Assert.Equal([0.0, (double)(ushort)QualityFlags.Invalid], flags.Values);
    }
}
