using BenchmarkDotNet.Attributes;
using EnergySom.Baseline.Data;
using EnergySom.Baseline.Models;

namespace EnergySom.Benchmarks.Baseline;

/// <summary>
/// A portfolio refit: 10,000 meter-years of CalTRACK daily fits on 2 cores, goal &lt; 2 s. One workspace per worker;
/// meters are independent, so the work splits without locks.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class CalTrackPortfolioBenchmarks
{
    private const int Meters = 10_000;
    private const int Distinct = 64;
    private readonly CalTrackSearchSettings _settings = CalTrackSearchSettings.Daily();
    private readonly CalTrackOptions _options = new();
    private (double[] T, double[] Y)[] _years = [];
    private DailyDesign[] _designs = [];

    [GlobalSetup]
    public void Setup()
    {
        _years = Enumerable.Range(0, Distinct).Select(CalTrackMeterYears.Daily).ToArray();
        _designs = Enumerable.Range(0, Distinct).Select(s =>
        {
            var (usage, temperature) = CalTrackMeterYears.Hourly(s);
            return DailyDesign.Build(usage, temperature);
        }).ToArray();
    }

    /// <summary>10,000 searches (selection of form and balance points) on 2 workers.</summary>
    [Benchmark]
    public double Searches()
    {
        var sum = 0.0;
        var gate = new object();
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, worker =>
        {
            var workspace = new CalTrackSearchWorkspace();
            var local = 0.0;
            for (var m = worker; m < Meters; m += 2)
            {
                var (t, y) = _years[m % Distinct];
                local += CalTrackDailySearch.Run(t, y, _settings, workspace).AdjustedRSquared;
            }

            lock (gate)
            {
                sum += local;
            }
        });
        return sum;
    }

    /// <summary>10,000 complete fits (search, QR refit, statistics, result record) on 2 workers.</summary>
    [Benchmark]
    public double Fits()
    {
        var sum = 0.0;
        var gate = new object();
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, worker =>
        {
            var workspace = new CalTrackSearchWorkspace();
            var local = 0.0;
            for (var m = worker; m < Meters; m += 2)
            {
                local += CalTrackDaily.Fit(_designs[m % Distinct], _options, null, null, workspace).Model.Intercept;
            }

            lock (gate)
            {
                sum += local;
            }
        });
        return sum;
    }
}
