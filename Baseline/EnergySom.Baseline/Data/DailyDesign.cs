using NodaTime;

namespace EnergySom.Baseline.Data;

/// <summary>
/// Design data for a daily model: per metered period its length, usage per day and the mean of the hourly
/// temperatures in it (CalTRACK 2.0 daily). Built by <see cref="Build"/>; NaN marks what is missing.
/// </summary>
public sealed class DailyDesign
{
    private readonly Instant[] _starts;
    private readonly Instant[] _ends;
    private readonly double[] _days;
    private readonly double[] _usage;
    private readonly double[] _usagePerDay;
    private readonly double[] _temperature;
    private readonly int[] _present;
    private readonly int[] _expected;

    private DailyDesign(Instant[] starts, Instant[] ends, double[] days, double[] usage, double[] usagePerDay, double[] temperature, int[] present, int[] expected, TemperatureUnit unit)
    {
        _starts = starts;
        _ends = ends;
        _days = days;
        _usage = usage;
        _usagePerDay = usagePerDay;
        _temperature = temperature;
        _present = present;
        _expected = expected;
        Unit = unit;
    }

    /// <summary>Periods (rows).</summary>
    public int Periods => _starts.Length;

    /// <summary>Unit of <see cref="MeanTemperature"/>.</summary>
    public TemperatureUnit Unit { get; }

    /// <summary>Period starts.</summary>
    public ReadOnlySpan<Instant> Starts => _starts;

    /// <summary>Period ends.</summary>
    public ReadOnlySpan<Instant> Ends => _ends;

    /// <summary>Period lengths in days.</summary>
    public ReadOnlySpan<double> Days => _days;

    /// <summary>Metered usage per period (NaN = missing).</summary>
    public ReadOnlySpan<double> Usage => _usage;

    /// <summary>Usage / days.</summary>
    public ReadOnlySpan<double> UsagePerDay => _usagePerDay;

    /// <summary>Mean hourly temperature of the period; NaN unless more than half its hours have one (&gt; 12 of 24).</summary>
    public ReadOnlySpan<double> MeanTemperature => _temperature;

    /// <summary>Hours with a temperature, per period.</summary>
    public ReadOnlySpan<int> PresentHours => _present;

    /// <summary>Hours in the period.</summary>
    public ReadOnlySpan<int> ExpectedHours => _expected;

    /// <summary>Share of the period's hours with a temperature.</summary>
    public double TemperatureCoverage(int i) => _expected[i] > 0 ? (double)_present[i] / _expected[i] : 0;

    /// <summary>Rows with both usage per day and a mean temperature: the rows a daily fit uses.</summary>
    public int UsableRows
    {
        get
        {
            var n = 0;
            for (var i = 0; i < _starts.Length; i++)
            {
                n += double.IsFinite(_usagePerDay[i]) && double.IsFinite(_temperature[i]) ? 1 : 0;
            }

            return n;
        }
    }

    /// <summary>
    /// Copies the usable rows into <paramref name="temperature"/> and <paramref name="usagePerDay"/> (and their
    /// row numbers into <paramref name="rows"/> when not empty), in row order; returns how many.
    /// </summary>
    public int CopyUsable(Span<double> temperature, Span<double> usagePerDay, Span<int> rows = default)
    {
        var n = 0;
        for (var i = 0; i < _starts.Length; i++)
        {
            if (double.IsFinite(_usagePerDay[i]) && double.IsFinite(_temperature[i]))
            {
                temperature[n] = _temperature[i];
                usagePerDay[n] = _usagePerDay[i];
                if (!rows.IsEmpty)
                {
                    rows[n] = i;
                }

                n++;
            }
        }

        return n;
    }

    /// <summary>
    /// Builds the daily design of <paramref name="usage"/>'s periods with <paramref name="temperature"/> converted to
    /// <paramref name="unit"/> (°F by default: CalTRACK's balance-point grid is whole °F).
    /// </summary>
    /// <param name="zeroIsMissing">Treat a metered 0 as missing (CalTRACK 2.0 data rule for electricity; eemeter does
    /// not apply it by default).</param>
    /// <remarks>
    /// Usage per day = value / period days. Temperature of a period = mean of the hourly values with timestamp in
    /// [start, end), kept only when more than half of its hours are present (CalTRACK 2.2.2.3: more than 12 of 24).
    /// The timestamps are used literally (UTC), as eemeter does (reference/caltrack-method.md, caveat 1).
    /// </remarks>
    public static DailyDesign Build(UsageSeries usage, HourlyTemperature temperature, TemperatureUnit unit = TemperatureUnit.Fahrenheit, bool zeroIsMissing = false)
    {
        var grid = temperature.In(unit);
        var periods = usage.Periods;
        var starts = new Instant[periods];
        var ends = new Instant[periods];
        var days = new double[periods];
        var values = new double[periods];
        var perDay = new double[periods];
        var mean = new double[periods];
        var present = new int[periods];
        var expected = new int[periods];
        var hourly = grid.Values;
        for (var i = 0; i < periods; i++)
        {
            starts[i] = usage.PeriodStart(i);
            ends[i] = usage.PeriodEnd(i);
            days[i] = usage.PeriodDays(i);
            var v = usage.PeriodValue(i);
            values[i] = zeroIsMissing && v == 0 ? double.NaN : v;
            perDay[i] = values[i] / days[i];

            var a = grid.IndexAtOrAfter(starts[i]);
            var b = grid.IndexAtOrAfter(ends[i]);
            expected[i] = (int)Math.Max(0, b - a);
            double sum = 0;
            var n = 0;
            for (var k = Math.Max(a, 0); k < Math.Min(b, hourly.Length); k++)
            {
                var t = hourly[(int)k];
                if (double.IsFinite(t))
                {
                    sum += t;
                    n++;
                }
            }

            present[i] = n;
            mean[i] = n > 0 && 2 * n > expected[i] ? sum / n : double.NaN;
        }

        return new DailyDesign(starts, ends, days, values, perDay, mean, present, expected, unit);
    }
}
