using BenchmarkDotNet.Attributes;
using EnergySom.Baseline.LeastSquares;
using EnergySom.Baseline.Models;

namespace EnergySom.Benchmarks.Baseline;

/// <summary>
/// Guideline 14 change-point models on a meter-year of daily data (365 days, temperatures to 0.1 °C): the exhaustive
/// search of every form (5P: every ordered pair of distinct temperatures) with prefix sums, against the naive
/// reference that refits each candidate by Householder QR.
/// </summary>
[MemoryDiagnoser]
public class ChangePointBenchmarks
{
    private double[] _temperature = [];
    private double[] _energy = [];
    private readonly ChangePointSettings _fiveOnly = new() { Forms = [ChangePointForm.FiveParameter] };

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _temperature = new double[365];
        _energy = new double[365];
        for (var d = 0; d < 365; d++)
        {
            var t = Math.Round(13 - (14 * Math.Cos(2 * Math.PI * d / 365.0)) + (8 * (random.NextDouble() - 0.5)), 1);
            _temperature[d] = t;
            _energy[d] = 600 - (30 * Math.Min(t - 10, 0)) + (50 * Math.Max(t - 20, 0)) + (30 * (random.NextDouble() - 0.5));
        }
    }

    /// <summary>All forms (2P, 3PH, 3PC, 4P, 5P), qualification and selection.</summary>
    [Benchmark(Baseline = true)]
    public ChangePointFit AllForms_OneMeterYearDaily() => ChangePointModel.Fit(_temperature, _energy);

    /// <summary>The 5P pair search alone (the O(m²) part) plus its final QR.</summary>
    [Benchmark]
    public ChangePointFit FiveParameterOnly_OneMeterYearDaily() => ChangePointModel.Fit(_temperature, _energy, default, _fiveOnly);

    /// <summary>Naive reference: the 3PH, 3PC, 4P and 5P candidates each refitted by Householder QR.</summary>
    [Benchmark]
    public double NaiveQrPerCandidate_OneMeterYearDaily()
    {
        var values = _temperature.Distinct().Order().ToArray();
        var n = _temperature.Length;
        var x = new double[n * 3];
        var beta = new double[3];
        var workspace = new double[(n * 3) + n];
        var best = double.PositiveInfinity;
        var minimum = (int)Math.Ceiling(0.05 * n);
        foreach (var form in new[] { 0, 1, 2, 3 })
        {
            for (var a = 0; a < values.Length; a++)
            {
                for (var b = form == 3 ? a + 1 : a; b < (form == 3 ? values.Length : a + 1); b++)
                {
                    var left = 0;
                    var right = 0;
                    for (var i = 0; i < n; i++)
                    {
                        left += _temperature[i] <= values[a] ? 1 : 0;
                        right += _temperature[i] > values[b] ? 1 : 0;
                    }

                    if (left < minimum || right < minimum)
                    {
                        continue;
                    }

                    var p = form >= 2 ? 3 : 2;
                    for (var i = 0; i < n; i++)
                    {
                        x[i] = 1;
                        x[n + i] = form == 1 ? Math.Max(_temperature[i] - values[a], 0) : Math.Min(_temperature[i] - values[a], 0);
                        if (p == 3)
                        {
                            x[(2 * n) + i] = Math.Max(_temperature[i] - values[b], 0);
                        }
                    }

                    HouseholderQr.Solve(x, n, p, _energy, default, beta, workspace);
                    var sse = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        var e = _energy[i] - beta[0] - (beta[1] * x[n + i]) - (p == 3 ? beta[2] * x[(2 * n) + i] : 0);
                        sse += e * e;
                    }

                    best = Math.Min(best, sse);
                }
            }
        }

        return best;
    }
}
