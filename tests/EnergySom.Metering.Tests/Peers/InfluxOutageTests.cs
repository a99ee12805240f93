using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Simulation;
using EnergySom.Firmware.VirtualMeter;
using EnergySom.Metering.Buffer;
using EnergySom.Metering.Collection;
using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage;
using EnergySom.Metering.Storage.Influx;
using EnergySom.Metering.Tests.Buffer;
using EnergySom.Testing;
using NodaTime;

namespace EnergySom.Metering.Tests.Peers;

/// <summary>
/// Reliability: the collector polls virtual meters over Modbus TCP into the write-ahead buffer while a real InfluxDB
/// is stopped for a while and started again. Everything the collector was told is taken arrives, none of it twice.
/// </summary>
public sealed class InfluxOutageTests
{
    /// <summary>Passes batches to the buffer and records each one once the buffer acknowledged it (WriteAsync returned).</summary>
    private sealed class AcknowledgedBatches(IReadingSink inner) : IReadingSink
    {
        private readonly List<Reading> _acknowledged = [];

        public IReadOnlyList<Reading> Readings
        {
            get
            {
                lock (_acknowledged)
                {
                    return [.. _acknowledged];
                }
            }
        }

        public async ValueTask WriteAsync(IReadOnlyList<Reading> batch, CancellationToken ct)
        {
            await inner.WriteAsync(batch, ct);
            lock (_acknowledged)
            {
                _acknowledged.AddRange(batch);
            }
        }
    }

    [Fact]
    public async Task InfluxStoppedDuringCollection_EverythingBufferedArrives_NoneDoubled()
    {
        var log = new ListLogger();
        await using var influx = await InfluxDbServer.StartAsync();
        await influx.CreateDatabaseAsync("energy");
        using var dir = new TempDirectory("esom-outage-");
        var clock = SystemClock.Instance;
        var profile = ProfileLibrary.LoadBundled().Get("eastron-sdm630");
        var start = clock.GetCurrentInstant();
        var units = Enumerable.Range(1, 3).Select(u => new VirtualMeterUnit((byte)u, profile, new LoadModelValues(_ => 20.0 * u, start, 1000 * u))).ToList();
        await using var meters = new VirtualMeterServer(units, clock);
        meters.Start();
        var gateway = new GatewayConfig("gw-outage", "127.0.0.1", meters.EndPoint.Port,
            units.Select(u => new MeterConfig($"meter-{u.UnitId}", u.UnitId, profile, ["active_power", "active_energy_import", "voltage_l1"])).ToList());

        await using var store = new InfluxReadingStore(new InfluxOptions { Url = influx.Url, Database = "energy", RequestTimeout = TimeSpan.FromSeconds(2) }, clock, log);
        await using var buffer = WriteAheadBuffer.Open(dir.File("wal"), new WriteAheadBufferOptions { SegmentBytes = 4 << 10 }, clock, log);
        var acknowledged = new AcknowledgedBatches(buffer);
        var forwarder = new Forwarder(buffer, store, new ForwarderOptions { InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(400) }, log);
        var collector = new Collector([gateway], acknowledged, clock, new CollectorOptions { FastInterval = TimeSpan.FromMilliseconds(100), SlowInterval = TimeSpan.FromMilliseconds(100) }, log);
        using var stopCollecting = new CancellationTokenSource();
        using var stopForwarding = new CancellationTokenSource();
        var collecting = collector.RunAsync(stopCollecting.Token);
        var forwarding = forwarder.RunAsync(stopForwarding.Token);

        await WaitAsync(() => buffer.State.ForwardedReadings >= 90, "readings reach InfluxDB");

        // The outage: InfluxDB goes away while the collector keeps polling.
        await influx.StopAsync();
        var atStop = acknowledged.Readings.Count;
        await WaitAsync(() => acknowledged.Readings.Count >= atStop + 150 && buffer.State.LastForwardError is not null, "collection goes on into the buffer");
        var during = buffer.State;
        Assert.True(during.PendingReadings > 100, $"{during.PendingReadings} readings pending during the outage");
        Assert.Contains("cannot be reached", during.LastForwardError!, StringComparison.Ordinal);
        Assert.True(Directory.GetFiles(dir.File("wal"), "segment-*.wal").Length > 1, "the outage should span several segments");

        await influx.StartAgainAsync();
        await Task.Delay(500);
        await stopCollecting.CancelAsync();
        await collecting;
        await WaitAsync(() => buffer.State.PendingReadings == 0, "the buffer drains after the restart");
        await stopForwarding.CancelAsync();
        await forwarding;

        var expected = acknowledged.Readings;
        Assert.True(expected.Count >= 240, $"only {expected.Count} readings collected");
        foreach (var series in expected.GroupBy(r => r.Series))
        {
            var stored = await store.ReadAsync(series.Key, start - Duration.FromMinutes(1), clock.GetCurrentInstant() + Duration.FromMinutes(1), CancellationToken.None);
            var sent = series.OrderBy(r => r.Time).ToList();
            Assert.Equal(sent.Count, stored.Count); // none lost, none doubled
            Assert.Equal(sent.Select(r => (r.Time, r.Value)), stored.Select(r => (r.Time, r.Value)));
        }

        Assert.Single(Directory.GetFiles(dir.File("wal"), "segment-*.wal")); // forwarded segments reclaimed
        Assert.Equal(0, buffer.State.RejectedReadings);
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting until {what}");
            }

            await Task.Delay(50);
        }
    }
}
