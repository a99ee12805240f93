using BenchmarkDotNet.Attributes;
using EnergySom.Baseline.LeastSquares;
using EnergySom.Baseline.Models;
using NodaTime;

namespace EnergySom.Benchmarks.Baseline;

/// <summary>
/// CalTRACK hourly TOWT on one meter-year (8,760 h, all 12 month segments), against the naive reference: the same
/// segment designs (168 time-of-week dummies + temperature bins, ≈ 2,200 rows × ≈ 180 columns) solved by dense
/// weighted Householder QR.
/// </summary>
[MemoryDiagnoser]
public class TowtBenchmarks
{
    private Instant[] _hours = [];
    private double[] _energy = [];
    private double[] _temperature = [];
    private HourlyTowtFit _fit = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var start = Instant.FromUtc(2019, 1, 1, 0, 0);
        _hours = new Instant[8760];
        _energy = new double[8760];
        _temperature = new double[8760];
        for (var i = 0; i < 8760; i++)
        {
            _hours[i] = start + Duration.FromHours(i);
            var t = 52 - (25 * Math.Cos(2 * Math.PI * i / 8766.0)) + (8 * Math.Sin(2 * Math.PI * ((i % 24) - 9) / 24)) + (6 * (random.NextDouble() - 0.5));
            var how = HourlyTowtCalendar.HourOfWeek(_hours[i]);
            var occupied = how / 24 < 5 && how % 24 is >= 8 and < 18;
            _temperature[i] = t;
            _energy[i] = (occupied ? 5 : 2) + ((occupied ? 0.10 : 0.04) * Math.Max(55 - t, 0)) + ((occupied ? 0.15 : 0.05) * Math.Max(t - 70, 0)) + random.NextDouble();
        }

        _fit = HourlyTowtModel.Fit(_hours, _energy, _temperature);
    }

    /// <summary>The whole fit: calendar features, occupancy, bins and the 12 segment solves.</summary>
    [Benchmark(Baseline = true)]
    public HourlyTowtFit Towt_OneMeterYear_12Segments() => HourlyTowtModel.Fit(_hours, _energy, _temperature);

    /// <summary>Only the 12 dense WLS solves of the same designs (occupancy and bins taken from the fit, not timed).</summary>
    [Benchmark]
    public double NaiveDenseQr_12Segments()
    {
        var check = 0.0;
        foreach (var segment in _fit.Segments)
        {
            check += DenseSegment(segment);
        }

        return check;
    }

    private double DenseSegment(HourlyTowtSegment segment)
    {
        var centre = segment.CentreMonth;
        var rows = new List<int>();
        var weights = new List<double>();
        for (var i = 0; i < _hours.Length; i++)
        {
            var m = HourlyTowtCalendar.Month(_hours[i]);
            var distance = Math.Min((m - centre + 12) % 12, (centre - m + 12) % 12);
            if (distance <= 1)
            {
                rows.Add(i);
                weights.Add(distance == 0 ? 1 : 0.5);
            }
        }

        var occupiedEndpoints = segment.OccupiedBinEndpoints.ToArray();
        var unoccupiedEndpoints = segment.UnoccupiedBinEndpoints.ToArray();
        int kOccupied = occupiedEndpoints.Length + 1, kUnoccupied = unoccupiedEndpoints.Length + 1;
        int n = rows.Count, p = 168 + kOccupied + kUnoccupied;
        var x = new double[n * p];
        var y = new double[n];
        Span<double> features = stackalloc double[8];
        for (var r = 0; r < n; r++)
        {
            var i = rows[r];
            var how = HourlyTowtCalendar.HourOfWeek(_hours[i]);
            y[r] = _energy[i];
            x[(how * n) + r] = 1;
            var occupied = segment.Occupied[how];
            var endpoints = occupied ? occupiedEndpoints : unoccupiedEndpoints;
            TimeOfWeekTemperatureFeatures.Compute(endpoints, _temperature[i], features);
            var offset = 168 + (occupied ? 0 : kOccupied);
            for (var j = 0; j <= endpoints.Length; j++)
            {
                x[((offset + j) * n) + r] = features[j];
            }
        }

        var beta = new double[p];
        HouseholderQr.Solve(x, n, p, y, weights.ToArray(), beta, new double[(n * p) + n]);
        return beta[0];
    }
}
