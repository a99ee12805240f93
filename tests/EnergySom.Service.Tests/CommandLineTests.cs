using System.Net;
using System.Net.Sockets;
using EnergySom.Testing;

namespace EnergySom.Service.Tests;

/// <summary>The <c>energysom</c> executable as a user runs it: bad input gets one clear message and a non-zero exit.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("esom-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var result = await EnergysomCli.RunAsync(args);
        return (result.ExitCode, result.Stdout, result.Stderr);
    }

    [Fact]
    public async Task UnknownCommand_FailsWithAMessage()
    {
        var (code, _, stderr) = await RunAsync("frobnicate");
        Assert.NotEqual(0, code);
        Assert.Contains("frobnicate", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_FailsWithAMessage()
    {
        var (code, _, stderr) = await RunAsync("demo", "--colour", "red");
        Assert.NotEqual(0, code);
        Assert.Contains("--colour", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnwritableOutputFolder_FailsCleanly_WritingNothing()
    {
        var file = Path.Combine(_dir.FullName, "a-file");
        await File.WriteAllTextAsync(file, "keep");

        var (code, stdout, stderr) = await RunAsync("demo", "--out", Path.Combine(file, "out"));

        Assert.Equal(1, code);
        Assert.StartsWith("energysom: cannot write to the output folder", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Equal("", stdout);
        Assert.Equal("keep", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task PortInUse_FailsCleanly_WritingNothing()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var output = Path.Combine(_dir.FullName, "out");

        var (code, _, stderr) = await RunAsync("demo", "--out", output, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, code);
        Assert.Contains($"127.0.0.1:{port}", stderr, StringComparison.Ordinal);
        Assert.Contains("already in use", stderr, StringComparison.Ordinal);
        Assert.True(!Directory.Exists(output) || Directory.GetFileSystemEntries(output).Length == 0);
    }

    [Fact]
    public async Task InvalidOptionValue_FailsWithAMessage()
    {
        var (code, _, stderr) = await RunAsync("demo", "--live-seconds", "-3", "--out", Path.Combine(_dir.FullName, "x"));
        Assert.Equal(1, code);
        Assert.Contains("--live-seconds", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheDemo()
    {
        var (code, stdout, _) = await RunAsync("--help");
        Assert.Equal(0, code);
        Assert.Contains("demo", stdout, StringComparison.Ordinal);
    }
}
