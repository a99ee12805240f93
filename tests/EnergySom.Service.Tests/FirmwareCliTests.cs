using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using EnergySom.Testing;

namespace EnergySom.Service.Tests;

/// <summary>
/// <c>energysom simulate</c> and <c>energysom profiles</c> as a user runs them. The simulated meters are read
/// with mbpoll (Debian's libmodbus-based master) or with hand-built frames on a raw socket, never with our own
/// Modbus code.
/// </summary>
public sealed partial class FirmwareCliTests : IDisposable
{
    private readonly TempDirectory _dir = new("esom-fw-cli-");

    public void Dispose() => _dir.Dispose();

    private const string GoodProfile = """
        schema: energysom.profile/1
        id: lab-meter
        manufacturer: Lab
        model: L1
        source:
          datasheet: "Lab datasheet"
          firmware: "1"
          confidence: V
        defaults: { kind: holding, type: u32, order: CDAB }
        points:
          - { name: active_energy_import, address: 0, quantity: active_energy_import_total, unit: Wh }
          - { name: active_power, address: 2, type: f32, quantity: active_power, unit: kW }
        """;

    // ---------------------------------------------------------------- profiles

    [Fact]
    public async Task ProfilesList_ShowsEveryBundledMeterWithItsConfidence()
    {
        var result = await EnergysomCli.RunAsync("profiles", "list");

        Assert.Equal(0, result.ExitCode);
        foreach (var id in new[] { "eastron-sdm630", "schneider-pm5000", "acrel-adl400", "chint-dtsu666", "fx-gas-flow-totalizer" })
        {
            Assert.Contains(id, result.Stdout, StringComparison.Ordinal);
        }

        var pm5000 = result.Stdout.Split('\n').Single(l => l.StartsWith("schneider-pm5000", StringComparison.Ordinal));
        Assert.Matches(@"\s+S\s+29\s+holding$", pm5000.TrimEnd());
    }

    [Fact]
    public async Task ProfilesShow_PrintsTheRegisterTableAsTheDatasheetNumbersIt()
    {
        var result = await EnergysomCli.RunAsync("profiles", "show", "schneider-pm5000");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("one-based", result.Stdout, StringComparison.Ordinal);
        var power = result.Stdout.Split('\n').Single(l => l.StartsWith("active_power ", StringComparison.Ordinal));
        Assert.Matches(@"holding\s+3059 \(0x0BF3\)\s+3060\s+f32\s+ABCD\s+kW\s+active_power\s+fast", power);
        Assert.Contains("decode pf_4q", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("invalid -9.223372036854776E+18", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfilesShow_UnknownProfile_NamesTheKnownOnes()
    {
        var result = await EnergysomCli.RunAsync("profiles", "show", "sdm999");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("energysom: no profile 'sdm999' (known: acrel-adl400, chint-dtsu666, eastron-sdm630", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfilesCheck_GoodFile_SummarisesAndExitsZero()
    {
        var file = _dir.File("lab-meter.yaml");
        await File.WriteAllTextAsync(file, GoodProfile);

        var result = await EnergysomCli.RunAsync("profiles", "check", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{file}: ok: lab-meter (Lab L1), 2 points (1 counters), source confidence V", result.Stdout.Trim());
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData(", unit: Wh }", " }", 11, "points[0].unit: is required")]
    [InlineData("type: f32", "type: float", 12, "points[1].type: unknown data type 'float'")]
    [InlineData("address: 2, type", "address: 1, type", 12, "points[1].address: 'active_power' (holding 1..2) overlaps 'active_energy_import' (0..1) on line 11")]
    [InlineData("order: CDAB", "order: CBAD", 9, "defaults.order: unknown byte/word order 'CBAD'")]
    [InlineData("unit: kW", "unit: kWh", 12, "points[1].unit: unit 'kWh' measures active_energy, but quantity 'active_power' is active_power (kW)")]
    [InlineData("model: L1", "model: L1\nmodle: L2", 5, "modle: unknown key 'modle'")]
    public async Task ProfilesCheck_Mistake_PrintsFileLineFieldProblem_AndExitsOne(string find, string replace, int line, string message)
    {
        var file = _dir.File("bad.yaml");
        var text = GoodProfile.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(GoodProfile, text);
        await File.WriteAllTextAsync(file, text);

        var result = await EnergysomCli.RunAsync("profiles", "check", file);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"{file}:{line}: {message}", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task ProfilesCheck_SeveralFiles_ReportsEach_AndFailsIfAnyFails()
    {
        var good = _dir.File("good.yaml");
        var bad = _dir.File("bad.yaml");
        await File.WriteAllTextAsync(good, GoodProfile);
        await File.WriteAllTextAsync(bad, GoodProfile.Replace("confidence: V", "confidence: X", StringComparison.Ordinal));

        var result = await EnergysomCli.RunAsync("profiles", "check", good, bad, _dir.File("missing.yaml"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"{good}: ok:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{bad}:8: source.confidence: expected V, S or R, found 'X'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{_dir.File("missing.yaml")}: (file): cannot read", result.Stderr, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- simulate

    [Fact]
    public async Task Simulate_TwoUnits_AnswerMbpollAtTheDatasheetAddresses()
    {
        await using var sim = await Simulation.StartAsync("--profile", "eastron-sdm630", "--port", "0", "--unit", "1", "--unit", "7", "--frozen", "--counter-start", "5000");

        Assert.Equal(2, sim.UnitLines.Count);
        Assert.StartsWith("unit 1: eastron-sdm630 (Eastron SDM630-Modbus (V2)) at 127.0.0.1:", sim.UnitLines[0], StringComparison.Ordinal);
        Assert.Contains("input 0..87; active_energy_import 5000 kWh", sim.UnitLines[0], StringComparison.Ordinal);
        Assert.StartsWith("unit 7: ", sim.UnitLines[1], StringComparison.Ordinal);

        // 30073 (address 0x48): import energy, float32 ABCD — mbpoll needs -B for ABCD.
        var energy = await MbpollAsync("-m", "tcp", "-p", sim.Port, "-a", "1,7", "-0", "-r", "72", "-c", "1", "-t", "3:float", "-B", "-1", "127.0.0.1");
        Assert.Equal(["5000", "5000"], energy.Values.Select(v => v.Value));

        // Voltages 30001..30005, and the frozen clock gives the same values twice.
        var first = await MbpollAsync("-m", "tcp", "-p", sim.Port, "-a", "7", "-0", "-r", "0", "-c", "3", "-t", "3:float", "-B", "-1", "127.0.0.1");
        var second = await MbpollAsync("-m", "tcp", "-p", sim.Port, "-a", "7", "-0", "-r", "0", "-c", "3", "-t", "3:float", "-B", "-1", "127.0.0.1");
        Assert.Equal(["230", "230", "230"], first.Values.Select(v => v.Value));
        Assert.Equal(first.Values, second.Values);
    }

    [Fact]
    public async Task Simulate_UnitNotServed_GetsTheGatewayException()
    {
        await using var sim = await Simulation.StartAsync("--profile", "eastron-sdm630", "--port", "0");

        var raw = await ExchangeAsync(int.Parse(sim.Port, CultureInfo.InvariantCulture), [0x00, 0x07, 0x00, 0x00, 0x00, 0x06, 0x02, 0x04, 0x00, 0x00, 0x00, 0x02]);

        Assert.Equal(new byte[] { 0x00, 0x07, 0x00, 0x00, 0x00, 0x03, 0x02, 0x84, 0x0B }, raw);
    }

    [Fact]
    public async Task Simulate_ProfileFile_ServesItsWordSwappedRegisters()
    {
        var file = _dir.File("lab-meter.yaml");
        await File.WriteAllTextAsync(file, GoodProfile);
        await using var sim = await Simulation.StartAsync("--profile", file, "--port", "0", "--frozen", "--counter-start", "12345.678");

        // u32 CDAB: mbpoll's default word order, so no -B.
        var energy = await MbpollAsync("-m", "tcp", "-p", sim.Port, "-a", "1", "-0", "-r", "0", "-c", "1", "-t", "4:int", "-1", "127.0.0.1");

        Assert.Equal("12345678", Assert.Single(energy.Values).Value);
    }

    [Fact]
    public async Task Simulate_GasCorrector_ServesBcdTotalsAndFloats()
    {
        await using var sim = await Simulation.StartAsync("--profile", "fx-gas-flow-totalizer", "--port", "0", "--frozen", "--counter-start", "1000");

        // volume_std at 0x0012: 12-digit BCD, four decimals, in Sm³ (20 °C): 1000 Nm³ = 1000 × 293.15 / 273.15 = 1073.2198 Sm³.
        var bcd = await MbpollAsync("-m", "tcp", "-p", sim.Port, "-a", "1", "-0", "-r", "18", "-c", "3", "-t", "4:hex", "-1", "127.0.0.1");
        var digits = string.Concat(bcd.Values.Select(v => v.Value[2..]));
        Assert.Equal("000010732198", digits);

        var pressure = await MbpollAsync("-m", "tcp", "-p", sim.Port, "-a", "1", "-0", "-r", "28", "-c", "1", "-t", "4:float", "-B", "-1", "127.0.0.1");
        Assert.Equal(201.3, double.Parse(Assert.Single(pressure.Values).Value, CultureInfo.InvariantCulture), 3);
    }

    [Fact]
    public async Task Simulate_FaultCommandsOnStandardInput_ChangeWhatTheMeterAnswers()
    {
        await using var sim = await Simulation.StartAsync("--profile", "acrel-adl400", "--port", "0", "--frozen", "--counter-start", "100");
        var port = int.Parse(sim.Port, CultureInfo.InvariantCulture);
        byte[] readEnergy = [0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x08, 0x4C, 0x00, 0x02];

        // 100 kWh in 0.1 kWh counts = 1000 = 0x000003E8.
        Assert.Equal(new byte[] { 0x03, 0x04, 0x00, 0x00, 0x03, 0xE8 }, (await ExchangeAsync(port, readEnergy))![7..]);

        Assert.Equal("OK unit 1: integer counters 3 below their wrap at the next request", await sim.CommandAsync("rollover 1 3"));
        Assert.Equal(new byte[] { 0x03, 0x04, 0xFF, 0xFF, 0xFF, 0xE2 }, (await ExchangeAsync(port, readEnergy))![7..]); // 2^32 − 30

        Assert.Equal("OK unit 1: every read answered with exception 0x04", await sim.CommandAsync("exception 1 4"));
        Assert.Equal(new byte[] { 0x83, 0x04 }, (await ExchangeAsync(port, readEnergy))![7..]);

        Assert.StartsWith("ERROR unknown command 'explode'", await sim.CommandAsync("explode 1"), StringComparison.Ordinal);
        Assert.Equal("OK unit 1: faults cleared", await sim.CommandAsync("clear 1"));
        Assert.Equal("OK unit 1: meter replaced (counters from 0.5, serial old + 1) at the next request", await sim.CommandAsync("replace 1 0.5"));
        Assert.Equal(new byte[] { 0x03, 0x04, 0x00, 0x00, 0x00, 0x05 }, (await ExchangeAsync(port, readEnergy))![7..]);
    }

    [Fact]
    public async Task Simulate_RtuOverTcp_AnswersCrcFramedRequests()
    {
        await using var sim = await Simulation.StartAsync("--profile", "chint-dtsu666", "--port", "0", "--framing", "rtu-over-tcp", "--frozen");
        Assert.Contains("rtu-over-tcp", sim.UnitLines[0], StringComparison.Ordinal);

        // Unit 1, read holding 0x0007 (UrAt), 1 register; CRC-16/MODBUS 0xCB35, low byte first.
        var reply = await ExchangeAsync(int.Parse(sim.Port, CultureInfo.InvariantCulture), [0x01, 0x03, 0x00, 0x07, 0x00, 0x01, 0x35, 0xCB]);

        Assert.NotNull(reply);
        Assert.Equal(new byte[] { 0x01, 0x03, 0x02, 0x00, 0x0A }, reply[..5]); // UrAt 10 = ratio 1.0
        Assert.Equal(7, reply.Length);
    }

    [Fact]
    public async Task Simulate_PortInUse_OneClearError()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var result = await EnergysomCli.RunAsync("simulate", "--profile", "eastron-sdm630", "--port", port);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"energysom: cannot serve virtual meters on 127.0.0.1:{port}: the port is already in use; choose another with --port, or 0 for any free port", result.Stderr.Trim());
        Assert.DoesNotContain("READY", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--unit", "0", "--unit 0: a unit id is 1..247")]
    [InlineData("--speed", "0.5", "--speed 0.5: must be from 1 to 1000000")]
    [InlineData("--framing", "udp", "--framing udp: expected tcp or rtu-over-tcp")]
    [InlineData("--profile", "nosuch-meter", "no profile 'nosuch-meter'")]
    public async Task Simulate_BadOption_OneClearError(string option, string value, string message)
    {
        string[] args = option == "--profile"
            ? ["simulate", "--port", "0", option, value]
            : ["simulate", "--profile", "eastron-sdm630", "--port", "0", option, value];

        var result = await EnergysomCli.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("energysom: " + message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_Sigterm_StopsCleanly()
    {
        var sim = await Simulation.StartAsync("--profile", "eastron-sdm630", "--port", "0");

        var (exitCode, stderr) = await sim.TerminateAsync();

        // 0 after a graceful stop; 143 (128 + SIGTERM) when System.CommandLine's two-second grace period ran out
        // first, which happens only on a machine loaded far beyond its cores.
        Assert.True(exitCode is 0 or 143, $"exit code {exitCode}: {stderr}");
        if (exitCode == 0)
        {
            Assert.Contains("energysom: stopped;", stderr, StringComparison.Ordinal);
        }

        await sim.DisposeAsync();
    }

    // ---------------------------------------------------------------- helpers

    private static async Task<byte[]?> ExchangeAsync(int port, byte[] request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync(request);
        var buffer = new byte[300];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return buffer[..n];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private sealed record MbpollResult(string Output, IReadOnlyList<(int Address, string Value)> Values);

    private static async Task<MbpollResult> MbpollAsync(params string[] arguments)
    {
        var executable = PeerProcess.Which("mbpoll") ?? throw new InvalidOperationException("'mbpoll' is not installed: run ./test.sh");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var output = await stdout + await stderr;
        var values = MbpollValue().Matches(output)
            .Select(m => (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value)).ToList();
        return new MbpollResult(output, values);
    }

    [GeneratedRegex(@"^\[(\d+)\]:\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex MbpollValue();

    /// <summary>A running <c>energysom simulate</c> with its standard input open for fault commands.</summary>
    private sealed class Simulation : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stdout = new();
        private readonly StringBuilder _stderr = new();
        private readonly Lock _gate = new();

        private Simulation(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
            process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Port { get; private set; } = "";

        public List<string> UnitLines { get; } = [];

        public static async Task<Simulation> StartAsync(params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "energysom.dll"));
            start.ArgumentList.Add("simulate");
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var simulation = new Simulation(Process.Start(start)!);
            var ready = await simulation.WaitForLineAsync(l => l.StartsWith("READY ", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            simulation.Port = ready["READY ".Length..];
            simulation.UnitLines.AddRange(simulation.Lines(_ => true).Where(l => l.StartsWith("unit ", StringComparison.Ordinal)));
            return simulation;
        }

        /// <summary>Writes a fault command and returns the acknowledgement line.</summary>
        public async Task<string> CommandAsync(string line)
        {
            var before = Lines(IsAck).Count;
            await _process.StandardInput.WriteLineAsync(line);
            await _process.StandardInput.FlushAsync();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Lines(IsAck).Count == before)
            {
                Assert.True(DateTime.UtcNow < deadline, $"no acknowledgement of '{line}':\n{Output}");
                await Task.Delay(20);
            }

            return Lines(IsAck)[before];

            static bool IsAck(string l) => l.StartsWith("OK ", StringComparison.Ordinal) || l.StartsWith("ERROR ", StringComparison.Ordinal);
        }

        /// <summary>SIGTERM, as a service manager stops it; waits for the exit.</summary>
        public async Task<(int ExitCode, string Stderr)> TerminateAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            _process.WaitForExit(); // drain the asynchronous output readers
            lock (_gate)
            {
                return (_process.ExitCode, _stderr.ToString());
            }
        }

        private string Output
        {
            get
            {
                lock (_gate)
                {
                    return _stdout + _stderr.ToString();
                }
            }
        }

        private List<string> Lines(Func<string, bool> filter)
        {
            lock (_gate)
            {
                return [.. _stdout.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(filter)];
            }
        }

        private async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                if (Lines(match) is [var line, ..])
                {
                    return line;
                }

                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"energysom simulate exited with {_process.ExitCode}:\n{Output}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"energysom simulate printed no READY line:\n{Output}");
                }

                await Task.Delay(20);
            }
        }

        private void Append(StringBuilder target, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                target.AppendLine(line);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
