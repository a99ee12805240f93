using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EnergySom.Benchmarks.Metering;

/// <summary>
/// Starts the real Modbus peers of the test suite (tests/EnergySom.Metering.Tests/Peers/Modbus: pymodbus and
/// the libmodbus server) for benchmarks, on free loopback ports, and stops them. Benchmarks run from a
/// checkout, so the scripts are taken from there.
/// </summary>
internal sealed class ModbusPeerServers : IDisposable
{
    private readonly List<Process> _processes = [];
    private readonly string _build = Directory.CreateTempSubdirectory("energysom-bench-peers-").FullName;

    public static string PeerFolder { get; } = Path.Combine(RepositoryRoot(), "tests", "EnergySom.Metering.Tests", "Peers", "Modbus");

    /// <summary>pymodbus 3.0, Modbus TCP, static values; unit 1 is an SDM630-like power meter.</summary>
    public int StartPymodbus()
    {
        var port = FreePort();
        Start("/usr/bin/python3", [Path.Combine(PeerFolder, "modbus-meter-server.py"), "--port", $"{port}", "--static", "--units", "1", "--gas-units", ""]);
        return port;
    }

    /// <summary>The libmodbus 3.1.6 server, built with gcc; input registers 1000..1199.</summary>
    public int StartLibmodbus()
    {
        var binary = Path.Combine(_build, "modbus-c-server");
        var flags = Run("pkg-config", "--cflags --libs libmodbus");
        Run("gcc", $"-O2 -o {binary} {Path.Combine(PeerFolder, "modbus-c-server.c")} {flags}");
        var port = FreePort();
        Start(binary, [$"{port}"]);
        return port;
    }

    private void Start(string executable, string[] arguments)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {executable}");
        _processes.Add(process);
        _ = process.StandardError.ReadToEndAsync();
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(30)) || ready.Result?.StartsWith("READY", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"{executable} did not start: {ready.Result}");
        }

        _ = process.StandardOutput.ReadToEndAsync();
    }

    private static string Run(string executable, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"{executable} {arguments}: {error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EnergySom.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmarks from a checkout of the repository (EnergySom.sln not found above " + AppContext.BaseDirectory + ")");
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }

            process.Dispose();
        }

        Directory.Delete(_build, recursive: true);
    }
}
