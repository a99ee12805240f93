using System.Diagnostics.Metrics;
using EnergySom.Firmware.Profiles;
using EnergySom.Metering.Collection;
using EnergySom.Metering.Modbus;
using EnergySom.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace EnergySom.Metering.Tests.Collection;

/// <summary>The collector against the foundation's virtual meters on loopback.</summary>
public sealed class CollectorTests
{
    private static readonly ModbusClientOptions QuickModbus = new() { RequestTimeout = TimeSpan.FromSeconds(3), ReconnectBackoff = new BackoffPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400)) };

    private static MeterConfig Meter(int unit, DeviceProfile? profile = null) => new($"m{unit}", (byte)unit, profile ?? VirtualMeters.Sdm630);

    private static async Task RunForAsync(Collector collector, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        await collector.RunAsync(stop.Token);
    }

    /// <summary>Runs the collector until <paramref name="done"/> holds (at most 15 s), then stops it.</summary>
    private static async Task RunUntilAsync(Collector collector, Func<bool> done)
    {
        using var stop = new CancellationTokenSource();
        var run = collector.RunAsync(stop.Token);
        try
        {
            await WaitUntilAsync(done);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    [Fact]
    public async Task Collect_DecodesEveryPointIntoCanonicalUnits_FastEveryCycleSlowLess()
    {
        await using var server = VirtualMeters.Start(2);
        var sink = new RecordingSink();
        var collector = new Collector(
            [new GatewayConfig("gw-a", "127.0.0.1", server.EndPoint.Port, [Meter(1), Meter(2)])],
            sink, SystemClock.Instance,
            new CollectorOptions { FastInterval = TimeSpan.FromMilliseconds(100), SlowInterval = TimeSpan.FromSeconds(2), Modbus = QuickModbus },
            NullLogger.Instance);

        await RunUntilAsync(collector, () => sink.Of("m2", "active_power").Count >= 8);

        Assert.Equal(2.0, sink.Of("m2", "active_power")[^1].Value, 6);
        Assert.Equal(232.0, sink.Of("m2", "voltage_l1")[^1].Value, 4);
        Assert.Equal(1000.0, sink.Of("m1", "active_energy_import")[^1].Value, 2);
        var fast = sink.Of("m1", "active_power").Count;
        var slow = sink.Of("m1", "active_energy_import").Count;
        Assert.True(slow >= 1 && 2 * slow <= fast, $"{fast} fast, {slow} slow readings");
        Assert.Equal(VirtualMeters.Sdm630.Points.Count * 2, sink.Readings.Select(r => r.Series).Distinct().Count());
        Assert.Equal(sink.Readings.Count, collector.ReadingsStored);
        Assert.Equal(0, collector.PollsFailed);
        Assert.All(collector.MeterStatuses(), s => Assert.Equal(MeterHealth.Healthy, s.Health));
    }

    [Fact]
    public async Task DeadMeter_IsFaultedAndBackedOff_WhileTheOthersOnItsBusKeepTheirSchedule()
    {
        // Four meters on one serial bus; the first never answers. Each attempt costs one timeout (200 ms); after
        // two in a row it is faulted and retried on its own backoff (0.4 s, 0.8 s, 1.6 s …) while the others keep
        // every 300 ms slot.
        // (The healthy meters get a long timeout so that a loaded test machine cannot fault them.)
        await using var server = VirtualMeters.Start(4);
        server.Faults(1).Silent = true;
        var sink = new RecordingSink();
        var logger = new RecordingLogger();
        var interval = TimeSpan.FromMilliseconds(300);
        var timeout = TimeSpan.FromMilliseconds(200);
        var collector = new Collector(
            [new GatewayConfig("gw-bus", "127.0.0.1", server.EndPoint.Port, [Meter(1) with { RequestTimeout = timeout }, Meter(2), Meter(3), Meter(4)]) { SerialBus = true }],
            sink, SystemClock.Instance,
            new CollectorOptions
            {
                FastInterval = interval,
                SlowInterval = TimeSpan.FromSeconds(30),
                Modbus = QuickModbus with { ResetAfterTimeouts = 100 },
                MeterBackoff = new BackoffPolicy(TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5), 2, 0),
            },
            logger);

        var run = TimeSpan.FromSeconds(4);
        await RunForAsync(collector, run);

        var slots = run / interval;
        foreach (var unit in new[] { 2, 3, 4 })
        {
            var times = sink.Of($"m{unit}", "active_power").Select(r => r.Time).ToList();
            Assert.True(times.Count >= slots * 0.75, $"meter {unit}: {times.Count} readings in {slots:0} slots");
            var worst = times.Zip(times.Skip(1), (a, b) => b - a).Max();
            // A naive collector that retries every read of the dead meter every cycle (3 reads × 200 ms) would
            // overrun every slot and leave gaps of two intervals.
            Assert.True(worst < Duration.FromTimeSpan(interval + timeout + TimeSpan.FromMilliseconds(400)), $"meter {unit}: a gap of {worst.TotalMilliseconds:0} ms");
        }

        var dead = collector.MeterStatuses().Single(s => s.Unit == 1);
        Assert.Equal(MeterHealth.Faulted, dead.Health);
        Assert.InRange(dead.PollsFailed, 3, 6); // at t ≈ 0, 0.3, 0.9, 1.8, 3.6 s: backoff, not all 13 slots
        Assert.Empty(sink.Of("m1", "active_power"));
        Assert.NotNull(dead.NextAttempt);
        Assert.Contains("gateway gw-bus unit 1", dead.LastError, StringComparison.Ordinal);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("gateway gw-bus unit 1 (meter m1) register 0: meter faulted", StringComparison.Ordinal));
        Assert.Single(logger.Lines, l => l.Message.Contains("meter faulted", StringComparison.Ordinal));
        Assert.All(collector.MeterStatuses().Where(s => s.Unit != 1), s => Assert.Equal(MeterHealth.Healthy, s.Health));
    }

    [Fact]
    public async Task OneLostReply_IsRetriedNextCycle_WithoutFaultingTheMeter()
    {
        await using var server = new EnergySom.Metering.Tests.Modbus.ScriptedModbusServer(ModbusFraming.Tcp, (s, r) => r.Index == 2
            ? EnergySom.Metering.Tests.Modbus.ScriptedModbusServer.Reply.Silence
            : EnergySom.Metering.Tests.Modbus.ScriptedModbusServer.Reply.Bytes(s.Good(r, EnergySom.Metering.Tests.Modbus.ScriptedModbusServer.Marked(r))));
        var marker = new DeviceProfile("marker", "tests", "scripted", new ProfileSource("ScriptedModbusServer", "-", "V"),
            [new RegisterPoint("marker", EnergySom.Firmware.Registers.RegisterKind.Holding, 10, EnergySom.Firmware.Registers.RegisterDataType.U16, EnergySom.Firmware.Registers.WordOrder.ABCD, 1, 0, EnergySom.Firmware.Quantities.Unit.One, EnergySom.Firmware.Quantities.Quantity.Status, PollClass.Fast)]);
        var sink = new RecordingSink();
        var logger = new RecordingLogger();
        var collector = new Collector(
            [new GatewayConfig("gw-lost", "127.0.0.1", server.Port, [new MeterConfig("m1", 1, marker) { RequestTimeout = TimeSpan.FromMilliseconds(200) }])],
            sink, SystemClock.Instance,
            new CollectorOptions { FastInterval = TimeSpan.FromMilliseconds(100), Modbus = QuickModbus, MeterBackoff = new BackoffPolicy(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)) },
            logger);

        await RunUntilAsync(collector, () => sink.Of("m1", "marker").Count >= 3);

        // Request 2 went unanswered; request 3 came in the next cycle, not 30 s later.
        Assert.Equal([1001.0, 1003.0, 1004.0], sink.Of("m1", "marker").Take(3).Select(r => r.Value).ToArray());
        Assert.Equal(MeterHealth.Healthy, collector.MeterStatuses()[0].Health);
        Assert.Single(logger.Lines, l => l.Message.StartsWith("gateway gw-lost unit 1 (meter m1) register 10: gateway gw-lost unit 1 holding 10..10 (register 40011..40011): no reply within 200 ms", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Message.Contains("meter faulted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnexpectedErrorInACycle_IsLogged_AndPollingGoesOn()
    {
        await using var server = VirtualMeters.Start(1);
        var sink = new RecordingSink();
        var logger = new RecordingLogger();
        var clock = new FailingOnceClock(failAt: 3);
        var collector = new Collector(
            [new GatewayConfig("gw-bug", "127.0.0.1", server.EndPoint.Port, [new MeterConfig("m1", 1, VirtualMeters.Sdm630, ["active_power"])])],
            sink, clock,
            new CollectorOptions { FastInterval = TimeSpan.FromMilliseconds(50), Modbus = QuickModbus },
            logger);

        await RunUntilAsync(collector, () => sink.Of("m1", "active_power").Count >= 5);

        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Critical && l.Message == "gateway gw-bug: a poll cycle failed unexpectedly; polling goes on");
    }

    /// <summary>The system clock, except that one call throws, as a bug somewhere in a cycle would.</summary>
    private sealed class FailingOnceClock(int failAt) : IClock
    {
        private int _calls;

        public Instant GetCurrentInstant() => Interlocked.Increment(ref _calls) == failAt
            ? throw new InvalidOperationException("injected failure")
            : SystemClock.Instance.GetCurrentInstant();
    }

    [Fact]
    public async Task FaultedMeter_RecoversOnItsNextAttempt()
    {
        await using var server = VirtualMeters.Start(2);
        server.Faults(2).Silent = true;
        var sink = new RecordingSink();
        var logger = new RecordingLogger();
        var collector = new Collector(
            [new GatewayConfig("gw-r", "127.0.0.1", server.EndPoint.Port, [Meter(1), Meter(2) with { RequestTimeout = TimeSpan.FromMilliseconds(100) }]) { SerialBus = true }],
            sink, SystemClock.Instance,
            new CollectorOptions
            {
                FastInterval = TimeSpan.FromMilliseconds(100),
                Modbus = QuickModbus,
                MeterBackoff = new BackoffPolicy(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300), 1, 0),
            },
            logger);

        using var stop = new CancellationTokenSource();
        var run = collector.RunAsync(stop.Token);
        await WaitUntilAsync(() => collector.MeterStatuses()[1].Health == MeterHealth.Faulted);
        server.Faults(2).Silent = false;
        await WaitUntilAsync(() => collector.MeterStatuses()[1].Health == MeterHealth.Healthy);
        await stop.CancelAsync();
        await run;

        Assert.NotEmpty(sink.Of("m2", "active_power"));
        Assert.Contains(logger.Lines, l => l.Message.Contains("gateway gw-r unit 2 (meter m2): answers again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExceptionOnOneRead_FailsThatReadOnly_AndIsLoggedOnce()
    {
        await using var server = VirtualMeters.Start(1);
        var sink = new RecordingSink();
        var logger = new RecordingLogger();
        var profile = VirtualMeters.Sdm630;

        // A profile point beyond the meter's map: its read gets exception 0x02 every cycle.
        var bad = profile.Points[0] with { Name = "not_there", Address = 0x1000 };
        var withBadPoint = profile with { Points = [.. profile.Points, bad] };
        var collector = new Collector(
            [new GatewayConfig("gw-x", "127.0.0.1", server.EndPoint.Port, [Meter(1, withBadPoint)])],
            sink, SystemClock.Instance,
            new CollectorOptions { FastInterval = TimeSpan.FromMilliseconds(100), Modbus = QuickModbus },
            logger);

        await RunUntilAsync(collector, () => collector.PollsFailed >= 5);

        Assert.NotEmpty(sink.Of("m1", "active_power"));
        Assert.Empty(sink.Of("m1", "not_there"));
        Assert.Equal(MeterHealth.Healthy, collector.MeterStatuses()[0].Health);
        var line = Assert.Single(logger.Lines, l => l.Message.Contains("exception 0x02", StringComparison.Ordinal));
        Assert.StartsWith("gateway gw-x unit 1 (meter m1) register 4096: gateway gw-x unit 1 input 4096..4097 (register 34097..34098): exception 0x02", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SerialBus_OneConnectionOneRequestAtATime_OtherwiseConcurrentConnections()
    {
        // Each meter takes 300 ms to answer: one after the other, the third answers at least 600 ms after the
        // first; over three connections, all three answer together.
        await using var server = VirtualMeters.Start(3);
        foreach (var unit in new byte[] { 1, 2, 3 })
        {
            server.Faults(unit).ReplyDelay = TimeSpan.FromMilliseconds(300);
        }

        var options = new CollectorOptions { FastInterval = TimeSpan.FromSeconds(5), SlowInterval = TimeSpan.FromSeconds(60), Modbus = QuickModbus };
        var one = new[] { "active_power" };
        MeterConfig Power(int unit) => new($"m{unit}", (byte)unit, VirtualMeters.Sdm630, one);

        var serialSink = new RecordingSink();
        var serial = new Collector([new GatewayConfig("gw-serial", "127.0.0.1", server.EndPoint.Port, [Power(1), Power(2), Power(3)]) { SerialBus = true, MaxConnections = 3 }], serialSink, SystemClock.Instance, options, NullLogger.Instance);
        Assert.Equal(1, serial.ConnectionCount);
        await RunUntilAsync(serial, () => serialSink.Readings.Count >= 3);
        var serialTimes = serialSink.Readings.Select(r => r.Time).Order().Take(3).ToList();
        Assert.True(serialTimes[2] - serialTimes[0] >= Duration.FromMilliseconds(550), $"serial bus: {(serialTimes[2] - serialTimes[0]).TotalMilliseconds} ms for 3 × 300 ms replies");

        var parallelSink = new RecordingSink();
        var parallel = new Collector([new GatewayConfig("gw-tcp", "127.0.0.1", server.EndPoint.Port, [Power(1), Power(2), Power(3)]) { MaxConnections = 3 }], parallelSink, SystemClock.Instance, options, NullLogger.Instance);
        Assert.Equal(3, parallel.ConnectionCount);
        await RunUntilAsync(parallel, () => parallelSink.Readings.Count >= 3);
        var parallelTimes = parallelSink.Readings.Select(r => r.Time).Order().Take(3).ToList();
        Assert.True(parallelTimes[2] - parallelTimes[0] < Duration.FromMilliseconds(300), $"three connections: {(parallelTimes[2] - parallelTimes[0]).TotalMilliseconds} ms apart");
    }

    [Fact]
    public async Task IndependentGateways_ArePolledConcurrently()
    {
        await using var a = VirtualMeters.Start(1);
        await using var b = VirtualMeters.Start(1);
        a.Faults(1).ReplyDelay = TimeSpan.FromMilliseconds(400);
        b.Faults(1).ReplyDelay = TimeSpan.FromMilliseconds(400);
        var sink = new RecordingSink();
        var power = new[] { "active_power" };
        var collector = new Collector(
            [
                new GatewayConfig("gw-1", "127.0.0.1", a.EndPoint.Port, [new MeterConfig("a1", 1, VirtualMeters.Sdm630, power)]) { SerialBus = true },
                new GatewayConfig("gw-2", "127.0.0.1", b.EndPoint.Port, [new MeterConfig("b1", 1, VirtualMeters.Sdm630, power)]) { SerialBus = true },
            ],
            sink, SystemClock.Instance,
            new CollectorOptions { FastInterval = TimeSpan.FromSeconds(5), Modbus = QuickModbus },
            NullLogger.Instance);

        await RunUntilAsync(collector, () => sink.Of("a1", "active_power").Count > 0 && sink.Of("b1", "active_power").Count > 0);

        // One after the other they would be at least 400 ms apart.
        var first = sink.Of("a1", "active_power")[0].Time;
        var second = sink.Of("b1", "active_power")[0].Time;
        Assert.True(Math.Abs((first - second).TotalMilliseconds) < 300, $"{(first - second).TotalMilliseconds} ms apart");
    }

    [Fact]
    public async Task UnreachableGateway_IsRetriedWithBackoff_AndCollectsOnceItListens()
    {
        var port = FreePort.Get();
        var sink = new RecordingSink();
        var logger = new RecordingLogger();
        var collector = new Collector(
            [new GatewayConfig("gw-late", "127.0.0.1", port, [Meter(1)])],
            sink, SystemClock.Instance,
            new CollectorOptions { FastInterval = TimeSpan.FromMilliseconds(50), Modbus = QuickModbus },
            logger);

        using var stop = new CancellationTokenSource();
        var run = collector.RunAsync(stop.Token);
        await Task.Delay(700);
        var attempts = logger.Lines.Count(l => l.Message.Contains("cannot connect", StringComparison.Ordinal));

        // 14 slots passed; the backoff (0.1, 0.2, 0.4, 0.4 s …) allows only a few connection attempts.
        Assert.InRange(attempts, 1, 6);
        Assert.Contains(logger.Lines, l => l.Message.StartsWith($"gateway gw-late: cannot connect to 127.0.0.1:{port}: ConnectionRefused", StringComparison.Ordinal));

        await using var server = new EnergySom.Firmware.VirtualMeter.VirtualMeterServer(
            [new EnergySom.Firmware.VirtualMeter.VirtualMeterUnit(1, VirtualMeters.Sdm630, new FixedValues(new Dictionary<string, double> { ["active_power"] = 7 }))],
            SystemClock.Instance, port);
        server.Start();
        await WaitUntilAsync(() => sink.Of("m1", "active_power").Count > 0);
        await stop.CancelAsync();
        await run;

        Assert.Equal(7.0, sink.Of("m1", "active_power")[^1].Value, 6);
    }

    [Fact]
    public async Task SinkRefusingBatches_ReadingsAreKeptAndDeliveredLater_NoneLostNoneDoubled()
    {
        await using var server = VirtualMeters.Start(1);
        var sink = new RecordingSink();
        sink.RefuseNext(3);
        var logger = new RecordingLogger();
        var collector = new Collector(
            [new GatewayConfig("gw-s", "127.0.0.1", server.EndPoint.Port, [new MeterConfig("m1", 1, VirtualMeters.Sdm630, ["active_power"])])],
            sink, SystemClock.Instance,
            new CollectorOptions { FastInterval = TimeSpan.FromMilliseconds(100), Modbus = QuickModbus },
            logger);

        await RunUntilAsync(collector, () => sink.Batches >= 2);

        var readings = sink.Of("m1", "active_power");
        Assert.Equal(3, sink.Refused);
        Assert.Equal(collector.PollsOk, readings.Count);
        Assert.Equal(readings.Count, readings.Select(r => r.Time).Distinct().Count());
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Error && l.Message.StartsWith("gateway gw-s: the reading sink refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_CountPollsAndRequestsPerGateway()
    {
        await using var server = VirtualMeters.Start(1);
        var gateway = "gw-metrics-" + Guid.NewGuid().ToString("N");
        var measurements = new List<(string Instrument, long Value, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ModbusMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? gw = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "gateway")
                {
                    gw = tag.Value as string;
                }
                else if (tag.Key == "outcome")
                {
                    outcome = tag.Value as string;
                }
            }

            if (gw == gateway)
            {
                lock (measurements)
                {
                    measurements.Add((instrument.Name, value, outcome));
                }
            }
        });
        listener.Start();

        var collector = new Collector(
            [new GatewayConfig(gateway, "127.0.0.1", server.EndPoint.Port, [Meter(1)])],
            new RecordingSink(), SystemClock.Instance,
            new CollectorOptions { FastInterval = TimeSpan.FromMilliseconds(100), Modbus = QuickModbus },
            NullLogger.Instance);
        await RunUntilAsync(collector, () => collector.PollsOk >= 3);
        listener.Dispose();

        lock (measurements)
        {
            Assert.Equal(collector.PollsOk, measurements.Where(m => m.Instrument == "energysom.collector.polls" && m.Outcome == "ok").Sum(m => m.Value));
            Assert.Equal(collector.PollsOk, measurements.Where(m => m.Instrument == "energysom.modbus.requests" && m.Outcome == "ok").Sum(m => m.Value));
            Assert.Equal(collector.ReadingsStored, measurements.Where(m => m.Instrument == "energysom.collector.readings").Sum(m => m.Value));
            Assert.Contains(measurements, m => m.Instrument == "energysom.modbus.connects" && m.Outcome == "ok");
        }
    }

    [Fact]
    public void Configuration_Mistakes_AreRefusedNamingGatewayAndMeter()
    {
        var sdm = VirtualMeters.Sdm630;
        Collector Make(params GatewayConfig[] gateways) => new(gateways, new RecordingSink(), SystemClock.Instance, new CollectorOptions(), NullLogger.Instance);

        Assert.Contains("gateway 'g' meter 'b': unit 1 is used by another meter",
            Assert.Throws<ArgumentException>(() => Make(new GatewayConfig("g", "h", 502, [new("a", 1, sdm), new("b", 1, sdm)]))).Message, StringComparison.Ordinal);
        Assert.Contains("gateway 'h' meter 'a': meter id is used twice",
            Assert.Throws<ArgumentException>(() => Make(new GatewayConfig("g", "h", 502, [new("a", 1, sdm)]), new GatewayConfig("h", "h", 502, [new("a", 2, sdm)]))).Message, StringComparison.Ordinal);
        Assert.Contains("gateway 'g' is configured twice",
            Assert.Throws<ArgumentException>(() => Make(new GatewayConfig("g", "h", 502, []), new GatewayConfig("g", "h", 503, []))).Message, StringComparison.Ordinal);
        Assert.Contains("unit 0 is not a serial slave address",
            Assert.Throws<ArgumentException>(() => Make(new GatewayConfig("g", "h", 502, [new("a", 0, sdm)]) { Framing = ModbusFraming.RtuOverTcp })).Message, StringComparison.Ordinal);
        Assert.Contains("port 1..65535",
            Assert.Throws<ArgumentException>(() => Make(new GatewayConfig("g", "h", 70000, []))).Message, StringComparison.Ordinal);
        Assert.Contains("gateway 'g' meter 'a': profile 'eastron-sdm630' has no point 'nope'",
            Assert.Throws<ArgumentException>(() => Make(new GatewayConfig("g", "h", 502, [new("a", 1, sdm, ["nope"])]))).Message, StringComparison.Ordinal);
        Assert.Contains("gateway 'g' meter 'a': no points to read",
            Assert.Throws<ArgumentException>(() => Make(new GatewayConfig("g", "h", 502, [new("a", 1, sdm, [])]))).Message, StringComparison.Ordinal);
        Assert.Contains("max connections 0",
            Assert.Throws<ArgumentException>(() => Make(new GatewayConfig("g", "h", 502, []) { MaxConnections = 0 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Twice_AtOnce_IsRefused()
    {
        await using var server = VirtualMeters.Start(1);
        var collector = new Collector([new GatewayConfig("g", "127.0.0.1", server.EndPoint.Port, [Meter(1)])], new RecordingSink(), SystemClock.Instance, new CollectorOptions(), NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = collector.RunAsync(stop.Token);
        await Assert.ThrowsAsync<InvalidOperationException>(() => collector.RunAsync(stop.Token));
        await stop.CancelAsync();
        await run;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(20);
        }
    }
}
