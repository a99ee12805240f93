using EnergySom.Baseline.Models;
using NodaTime;

namespace EnergySom.Baseline.Data;

/// <summary>
/// Hourly temperatures matched to periods and cut into consecutive 24-hour chunks from each period's start:
/// per period, the mean of every kept chunk, how many chunks there are, and the hourly coverage. Degree-days at
/// any balance point follow without going back to the hours.
/// </summary>
public sealed class PeriodTemperatures
{
    private const int ChunkHours = 24;
    private readonly int[] _offsets;
    private readonly double[] _keptMeans;
    private readonly int[] _chunks;
    private readonly int[] _present;
    private readonly int[] _expected;
    private readonly bool[] _sufficient;

    private PeriodTemperatures(int[] offsets, double[] keptMeans, int[] chunks, int[] present, int[] expected, bool[] sufficient, TemperatureUnit unit)
    {
        _offsets = offsets;
        _keptMeans = keptMeans;
        _chunks = chunks;
        _present = present;
        _expected = expected;
        _sufficient = sufficient;
        Unit = unit;
    }

    /// <summary>Periods.</summary>
    public int Periods => _chunks.Length;

    /// <summary>The unit of the chunk means.</summary>
    public TemperatureUnit Unit { get; }

    /// <summary>Means of the kept chunks of period <paramref name="p"/> (empty when the period was dropped).</summary>
    public ReadOnlySpan<double> KeptChunkMeans(int p) => _sufficient[p] ? _keptMeans.AsSpan(_offsets[p], _offsets[p + 1] - _offsets[p]) : [];

    /// <summary>Kept chunks (eemeter's <c>n_days_kept</c>, the billing weight); 0 when the period was dropped.</summary>
    public int KeptDays(int p) => _sufficient[p] ? _offsets[p + 1] - _offsets[p] : 0;

    /// <summary>Chunks in the matched window, kept or not (eemeter's <c>n_days_kept + n_days_dropped</c>).</summary>
    public int ChunkCount(int p) => _chunks[p];

    /// <summary>Hours with a temperature in the matched window.</summary>
    public int PresentHours(int p) => _present[p];

    /// <summary>Hours in the matched window.</summary>
    public int ExpectedHours(int p) => _expected[p];

    /// <summary>Present / expected hours (0 for an empty window).</summary>
    public double Coverage(int p) => _expected[p] > 0 ? (double)_present[p] / _expected[p] : 0;

    /// <summary>True when the period passed the coverage rule and kept at least one chunk.</summary>
    public bool Sufficient(int p) => _sufficient[p];

    /// <summary>Heating degree-days per day: the mean over kept chunks of max(b − chunk mean, 0); NaN when dropped.</summary>
    public double HeatingDegreeDaysPerDay(int p, double balancePoint) => DegreeDays.PerDayAverage(KeptChunkMeans(p), balancePoint, heating: true);

    /// <summary>Cooling degree-days per day: the mean over kept chunks of max(chunk mean − b, 0); NaN when dropped.</summary>
    public double CoolingDegreeDaysPerDay(int p, double balancePoint) => DegreeDays.PerDayAverage(KeptChunkMeans(p), balancePoint, heating: false);

    /// <summary>Matches <paramref name="temperature"/> to the periods [startsᵢ, endsᵢ) under <paramref name="rules"/>.</summary>
    public static PeriodTemperatures Compute(HourlyTemperature temperature, ReadOnlySpan<Instant> starts, ReadOnlySpan<Instant> ends, PeriodTemperatureRules rules)
    {
        if (starts.Length != ends.Length)
        {
            throw new ArgumentException("starts and ends differ in length");
        }

        var periods = starts.Length;
        var offsets = new int[periods + 1];
        var keptMeans = new List<double>(periods * 31);
        var chunks = new int[periods];
        var present = new int[periods];
        var expected = new int[periods];
        var sufficient = new bool[periods];
        var values = temperature.Values;
        var count = values.Length;
        for (var p = 0; p < periods; p++)
        {
            offsets[p] = keptMeans.Count;
            var a = temperature.IndexAtOrAfter(starts[p]);
            var b = temperature.IndexAtOrAfter(ends[p]);
            if (rules.Cap is { } cap)
            {
                // h ≤ start + cap, inclusive (eemeter's merge tolerance).
                b = Math.Min(b, temperature.IndexAtOrAfter(starts[p] + cap + Duration.FromTicks(1)));
            }

            var hours = (int)Math.Max(0, b - a);
            expected[p] = hours;
            chunks[p] = (hours + ChunkHours - 1) / ChunkHours;
            var periodPresent = 0;
            var keptStart = keptMeans.Count;
            for (var c = 0; c < chunks[p]; c++)
            {
                var from = a + (c * ChunkHours);
                var to = Math.Min(from + ChunkHours, b);
                double sum = 0;
                var n = 0;
                for (var k = Math.Max(from, 0); k < Math.Min(to, count); k++)
                {
                    var v = values[(int)k];
                    if (double.IsFinite(v))
                    {
                        sum += v;
                        n++;
                    }
                }

                periodPresent += n;
                if (n > rules.ChunkMinimumHoursExclusive)
                {
                    keptMeans.Add(sum / n);
                }
            }

            present[p] = periodPresent;
            var coverageOk = hours > 0 && periodPresent >= rules.MinimumCoverage * hours;
            sufficient[p] = coverageOk && keptMeans.Count > keptStart;
            if (!sufficient[p])
            {
                keptMeans.RemoveRange(keptStart, keptMeans.Count - keptStart);
            }
        }

        offsets[periods] = keptMeans.Count;
        return new PeriodTemperatures(offsets, [.. keptMeans], chunks, present, expected, sufficient, temperature.Unit);
    }
}
