using BenchmarkDotNet.Attributes;
using EnergySom.Baseline.Data;
using EnergySom.Baseline.Models;
using NodaTime;

namespace EnergySom.Benchmarks.Baseline;

/// <summary>
/// CalTRACK 2.0 daily on one meter-year (365 days): the full balance-point search (1 + 61 + 61 + 1,891 candidates),
/// goal ≤ 50 µs, with the naive reference (design + Householder QR per candidate) beside it. Allocation per call is
/// reported: the search with a reused workspace allocates nothing, whatever the number of candidates.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class CalTrackDailyBenchmarks
{
    private readonly CalTrackSearchSettings _settings = CalTrackSearchSettings.Daily();
    private readonly CalTrackSearchWorkspace _workspace = new();
    private readonly CalTrackOptions _options = new();
    private double[] _t = [];
    private double[] _y = [];
    private double[] _hdd = [];
    private double[] _cdd = [];
    private DailyDesign _design = null!;
    private UsageSeries _usage = null!;
    private HourlyTemperature _temperature = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_t, _y) = CalTrackMeterYears.Daily(2016);
        (_usage, _temperature) = CalTrackMeterYears.Hourly(2016);
        _design = DailyDesign.Build(_usage, _temperature);
        var n = _t.Length;
        _hdd = new double[n * 61];
        _cdd = new double[n * 61];
        for (var j = 0; j < 61; j++)
        {
            for (var i = 0; i < n; i++)
            {
                _hdd[(j * n) + i] = Math.Max(30 + j - _t[i], 0);
                _cdd[(j * n) + i] = Math.Max(_t[i] - 30 - j, 0);
            }
        }

        // The naive reference must reach the same answer, or the comparison means nothing.
        var fast = Search();
        var naive = NaiveCalTrackDaily.Fit(_t, _y);
        if (fast.ModelType != naive.Type || !fast.HeatingBalancePoint.Equals(naive.Hbp) || !fast.CoolingBalancePoint.Equals(naive.Cbp)
            || Math.Abs(fast.AdjustedRSquared - naive.AdjustedRSquared) > 1e-10)
        {
            throw new InvalidOperationException($"naive reference disagrees: {naive} vs {fast}");
        }
    }

    /// <summary>The search alone: sorted prefix sums, O(1) per candidate.</summary>
    [Benchmark(Baseline = true)]
    public CalTrackSelection Search() => CalTrackDailySearch.Run(_t, _y, _settings, _workspace);

    /// <summary>The whole fit of a prepared design: search, final QR fit, inference, statistics in both conventions,
    /// the versioned result record.</summary>
    [Benchmark]
    public CalTrackFit FitDesign() => CalTrackDaily.Fit(_design, _options, null, null, _workspace);

    /// <summary>From 8,760 hourly temperatures and 365 daily readings: design, sufficiency, fit.</summary>
    [Benchmark]
    public CalTrackFit FitFromHourly() => CalTrackDaily.Fit(_usage, _temperature, new Interval(_usage.Starts[0], _usage.Starts[^1]), _options);

    /// <summary>Same candidates from precomputed degree-day tables: O(n) per candidate (the billing kernel).</summary>
    [Benchmark]
    public CalTrackSelection TableSearch() => CalTrackTableSearch.Run(_y, default, _hdd, _cdd, _settings, _workspace);

    /// <summary>Naive reference: a design matrix and a Householder QR per candidate.</summary>
    [Benchmark]
    public object NaiveQrPerCandidate() => NaiveCalTrackDaily.Fit(_t, _y);
}
