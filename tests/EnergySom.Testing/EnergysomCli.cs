using System.Diagnostics;

namespace EnergySom.Testing;

/// <summary>Runs the <c>energysom</c> executable as a user would (the test project must reference Service).</summary>
public static class EnergysomCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "energysom.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} not found: the test project must reference Service/EnergySom.Service");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromMinutes(2));
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> RunAsync(params string[] args) => RunAsync((IEnumerable<string>)args);
}
