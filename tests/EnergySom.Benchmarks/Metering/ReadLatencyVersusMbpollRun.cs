using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using EnergySom.Firmware.Registers;
using EnergySom.Metering.Modbus;

namespace EnergySom.Benchmarks.Metering;

/// <summary>
/// The read-latency goal measured head to head: our client, mbpoll and a raw blocking socket take turns
/// reading the same 125-register block from the same server, round after round, so that a shared machine's
/// changing load hits all three alike. Results go to the console as <c>READ-LATENCY</c> lines and to
/// <c>BenchmarkDotNet.Artifacts/results/read-latency-vs-mbpoll.md</c>.
/// </summary>
/// <remarks>
/// Per round: mbpoll reads the block once (one process) and <see cref="Reads"/> + 1 times (one process, one
/// connection, <c>-a 1,1,…</c>); its per-read time is the difference divided by <see cref="Reads"/>, which
/// cancels process start, connect and exit. Our client and the raw socket each read the block
/// <see cref="Reads"/> times over a kept-open connection. The ratio is taken per round, then its median.
/// </remarks>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class ReadLatencyVersusMbpollRun
{
    private const int Reads = 1000;
    private const int Rounds = 15;

    [Benchmark]
    public async Task<string> InterleavedRounds()
    {
        var text = new StringBuilder();
        foreach (var server in new[] { "libmodbus", "pymodbus" })
        {
            using var peers = new ModbusPeerServers();
            var port = server == "pymodbus" ? peers.StartPymodbus() : peers.StartLibmodbus();
            var start = server == "pymodbus" ? (ushort)0 : (ushort)1000;
            await using var client = ModbusClient.Create("bench", "127.0.0.1", port);
            using var raw = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            raw.Connect("127.0.0.1", port);
            var buffer = new byte[250];
            var request = new byte[ModbusTcpFrame.ReadRequestLength];
            var reply = new byte[ModbusTcpFrame.MaxAduLength];
            var common = $"-m tcp -p {port} -0 -r {start} -c 125 -t 3 -1 127.0.0.1";
            var many = string.Join(',', Enumerable.Repeat("1", Reads + 1));

            var ours = new List<double>();
            var mbpoll = new List<double>();
            var floor = new List<double>();
            for (var round = 0; round <= Rounds; round++)
            {
                var one = Time(() => Mbpoll("1", common));
                var lots = Time(() => Mbpoll(many, common));
                var mbpollRead = (lots - one) / Reads;

                var watch = Stopwatch.StartNew();
                for (var i = 0; i < Reads; i++)
                {
                    await client.ReadAsync(1, RegisterKind.Input, start, 125, buffer, CancellationToken.None);
                }

                var ourRead = watch.Elapsed.TotalMicroseconds / Reads;
                watch.Restart();
                for (var i = 0; i < Reads; i++)
                {
                    ModbusTcpFrame.WriteReadRequest(request, (ushort)i, 1, RegisterKind.Input, start, 125);
                    raw.Send(request);
                    var received = 0;
                    while (received < ModbusTcpFrame.HeaderLength + 2 + 250)
                    {
                        received += raw.Receive(reply, received, reply.Length - received, SocketFlags.None);
                    }
                }

                var rawRead = watch.Elapsed.TotalMicroseconds / Reads;
                if (round > 0)
                {
                    // Round 0 warms up JIT, caches and the servers.
                    ours.Add(ourRead);
                    mbpoll.Add(mbpollRead);
                    floor.Add(rawRead);
                }
            }

            var ratios = ours.Zip(mbpoll, (o, m) => o / m).ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"READ-LATENCY {server}: per read of 125 input registers, median of {Rounds} rounds of {Reads}: ours {Median(ours):0.0} µs, mbpoll {Median(mbpoll):0.0} µs, raw blocking socket {Median(floor):0.0} µs; ours/mbpoll median {Median(ratios):0.00} (rounds {string.Join(' ', ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))})");
        }

        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
        text.AppendLine(CultureInfo.InvariantCulture, $"READ-LATENCY machine: {Environment.ProcessorCount} cores, load average {load}");
        var report = text.ToString();
        Console.WriteLine(report);
        var results = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, "read-latency-vs-mbpoll.md"), report);
        return report;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMicroseconds;
    }

    private static void Mbpoll(string units, string common)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"exec mbpoll -a {units} {common} > /dev/null"]) { UseShellExecute = false })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mbpoll exited with {process.ExitCode}");
        }
    }
}
