using System.Diagnostics;
using System.Text;

namespace EnergySom.Testing;

/// <summary>
/// A real third-party server (InfluxDB, PostgreSQL, a Modbus peer …) started by a test: its output is kept for
/// diagnostics, and it is stopped (SIGTERM, then SIGKILL) when disposed.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private PeerProcess(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    public string Description { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="executable"/>; fails with a clear message if it is not installed.</summary>
    public static PeerProcess Start(string executable, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var resolved = Which(executable) ?? throw new InvalidOperationException(
            $"'{executable}' is not installed: run ./test.sh, which installs the Debian packages the tests need");
        var start = new ProcessStartInfo(resolved)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var peer = new PeerProcess(process, $"{executable} {string.Join(' ', start.ArgumentList)}");
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    /// <summary>Waits until a line of output contains <paramref name="marker"/>.</summary>
    public async Task WaitForOutputAsync(string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(marker, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Description} exited with {_process.ExitCode} before printing '{marker}':\n{Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Description} did not print '{marker}' within {timeout.TotalSeconds:0} s:\n{Output}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Full path of an executable on PATH, or null.</summary>
    public static string? Which(string executable)
    {
        if (Path.IsPathRooted(executable))
        {
            return File.Exists(executable) ? executable : null;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Concat(["/usr/sbin", "/sbin", "/usr/lib/postgresql/15/bin"]))
        {
            var candidate = Path.Combine(directory, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                // SIGTERM first so servers shut down cleanly; SIGKILL if they do not within 10 s.
                using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    await term.WaitForExitAsync();
                }

                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }

        _process.Dispose();
    }
}
