using BenchmarkDotNet.Attributes;
using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Benchmarks.Storage;

/// <summary>
/// Quality kernels at realistic size: a meter-year of one-minute counter readings (525,600) turned into 15-minute
/// energy (35,040 intervals) with rollover/reset checks, flags and raw links, beside a naive reference that
/// interpolates each boundary with binary searches.
/// </summary>
[MemoryDiagnoser]
public class CounterIntervalBenchmarks
{
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private Reading[] _readings = [];
    private Instant _from;
    private Instant _to;

    [GlobalSetup]
    public void Setup()
    {
        _from = new LocalDate(2025, 1, 1).AtStartOfDayInZone(Zone).ToInstant();
        _to = _from.Plus(Duration.FromDays(365));
        var key = new SeriesKey("m", "active_energy_import");
        var kwh = 12_000.0;
        _readings = new Reading[525_600 + 2];
        for (var i = 0; i < _readings.Length; i++)
        {
            _readings[i] = new Reading(key, _from.Plus(Duration.FromMinutes(i) - Duration.FromSeconds(20)), Math.Round(kwh, 1));
            kwh += 0.2 + (0.1 * Math.Sin(i / 300.0));
        }
    }

    [Benchmark]
    public int CountersToQuarterHours()
    {
        var deltas = CounterDeltas.Compute(_readings.AsSpan(), new CounterSpec { RolloverModulus = 429_496_729.6, MaxRatePerHour = 100, Resolution = 0.1 });
        var values = IntervalProjection.Project(deltas.AsSpan(), CalendarGrid.Spans(_from, _to, CalendarPeriod.QuarterHour, Zone));
        return values.Count;
    }

    /// <summary>Naive reference: for each local quarter hour, binary-search the readings around both edges and interpolate.</summary>
    [Benchmark(Baseline = true)]
    public int NaiveInterpolation()
    {
        var times = _readings.Select(r => r.Time).ToArray();
        var count = 0;
        for (var local = _from.InZone(Zone).LocalDateTime; ; local = local.PlusMinutes(15))
        {
            var start = local.InZoneLeniently(Zone).ToInstant();
            if (start >= _to)
            {
                break;
            }

            var end = local.PlusMinutes(15).InZoneLeniently(Zone).ToInstant();
            _ = At(start) - At(end);
            count++;
        }

        return count;

        double At(Instant t)
        {
            var i = Array.BinarySearch(times, t);
            if (i >= 0)
            {
                return _readings[i].Value;
            }

            i = ~i;
            var a = _readings[i - 1];
            var b = _readings[i];
            return a.Value + ((b.Value - a.Value) * ((t - a.Time) / (b.Time - a.Time)));
        }
    }
}
