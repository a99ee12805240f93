using System.Diagnostics;
using EnergySom.Testing;

namespace EnergySom.Metering.Tests.Peers.Modbus;

/// <summary>The collection every test that talks to the real Modbus peers joins, so they start once per run.</summary>
[CollectionDefinition(Name)]
public sealed class ModbusPeersCollection : ICollectionFixture<ModbusPeers>
{
    public const string Name = "Modbus peers";
}

/// <summary>
/// Starts the real Modbus peers (see README.md beside this file) on free loopback ports and stops them at the
/// end: pymodbus over Modbus TCP and over RTU-over-TCP, and the libmodbus server, once answering every unit id
/// and once only unit 1.
/// </summary>
public sealed class ModbusPeers : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly List<PeerProcess> _processes = [];
    private TempDirectory? _build;

    /// <summary>pymodbus, Modbus TCP, <c>--static</c>: power meters at units 1 and 2, a gas meter at unit 3; other units get 0x0B.</summary>
    public int PymodbusTcpPort { get; private set; }

    /// <summary>pymodbus, RTU over TCP, <c>--static --unknown-unit silent</c>: the same meters; unknown units get no reply, as on a real bus.</summary>
    public int PymodbusRtuPort { get; private set; }

    /// <summary>libmodbus, answering every unit id.</summary>
    public int LibmodbusPort { get; private set; }

    /// <summary>libmodbus answering only unit 1 (others get exception 0x0B).</summary>
    public int LibmodbusUnit1Port { get; private set; }

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Peers", "Modbus");

    public async Task InitializeAsync()
    {
        _build = new TempDirectory("energysom-modbus-peers-");
        var server = await BuildLibmodbusServerAsync(_build.Path);
        var script = Path.Combine(Folder, "modbus-meter-server.py");
        await Task.WhenAll(
            StartAsync(port => PeerProcess.Start("/usr/bin/python3", [script, "--port", port, "--static", "--units", "1,2", "--gas-units", "3"]), p => PymodbusTcpPort = p),
            StartAsync(port => PeerProcess.Start("/usr/bin/python3", [script, "--port", port, "--static", "--units", "1,2", "--gas-units", "3", "--framer", "rtu", "--unknown-unit", "silent"]), p => PymodbusRtuPort = p),
            StartAsync(port => PeerProcess.Start(server, [port]), p => LibmodbusPort = p),
            StartAsync(port => PeerProcess.Start(server, [port, "1"]), p => LibmodbusUnit1Port = p));
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _build?.Dispose();
    }

    /// <summary>Starts a peer on a free port, retrying on another port if the one picked was taken meanwhile.</summary>
    private async Task StartAsync(Func<string, PeerProcess> start, Action<int> started)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Get();
            var process = start(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            lock (_processes)
            {
                _processes.Add(process);
            }

            try
            {
                await process.WaitForOutputAsync("READY", StartTimeout);
                started(port);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && process.HasExited)
            {
                // Most likely the port was taken between FreePort.Get and the bind: try another.
            }
        }
    }

    private static async Task<string> BuildLibmodbusServerAsync(string folder)
    {
        var flags = (await RunAsync("pkg-config", "--cflags --libs libmodbus")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var output = Path.Combine(folder, "modbus-c-server");
        await RunAsync("gcc", string.Join(' ', ["-O2", "-Wall", "-o", output, Path.Combine(Folder, "modbus-c-server.c"), .. flags]));
        return output;
    }

    private static async Task<string> RunAsync(string executable, string arguments)
    {
        var path = PeerProcess.Which(executable) ?? throw new InvalidOperationException(
            $"'{executable}' is not installed: run ./test.sh, which installs gcc, pkg-config and libmodbus-dev");
        using var process = Process.Start(new ProcessStartInfo(path, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} {arguments} failed ({process.ExitCode}): {await stderr}");
        }

        return (await stdout).Trim();
    }
}
