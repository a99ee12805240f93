using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using EnergySom.Testing;

namespace EnergySom.Firmware.Tests.Peers;

/// <summary>
/// Runs Debian's <c>mbpoll</c> (libmodbus-based reference master) once and parses the values it prints,
/// <c>[address]: value</c> per line. Flags as in shared/peers/README.md: <c>-0</c> zero-based addresses,
/// <c>-c</c> counts values (not registers), <c>-B</c> for ABCD 32-bit values (its default is CDAB).
/// </summary>
internal static partial class Mbpoll
{
    public sealed record Result(int ExitCode, string Output, IReadOnlyList<(int Address, string Value)> Values);

    public static async Task<Result> RunAsync(params string[] arguments)
    {
        var executable = PeerProcess.Which("mbpoll") ?? throw new InvalidOperationException(
            "'mbpoll' is not installed: run ./test.sh, which installs the Debian packages the tests need");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"mbpoll {string.Join(' ', arguments)} did not finish");
            }
        }

        var output = await stdout + await stderr;
        var values = ValueLine().Matches(output)
            .Select(m => (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value))
            .ToList();
        return new Result(process.ExitCode, output, values);
    }

    /// <summary>Reads over Modbus TCP from loopback.</summary>
    public static Task<Result> ReadTcpAsync(int port, byte unit, int address, int count, string type, bool bigEndian) =>
        RunAsync([
            "-m", "tcp", "-p", port.ToString(CultureInfo.InvariantCulture), "-a", unit.ToString(CultureInfo.InvariantCulture),
            "-0", "-r", address.ToString(CultureInfo.InvariantCulture), "-c", count.ToString(CultureInfo.InvariantCulture),
            "-t", type, .. bigEndian ? new[] { "-B" } : [], "-1",
            "-o", "5", // reply timeout in seconds: mbpoll's 1 s default is too short for a busy test machine
            "127.0.0.1",
        ]);

    public static double Number(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? Convert.ToUInt16(text[2..], 16)
            : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\[(\d+)\]:\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex ValueLine();
}
