using NodaTime;

namespace EnergySom.Baseline.Data;

/// <summary>
/// Metered usage as rows of period starts: row i is the period [Startᵢ, Startᵢ₊₁) with its value (NaN =
/// missing, never zero). The last row only closes the period before it; its value, if any, is not used —
/// the convention of the eemeter samples, where the last row has an empty value.
/// </summary>
public sealed class UsageSeries
{
    private readonly Instant[] _starts;
    private readonly double[] _values;

    /// <summary>Creates a series; timestamps must be strictly increasing.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a timestamp does not increase (row named).</exception>
    public UsageSeries(IReadOnlyList<Instant> starts, IReadOnlyList<double> values)
    {
        if (starts.Count != values.Count)
        {
            throw new ArgumentException($"{starts.Count} timestamps but {values.Count} values");
        }

        _starts = [.. starts];
        _values = [.. values];
        for (var i = 1; i < _starts.Length; i++)
        {
            if (_starts[i] <= _starts[i - 1])
            {
                throw new ArgumentException($"row {i}: timestamp {_starts[i]} does not come after {_starts[i - 1]}; period starts must strictly increase");
            }
        }
    }

    /// <summary>Rows, the closing row included.</summary>
    public int Rows => _starts.Length;

    /// <summary>Periods: one fewer than the rows (none for fewer than two rows).</summary>
    public int Periods => Math.Max(0, _starts.Length - 1);

    /// <summary>The row timestamps.</summary>
    public ReadOnlySpan<Instant> Starts => _starts;

    /// <summary>The row values (the last one is not a period's).</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Start of period <paramref name="i"/>.</summary>
    public Instant PeriodStart(int i) => _starts[i];

    /// <summary>End of period <paramref name="i"/> (the next row's timestamp).</summary>
    public Instant PeriodEnd(int i) => _starts[i + 1];

    /// <summary>Value of period <paramref name="i"/> (NaN when missing).</summary>
    public double PeriodValue(int i) => _values[i];

    /// <summary>Length of period <paramref name="i"/> in days (fractional when periods are not whole days).</summary>
    public double PeriodDays(int i) => (_starts[i + 1] - _starts[i]).TotalDays;

    /// <summary>True when the last row carries a value that the closing-row convention ignores.</summary>
    public bool LastRowHasValue => _values.Length > 0 && !double.IsNaN(_values[^1]);

    /// <summary>
    /// The periods lying wholly inside <paramref name="window"/> (half-open), as a new series whose last row closes
    /// the last of them. Periods straddling either edge are left out, so no usage from outside the window enters.
    /// </summary>
    /// <remarks>
    /// Equivalent to eemeter's <c>get_baseline_data(end, max_days)</c> / <c>get_reporting_data(start, max_days)</c>
    /// with no billing overshoot: rows with timestamps in [start, end] are kept and the value of the last kept row is
    /// set to NaN, so exactly the periods with start ≥ window start and end ≤ window end remain.
    /// </remarks>
    public UsageSeries Within(Interval window)
    {
        var first = -1;
        var last = -1;
        for (var i = 0; i < Periods; i++)
        {
            if (_starts[i] >= window.Start && _starts[i + 1] <= window.End)
            {
                first = first < 0 ? i : first;
                last = i;
            }
        }

        if (first < 0)
        {
            return new UsageSeries([], []);
        }

        var starts = new Instant[last - first + 2];
        var values = new double[starts.Length];
        Array.Copy(_starts, first, starts, 0, starts.Length);
        Array.Copy(_values, first, values, 0, starts.Length);
        values[^1] = double.NaN;
        return new UsageSeries(starts, values);
    }
}
