using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;
using EnergySom.Firmware.VirtualMeter;
using EnergySom.Metering.Collection;
using EnergySom.Metering.Modbus;
using EnergySom.Metering.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace EnergySom.Benchmarks.Metering;

/// <summary>
/// A measured run, not a micro-benchmark: the collector polls 1,000 virtual meters × 50 registers every
/// second on loopback (50 serial-bus gateways of 20 meters; each meter 25 float32 values in one 50-register
/// read) for <see cref="Seconds"/> s after a warm-up. Goals: the schedule holds (every meter read once per
/// second, no overrun) and the collector uses under one core. BenchmarkDotNet's own time column is just the
/// run's length; the results are printed as <c>COLLECTOR-LOAD</c> lines and written to
/// <c>BenchmarkDotNet.Artifacts/results/collector-load.md</c>.
/// </summary>
/// <remarks>
/// CPU: the virtual meters (the foundation's <see cref="VirtualMeterServer"/>) run in the same process, but
/// their code runs on one dedicated thread (a single-threaded synchronization context), whose CPU time is
/// read from /proc and reported apart; "collector" is the process total minus that thread, so it also
/// carries the socket engine's epoll threads of both sides, GC and timers: an upper bound.
/// </remarks>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class CollectorLoadBenchmarks
{
    private const int Gateways = 50;
    private const int MetersPerGateway = 20;
    private const int PointsPerMeter = 25;
    private const int WarmupSeconds = 3;

    /// <summary>Length of the measured part of the run.</summary>
    public const int Seconds = 30;

    private readonly List<VirtualMeterServer> _servers = [];
    private SingleThreadContext _serverThread = null!;
    private Collector _collector = null!;
    private TimestampSink _sink = null!;

    [GlobalSetup]
    public void Setup()
    {
        var points = Enumerable.Range(0, PointsPerMeter)
            .Select(i => new RegisterPoint($"v{i:00}", RegisterKind.Input, (ushort)(i * 2), RegisterDataType.F32, WordOrder.ABCD, 1, 0, Unit.Watt, Quantity.ActivePower, PollClass.Fast))
            .ToList();
        var profile = new DeviceProfile("bench-50-registers", "EnergySom", "benchmark meter", new ProfileSource("synthetic: 25 float32 values in input registers 0..49", "-", "V"), points);
        var values = new SineValues();

        _serverThread = new SingleThreadContext();
        var gateways = new List<GatewayConfig>();
        for (var g = 0; g < Gateways; g++)
        {
            var units = Enumerable.Range(1, MetersPerGateway).Select(u => new VirtualMeterUnit((byte)u, profile, values)).ToList();
            var server = _serverThread.Run(() =>
            {
                var s = new VirtualMeterServer(units, SystemClock.Instance);
                s.Start();
                return s;
            });
            _servers.Add(server);
            gateways.Add(new GatewayConfig($"gw{g:00}", "127.0.0.1", server.EndPoint.Port,
                Enumerable.Range(1, MetersPerGateway).Select(u => new MeterConfig($"gw{g:00}-m{u:00}", (byte)u, profile)).ToList())
            { SerialBus = true });
        }

        _sink = new TimestampSink();
        _collector = new Collector(gateways, _sink, SystemClock.Instance, new CollectorOptions { FastInterval = TimeSpan.FromSeconds(1), SlowInterval = TimeSpan.FromSeconds(60) }, NullLogger.Instance);
    }

    [Benchmark]
    public async Task<string> Collect1000MetersEverySecond()
    {
        long overruns = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "energysom.collector.cycles.overrun")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref overruns, value));
        listener.Start();

        using var stop = new CancellationTokenSource();
        var run = _collector.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(WarmupSeconds));

        var process = Process.GetCurrentProcess();
        var from = SystemClock.Instance.GetCurrentInstant();
        var cpu0 = process.TotalProcessorTime;
        var server0 = _serverThread.CpuTime();
        var overruns0 = Interlocked.Read(ref overruns);
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(Seconds));
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpu0;
        var server = _serverThread.CpuTime() - server0;
        var elapsed = wall.Elapsed;
        var to = SystemClock.Instance.GetCurrentInstant();
        var overrunsInRun = Interlocked.Read(ref overruns) - overruns0;
        await stop.CancelAsync();
        await run;

        var report = Report(from, to, elapsed, cpu, server, overrunsInRun);
        Console.WriteLine(report);
        var results = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, "collector-load.md"), report);
        return report;
    }

    private string Report(Instant from, Instant to, TimeSpan wall, TimeSpan cpu, TimeSpan server, long overruns)
    {
        // Every meter's reads inside the measured window, and the gaps between its consecutive reads.
        var reads = _sink.ReadTimes(from, to);
        var meters = Gateways * MetersPerGateway;
        var expected = meters * wall.TotalSeconds;
        var gaps = reads.Values.SelectMany(t => t.Zip(t.Skip(1), (a, b) => (b - a).TotalMilliseconds)).Order().ToArray();
        double Percentile(double p) => gaps.Length == 0 ? double.NaN : gaps[Math.Min(gaps.Length - 1, (int)(p * gaps.Length))];
        var readCount = reads.Values.Sum(t => t.Count);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"COLLECTOR-LOAD meters={meters} registers/meter=50 interval=1s gateways={Gateways} (serial, {MetersPerGateway} meters each) window={wall.TotalSeconds:0.0}s");
        text.AppendLine(CultureInfo.InvariantCulture, $"COLLECTOR-LOAD reads={readCount} expected≈{expected:0} ({100.0 * readCount / expected:0.00} %) meters-read={reads.Count}/{meters} readings={readCount * PointsPerMeter} polls-failed={_collector.PollsFailed} overrun-cycles={overruns}");
        text.AppendLine(CultureInfo.InvariantCulture, $"COLLECTOR-LOAD gap between reads of a meter (ms): p50={Percentile(0.5):0.0} p99={Percentile(0.99):0.0} p99.9={Percentile(0.999):0.0} max={(gaps.Length == 0 ? double.NaN : gaps[^1]):0.0}");
        text.AppendLine(CultureInfo.InvariantCulture, $"COLLECTOR-LOAD cpu per wall second: process={cpu.TotalSeconds / wall.TotalSeconds:0.000} virtual-meter-thread={server.TotalSeconds / wall.TotalSeconds:0.000} collector(rest, upper bound)={(cpu - server).TotalSeconds / wall.TotalSeconds:0.000} core");
        text.AppendLine(CultureInfo.InvariantCulture, $"COLLECTOR-LOAD machine: {Environment.ProcessorCount} cores, load average {load}");
        return text.ToString();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var server in _servers)
        {
            _serverThread.Run(() => server.DisposeAsync().AsTask()).GetAwaiter().GetResult();
        }

        _serverThread.Dispose();
    }

    /// <summary>Power values that move with time, so every read encodes fresh numbers.</summary>
    private sealed class SineValues : IPointValueSource
    {
        public double? ValueOf(RegisterPoint point, Instant now) => 10 + Math.Sin(now.ToUnixTimeMilliseconds() / 1000.0 + point.Address);
    }

    /// <summary>Keeps, per meter, the time of each read (its first point), and counts the rest.</summary>
    private sealed class TimestampSink : IReadingSink
    {
        private readonly ConcurrentDictionary<string, List<Instant>> _times = new();

        public ValueTask WriteAsync(IReadOnlyList<Reading> batch, CancellationToken ct)
        {
            foreach (var reading in batch)
            {
                if (reading.Series.Measurement == "v00")
                {
                    var list = _times.GetOrAdd(reading.Series.Meter, _ => []);
                    lock (list)
                    {
                        list.Add(reading.Time);
                    }
                }
            }

            return ValueTask.CompletedTask;
        }

        public Dictionary<string, List<Instant>> ReadTimes(Instant from, Instant to) =>
            _times.ToDictionary(kv => kv.Key, kv =>
            {
                lock (kv.Value)
                {
                    return kv.Value.Where(t => t >= from && t < to).ToList();
                }
            });
    }

    /// <summary>
    /// One thread that runs everything posted to its synchronization context, so the virtual meters' code runs
    /// there and its CPU time can be read apart (/proc/self/task/TID/stat).
    /// </summary>
    private sealed class SingleThreadContext : SynchronizationContext, IDisposable
    {
        private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
        private readonly Thread _thread;
        private int _tid;

        public SingleThreadContext()
        {
            var started = new ManualResetEventSlim();
            _thread = new Thread(() =>
            {
                _tid = int.Parse(Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget!), CultureInfo.InvariantCulture);
                SetSynchronizationContext(this);
                started.Set();
                foreach (var (callback, state) in _queue.GetConsumingEnumerable())
                {
                    callback(state);
                }
            })
            { IsBackground = true, Name = "virtual-meters" };
            _thread.Start();
            started.Wait();
        }

        public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

        public T Run<T>(Func<T> work)
        {
            var done = new TaskCompletionSource<T>();
            Post(_ => done.SetResult(work()), null);
            return done.Task.GetAwaiter().GetResult();
        }

        public TimeSpan CpuTime()
        {
            // Fields 14 and 15 (utime, stime) of /proc/self/task/TID/stat, in clock ticks of 10 ms.
            var stat = File.ReadAllText($"/proc/self/task/{_tid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }

        public void Dispose()
        {
            _queue.CompleteAdding();
            _thread.Join();
            _queue.Dispose();
        }
    }
}
