using NodaTime;

namespace EnergySom.Contracts.Settlement;

/// <summary>One value per local day (energy per day), from <see cref="FirstDay"/>. Missing is NaN.</summary>
public sealed class DailySeries
{
    private readonly double[] _values;

    public DailySeries(LocalDate firstDay, ReadOnlySpan<double> values)
    {
        FirstDay = firstDay;
        _values = values.ToArray();
    }

    public LocalDate FirstDay { get; }

    public int Count => _values.Length;

    public ReadOnlySpan<double> Values => _values;

    /// <summary>The value of <paramref name="day"/>, NaN when outside the series or missing.</summary>
    public double ValueOn(LocalDate day)
    {
        var index = Period.Between(FirstDay, day, PeriodUnits.Days).Days;
        return index >= 0 && index < _values.Length ? _values[index] : double.NaN;
    }
}
