using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace EnergySom.Benchmarks.Metering;

/// <summary>
/// The reference for <see cref="ModbusReadLatencyBenchmarks"/>: mbpoll (Debian's, the common command-line
/// Modbus master, on libmodbus) reading the same 125-register block from the same servers.
/// </summary>
/// <remarks>
/// mbpoll's in-loop mode sleeps its poll rate (at least 10 ms) between polls, so its read time is measured by
/// difference instead: one mbpoll process reads the block <see cref="Reads"/> times in a row over one
/// connection (an address list repeating unit 1: <c>-a 1,1,…</c>), another reads it once; per read =
/// (t(Reads) − t(1)) / (Reads − 1), which cancels process start, connect and teardown. Both print their
/// values to /dev/null, as mbpoll always formats what it reads.
/// </remarks>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 15)]
public class MbpollReadLatencyBenchmarks
{
    /// <summary>Reads in the long run.</summary>
    public const int Reads = 1001;

    private ModbusPeerServers _peers = null!;
    private string _common = "";

    [Params("pymodbus", "libmodbus")]
    public string Server { get; set; } = "pymodbus";

    [GlobalSetup]
    public void Setup()
    {
        _peers = new ModbusPeerServers();
        var port = Server == "pymodbus" ? _peers.StartPymodbus() : _peers.StartLibmodbus();
        var start = Server == "pymodbus" ? 0 : 1000;
        _common = $"-m tcp -p {port} -0 -r {start} -c 125 -t 3 -1 127.0.0.1";
    }

    [Benchmark(Baseline = true)]
    public int MbpollOneRead() => Mbpoll("1");

    [Benchmark]
    public int MbpollManyReads() => Mbpoll(string.Join(',', Enumerable.Repeat("1", Reads)));

    private int Mbpoll(string units)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"exec mbpoll -a {units} {_common} > /dev/null"]) { UseShellExecute = false })!;
        process.WaitForExit();
        return process.ExitCode == 0 ? 0 : throw new InvalidOperationException($"mbpoll exited with {process.ExitCode}");
    }

    [GlobalCleanup]
    public void Cleanup() => _peers.Dispose();
}
