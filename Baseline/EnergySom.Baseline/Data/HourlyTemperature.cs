using NodaTime;

namespace EnergySom.Baseline.Data;

/// <summary>
/// Outdoor temperature on a regular UTC hour grid: value k is the hour starting at Start + k h (NaN = missing).
/// </summary>
public sealed class HourlyTemperature
{
    private static readonly Duration Hour = Duration.FromHours(1);
    private readonly double[] _values;

    /// <summary>A grid starting at <paramref name="start"/>, which must fall on a whole UTC hour.</summary>
    public HourlyTemperature(Instant start, IReadOnlyList<double> values, TemperatureUnit unit)
    {
        if ((start - Instant.FromUnixTimeTicks(0)).BclCompatibleTicks % Hour.BclCompatibleTicks != 0)
        {
            throw new ArgumentException($"an hourly temperature grid must start on a whole UTC hour, not {start}");
        }

        Start = start;
        _values = [.. values];
        Unit = unit;
    }

    /// <summary>First hour of the grid.</summary>
    public Instant Start { get; }

    /// <summary>End of the last hour.</summary>
    public Instant End => Start + (Hour * _values.Length);

    /// <summary>Hours on the grid.</summary>
    public int Count => _values.Length;

    /// <summary>The unit of <see cref="Values"/>.</summary>
    public TemperatureUnit Unit { get; }

    /// <summary>Hourly values, NaN where missing.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>
    /// Builds the grid from readings at any timestamps: each UTC hour gets the mean of the finite readings that
    /// fall in it (eemeter resamples to hourly means the same way); hours without a reading are NaN.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, or timestamps are not strictly increasing (row named).</exception>
    public static HourlyTemperature FromReadings(IReadOnlyList<Instant> timestamps, IReadOnlyList<double> values, TemperatureUnit unit)
    {
        if (timestamps.Count != values.Count)
        {
            throw new ArgumentException($"{timestamps.Count} timestamps but {values.Count} values");
        }

        if (timestamps.Count == 0)
        {
            return new HourlyTemperature(Instant.FromUnixTimeTicks(0), [], unit);
        }

        for (var i = 1; i < timestamps.Count; i++)
        {
            if (timestamps[i] <= timestamps[i - 1])
            {
                throw new ArgumentException($"row {i}: timestamp {timestamps[i]} does not come after {timestamps[i - 1]}");
            }
        }

        var start = FloorToHour(timestamps[0]);
        var count = (int)((FloorToHour(timestamps[^1]) - start).BclCompatibleTicks / Hour.BclCompatibleTicks) + 1;
        var sums = new double[count];
        var counts = new int[count];
        for (var i = 0; i < timestamps.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                continue;
            }

            var k = (int)((timestamps[i] - start).BclCompatibleTicks / Hour.BclCompatibleTicks);
            sums[k] += values[i];
            counts[k]++;
        }

        var hourly = new double[count];
        for (var k = 0; k < count; k++)
        {
            hourly[k] = counts[k] > 0 ? sums[k] / counts[k] : double.NaN;
        }

        return new HourlyTemperature(start, hourly, unit);
    }

    /// <summary>The same grid in °F (CalTRACK converts to °F before any feature: F = 32 + 1.8 C).</summary>
    public HourlyTemperature InFahrenheit() => In(TemperatureUnit.Fahrenheit);

    /// <summary>The same grid in <paramref name="unit"/>.</summary>
    public HourlyTemperature In(TemperatureUnit unit)
    {
        if (unit == Unit)
        {
            return this;
        }

        var converted = new double[_values.Length];
        for (var k = 0; k < converted.Length; k++)
        {
            converted[k] = TemperatureUnits.Convert(_values[k], Unit, unit);
        }

        return new HourlyTemperature(Start, converted, unit);
    }

    /// <summary>
    /// Grid index of the first hour whose timestamp is at or after <paramref name="instant"/> (may lie outside
    /// [0, Count]): hours h with from ≤ h &lt; to are indices [IndexAtOrAfter(from), IndexAtOrAfter(to)).
    /// </summary>
    public long IndexAtOrAfter(Instant instant)
    {
        var ticks = (instant - Start).BclCompatibleTicks;
        var hour = Hour.BclCompatibleTicks;
        return ticks >= 0 ? (ticks + hour - 1) / hour : -((-ticks) / hour);
    }

    /// <summary>The temperature of the hour starting exactly at <paramref name="hour"/>, NaN if off the grid or missing.</summary>
    public double At(Instant hour)
    {
        var ticks = (hour - Start).BclCompatibleTicks;
        if (ticks < 0 || ticks % Hour.BclCompatibleTicks != 0)
        {
            return double.NaN;
        }

        var k = ticks / Hour.BclCompatibleTicks;
        return k < _values.Length ? _values[k] : double.NaN;
    }

    private static Instant FloorToHour(Instant t)
    {
        var ticks = t.ToUnixTimeTicks();
        var hour = Hour.BclCompatibleTicks;
        var floored = ticks >= 0 ? ticks / hour * hour : -(((-ticks) + hour - 1) / hour * hour);
        return Instant.FromUnixTimeTicks(floored);
    }
}
