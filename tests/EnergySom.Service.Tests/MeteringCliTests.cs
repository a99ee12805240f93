using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Simulation;
using EnergySom.Firmware.VirtualMeter;
using EnergySom.Metering.Buffer;
using EnergySom.Metering.Storage;
using EnergySom.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace EnergySom.Service.Tests;

/// <summary>
/// <c>energysom collect</c> and <c>energysom readings export</c> as a user runs them: against virtual meters on
/// loopback, killed and restarted, with bad input refused by file, line and field.
/// </summary>
public sealed class MeteringCliTests : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("esom-metering-cli-");
    private readonly List<CollectProcess> _processes = [];
    private VirtualMeterServer? _meters;

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        if (_meters is not null)
        {
            await _meters.DisposeAsync();
        }

        _dir.Dispose();
    }

    private string Data => _dir.File("data");

    private string Wal => Path.Combine(Data, "wal");

    private static Task<EnergysomCli.Result> RunAsync(params string[] args) => EnergysomCli.RunAsync(args);

    private string WriteSite(string yaml)
    {
        var path = _dir.File("site.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>Two virtual Eastron SDM630 meters (20 and 40 kW) behind one Modbus TCP gateway on loopback.</summary>
    private string StartMetersAndWriteSite(string extra = "", bool rtu = false)
    {
        var clock = SystemClock.Instance;
        var profile = ProfileLibrary.LoadBundled().Get("eastron-sdm630");
        var start = clock.GetCurrentInstant();
        _meters = new VirtualMeterServer(
            [new VirtualMeterUnit(1, profile, new LoadModelValues(_ => 20, start, 1000)), new VirtualMeterUnit(2, profile, new LoadModelValues(_ => 40, start, 5000))],
            clock,
            new VirtualMeterServerOptions { Framing = rtu ? VirtualMeterFraming.RtuOverTcp : VirtualMeterFraming.Tcp });
        _meters.Start();
        var transport = rtu ? "transport: rtu-over-tcp\n    timeouts: { request: 2s }" : "transport: tcp";
        return WriteSite($$"""
            schema: energysom.site/1
            site:
              id: test-plant
              time_zone: Asia/Shanghai
            collection:
              fast_interval: 100ms
              slow_interval: 200ms
            buffer:
              max_size: 256MiB
              segment_size: 64MiB
            {{extra}}
            gateways:
              - name: virtual-gateway
                host: 127.0.0.1
                port: {{_meters.EndPoint.Port}}
                {{transport}}
                meters:
                  - { id: m1, unit: 1, profile: eastron-sdm630, points: [active_power, active_energy_import, voltage_l1], rated_power_kw: 100 }
                  - { id: m2, unit: 2, profile: eastron-sdm630, points: [active_power, active_energy_import, voltage_l1], rated_power_kw: 100 }
            """);
    }

    private CollectProcess StartCollect(string site)
    {
        var process = CollectProcess.Start(site, Data);
        _processes.Add(process);
        return process;
    }

    private async Task WaitForStateAsync(Func<BufferState, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            BufferState? state = null;
            try
            {
                state = BufferStateFile.Read(Wal);
            }
            catch (IOException)
            {
                // being replaced right now
            }

            if (state is not null && condition(state))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting until {what}; last state: {state}; collector output:\n{string.Join("\n---\n", _processes.Select(p => p.Output))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Every reading the buffer acknowledged, read from a copy of its folder with the cursor removed (so nothing counts
    /// as forwarded): the segments as a crash left them, after the same torn-tail recovery a restart does.
    /// </summary>
    private async Task<IReadOnlyList<Reading>> AcknowledgedInWalAsync(string copyName)
    {
        var copy = _dir.File(copyName);
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Wal, "segment-*.wal"))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        await using var buffer = WriteAheadBuffer.Open(copy, new WriteAheadBufferOptions { MaxBytes = 256L << 20, SegmentBytes = 64L << 20 }, SystemClock.Instance, NullLogger.Instance);
        var pending = await buffer.ReadAsync(int.MaxValue, wait: false, CancellationToken.None);
        return pending?.Readings ?? [];
    }

    // ------------------------------------------------------------------ bad input

    [Fact]
    public async Task Collect_SiteMistake_IsRefusedWithFileLineAndField_TouchingNothing()
    {
        var site = WriteSite("""
            schema: energysom.site/1
            site:
              id: plant
            gateways:
              - name: gw
                host: 127.0.0.1
                meters:
                  - { id: m1, unit: 0, profile: eastron-sdm630 }
            """);

        var result = await RunAsync("collect", "--site", site, "--data", Data);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"energysom: {site}:8: gateways[0].meters[0].unit: unit 0 is the broadcast address: no meter answers it", result.Stderr.Trim());
        Assert.False(Directory.Exists(Data));
    }

    [Fact]
    public async Task Collect_MissingSiteFile_SaysSo()
    {
        var result = await RunAsync("collect", "--site", _dir.File("nope.yaml"), "--data", Data);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nope.yaml", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("cannot read", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collect_RtuOverTcpGateway_WithItsOwnTimeout_StoresTheReadings()
    {
        var site = StartMetersAndWriteSite(rtu: true);
        using var collect = StartCollect(site);
        await collect.WaitForOutputAsync("energysom collect: ready");
        await WaitForStateAsync(s => s.ForwardedReadings >= 30, "30 readings over RTU reach the store");

        Assert.Equal(0, await collect.TerminateAsync());
        Assert.Contains("(RtuOverTcp)", collect.Output, StringComparison.Ordinal);
        Assert.False(collect.Output.Contains(" fail: ", StringComparison.Ordinal) || collect.Output.Contains(" crit: ", StringComparison.Ordinal), collect.Output);
    }

    [Fact]
    public async Task Collect_InfluxStoreWithoutSettings_SaysWhichVariableToSet()
    {
        var site = StartMetersAndWriteSite();
        var result = await RunAsync("collect", "--site", site, "--data", Data, "--store", "influxdb");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ENERGYSOM_INFLUX_URL", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_WithoutABuffer_Explains()
    {
        var result = await RunAsync("collect", "status", "--data", Data);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no write-ahead buffer", result.Stderr, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ collect, stop, export

    [Fact]
    public async Task Collect_StopsGracefullyOnSigterm_AndTheReadingsCanBeExported()
    {
        var site = StartMetersAndWriteSite();
        using var collect = StartCollect(site);
        await collect.WaitForOutputAsync("energysom collect: ready");
        await WaitForStateAsync(s => s.ForwardedReadings >= 60, "60 readings reach the store");

        var exitCode = await collect.TerminateAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("energysom collect: stopped:", collect.Output, StringComparison.Ordinal);
        var status = await RunAsync("collect", "status", "--data", Data);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("no collector running", status.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"forwarded\s+\d+ readings", status.Stdout);

        var today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date;
        var from = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = today.PlusDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var export = await RunAsync("readings", "export", "--site", site, "--data", Data, "--meter", "m2", "--point", "active_power", "--from", from, "--to", to, "--format", "json");

        Assert.Equal(0, export.ExitCode);
        using var json = JsonDocument.Parse(export.Stdout);
        Assert.Equal("mean", json.RootElement.GetProperty("method").GetString());
        Assert.Equal("kW", json.RootElement.GetProperty("unit").GetString());
        var intervals = json.RootElement.GetProperty("intervals").EnumerateArray().ToList();
        Assert.Equal(96, intervals.Count);
        var measured = intervals.Where(i => i.GetProperty("value").ValueKind == JsonValueKind.Number).ToList();
        Assert.NotEmpty(measured);
        Assert.All(measured, i => Assert.Equal(40, i.GetProperty("value").GetDouble(), 1e-3));
        Assert.All(intervals.Except(measured), i => Assert.Equal(["gap"], i.GetProperty("flags").EnumerateArray().Select(f => f.GetString())));
    }

    [Fact]
    public async Task Export_EnergyFromCounters_InTheSiteZone_AcrossDst_WithFlagsAndRawLinks()
    {
        var site = WriteSite("""
            schema: energysom.site/1
            site: { id: berlin-plant, time_zone: Europe/Berlin }
            gateways:
              - name: gw
                host: 127.0.0.1
                meters:
                  - { id: main, unit: 1, profile: eastron-sdm630, rated_power_kw: 100 }
            """);

        // A day of readings every minute at 12 kW on the day clocks go back (25 hours), reset at 10:30 local.
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var dayStart = new LocalDate(2025, 10, 26).AtStartOfDayInZone(zone).ToInstant();
        var reset = new LocalDateTime(2025, 10, 26, 10, 30).InZoneStrictly(zone).ToInstant();
        var key = new SeriesKey("main", "active_energy_import");
        var readings = new List<Reading>();
        for (var t = dayStart - Duration.FromMinutes(5); t <= dayStart + Duration.FromHours(25) + Duration.FromMinutes(5); t += Duration.FromMinutes(1))
        {
            var kwh = t < reset ? 5000 + (12 * (t - (dayStart - Duration.FromMinutes(5))).TotalHours) : 12 * (t - reset).TotalHours;
            readings.Add(new Reading(key, t, kwh));
        }

        Directory.CreateDirectory(Data);
        await using (var store = EmbeddedReadingStore.Open(Path.Combine(Data, "readings.ests")))
        {
            await store.WriteAsync(readings, CancellationToken.None);
        }

        var hourly = await RunAsync("readings", "export", "--site", site, "--data", Data, "--meter", "main", "--from", "2025-10-26", "--to", "2025-10-27", "--interval", "1h");

        Assert.Equal(0, hourly.ExitCode);
        var rows = hourly.Stdout.Trim().Split('\n');
        Assert.Equal("meter,point,interval_start,interval_end,value,unit,flags,coverage,raw_from,raw_to", rows[0]);
        Assert.Equal(26, rows.Length); // a header and 25 hours
        Assert.StartsWith("main,active_energy_import,2025-10-26T00:00:00+02:00,2025-10-26T01:00:00+02:00,12,kWh,,1,2025-10-25T22:00:00Z,2025-10-25T23:00:00Z", rows[1], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.Contains("2025-10-26T02:00:00+02:00,2025-10-26T02:00:00+01:00,12,", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("2025-10-26T02:00:00+01:00,2025-10-26T03:00:00+01:00,12,", StringComparison.Ordinal));
        var resetHour = Assert.Single(rows, r => r.Contains(",2025-10-26T10:00:00+01:00,2025-10-26T11:00:00+01:00,", StringComparison.Ordinal));
        Assert.Contains(",,kWh,reset,", resetHour, StringComparison.Ordinal); // no value: the reset is not consumption

        var daily = await RunAsync("readings", "export", "--site", site, "--data", Data, "--meter", "main", "--from", "2025-10-26", "--to", "2025-10-27", "--interval", "1d", "--format", "json");
        Assert.Equal(0, daily.ExitCode);
        using var json = JsonDocument.Parse(daily.Stdout);
        Assert.Equal("counter", json.RootElement.GetProperty("method").GetString());
        Assert.Equal("Europe/Berlin", json.RootElement.GetProperty("time_zone").GetString());
        var day = Assert.Single(json.RootElement.GetProperty("intervals").EnumerateArray());
        Assert.Equal("2025-10-26T00:00:00+02:00", day.GetProperty("start").GetString());
        Assert.Equal("2025-10-27T00:00:00+01:00", day.GetProperty("end").GetString());
        Assert.Equal(JsonValueKind.Null, day.GetProperty("value").ValueKind);
        Assert.Equal(["reset"], day.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Export_Mistakes_AreExplained()
    {
        var site = WriteSite("""
            schema: energysom.site/1
            site: { id: plant }
            gateways:
              - name: gw
                host: 127.0.0.1
                meters:
                  - { id: main, unit: 1, profile: eastron-sdm630 }
            """);

        var unknown = await RunAsync("readings", "export", "--site", site, "--data", Data, "--meter", "mian", "--from", "2025-01-01", "--to", "2025-01-02");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("has no meter 'mian' (meters: main)", unknown.Stderr, StringComparison.Ordinal);

        var badDate = await RunAsync("readings", "export", "--site", site, "--data", Data, "--meter", "main", "--from", "1/1/2025", "--to", "2025-01-02");
        Assert.Equal(1, badDate.ExitCode);
        Assert.Contains("--from '1/1/2025' is not a date", badDate.Stderr, StringComparison.Ordinal);

        var noStore = await RunAsync("readings", "export", "--site", site, "--data", Data, "--meter", "main", "--from", "2025-01-01", "--to", "2025-01-02");
        Assert.Equal(1, noStore.ExitCode);
        Assert.Contains("no readings yet", noStore.Stderr, StringComparison.Ordinal);

        var badInterval = await RunAsync("readings", "export", "--site", site, "--meter", "main", "--from", "2025-01-01", "--to", "2025-01-02", "--interval", "5m");
        Assert.NotEqual(0, badInterval.ExitCode);
        Assert.Contains("5m", badInterval.Stderr, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ reliability

    /// <summary>
    /// SIGKILL in the middle of collecting, then a restart: the store ends with every reading the collector
    /// acknowledged, exactly once. "Acknowledged" is what the write-ahead buffer holds after the crash: every batch
    /// whose record is whole and flushed in a segment (a superset of the batches whose write had returned; a record
    /// torn by the kill was never acknowledged and is cut). Segments are large here, so none is reclaimed during the
    /// test and the folder holds every batch of both runs.
    /// </summary>
    [Fact]
    public async Task Collect_KilledMidStream_AndRestarted_StoresEveryAcknowledgedReadingExactlyOnce()
    {
        var site = StartMetersAndWriteSite();
        var first = StartCollect(site);
        await first.WaitForOutputAsync("energysom collect: ready");
        await WaitForStateAsync(s => s.ForwardedReadings >= 150 && s.PendingReadings + s.ForwardedReadings >= 200, "the first run has collected and forwarded for a while");

        first.Kill(); // SIGKILL, mid-stream: polling, appending and forwarding are all running
        var atKill = await AcknowledgedInWalAsync("wal-at-kill");
        Assert.True(atKill.Count >= 200, $"{atKill.Count} readings acknowledged before the kill");

        var second = StartCollect(site);
        await second.WaitForOutputAsync("energysom collect: ready");
        Assert.Matches(@"ready: .*\(\d+ readings pending from before\)", second.Output);
        await WaitForStateAsync(s => s.ForwardedReadings >= 150, "the restarted run forwards");
        Assert.Equal(0, await second.TerminateAsync());

        var acknowledged = await AcknowledgedInWalAsync("wal-at-end");
        var index = acknowledged.ToLookup(r => (r.Series, r.Time));
        Assert.All(atKill, r => Assert.Contains(r, index[(r.Series, r.Time)])); // nothing acknowledged before the kill went missing from the buffer
        Assert.All(index, g => Assert.Single(g.Select(r => r.Value).Distinct()));

        // Whatever the stop's one-second drain did not reach is forwarded by the next start; do that here.
        await using (var buffer = WriteAheadBuffer.Open(Wal, null, SystemClock.Instance, NullLogger.Instance))
        await using (var store = EmbeddedReadingStore.Open(Path.Combine(Data, "readings.ests")))
        {
            await new Forwarder(buffer, store, null, NullLogger.Instance).DrainAsync(CancellationToken.None);
        }

        await using var stored = EmbeddedReadingStore.OpenReadOnly(Path.Combine(Data, "readings.ests"));
        var seriesInStore = await stored.ListSeriesAsync(CancellationToken.None);
        Assert.Equal(acknowledged.Select(r => r.Series.ToString()).Distinct().Order(StringComparer.Ordinal), seriesInStore.Select(k => k.ToString()).Order(StringComparer.Ordinal));
        foreach (var series in acknowledged.GroupBy(r => r.Series))
        {
            var expected = series.DistinctBy(r => r.Time).OrderBy(r => r.Time).Select(r => (r.Time, r.Value)).ToList();
            var actual = (await stored.ReadAsync(series.Key, Instant.MinValue, Instant.MaxValue, CancellationToken.None)).Select(r => (r.Time, r.Value)).ToList();
            Assert.Equal(expected, actual); // every acknowledged reading, once, with its value; nothing else
        }
    }

    /// <summary>The collect command as a child process the test can SIGKILL or SIGTERM.</summary>
    private sealed class CollectProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private CollectProcess(Process process) => _process = process;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static CollectProcess Start(string site, string data)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "energysom.dll"), "collect", "--site", site, "--data", data, "--status-interval", "1" })
            {
                start.ArgumentList.Add(arg);
            }

            var process = new Process { StartInfo = start };
            var collect = new CollectProcess(process);
            process.OutputDataReceived += (_, e) => collect.Append(e.Data);
            process.ErrorDataReceived += (_, e) => collect.Append(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return collect;
        }

        public async Task WaitForOutputAsync(string marker)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!Output.Contains(marker, StringComparison.Ordinal))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"collect did not print '{marker}':\n{Output}");
                }

                await Task.Delay(20);
            }
        }

        public void Kill() => _process.Kill(entireProcessTree: true);

        /// <summary>Sends SIGTERM and returns the exit code.</summary>
        public async Task<int> TerminateAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return _process.ExitCode;
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // never started
            }

            _process.Dispose();
        }
    }
}
