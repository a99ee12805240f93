using BenchmarkDotNet.Running;

namespace EnergySom.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project tests/EnergySom.Benchmarks -- --filter '*'</c>.
/// Medians and the machine go to docs/benchmarks.md.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
