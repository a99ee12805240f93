using NodaTime;

namespace EnergySom.Baseline.Data;

/// <summary>
/// Design data for an hourly model (CalTRACK hourly / TOWT): per metered hour its usage, the temperature of the
/// same UTC hour, the hour of week (Monday 00:00 UTC = 0 … 167) and the UTC calendar month.
/// </summary>
public sealed class HourlyDesign
{
    private readonly Instant[] _hours;
    private readonly double[] _usage;
    private readonly double[] _temperature;
    private readonly int[] _hourOfWeek;
    private readonly int[] _month;

    private HourlyDesign(Instant[] hours, double[] usage, double[] temperature, int[] hourOfWeek, int[] month, TemperatureUnit unit)
    {
        _hours = hours;
        _usage = usage;
        _temperature = temperature;
        _hourOfWeek = hourOfWeek;
        _month = month;
        Unit = unit;
    }

    /// <summary>Hours (rows).</summary>
    public int Rows => _hours.Length;

    /// <summary>Unit of <see cref="Temperature"/>.</summary>
    public TemperatureUnit Unit { get; }

    /// <summary>Start of each hour, UTC.</summary>
    public ReadOnlySpan<Instant> Hours => _hours;

    /// <summary>Usage in the hour (NaN = missing).</summary>
    public ReadOnlySpan<double> Usage => _usage;

    /// <summary>Temperature of the same UTC hour (NaN = missing).</summary>
    public ReadOnlySpan<double> Temperature => _temperature;

    /// <summary>24 × ISO weekday index (Monday 0) + hour, on UTC timestamps as eemeter computes it.</summary>
    public ReadOnlySpan<int> HourOfWeek => _hourOfWeek;

    /// <summary>UTC calendar month, 1–12.</summary>
    public ReadOnlySpan<int> Month => _month;

    /// <summary>Builds the hourly design; every period of <paramref name="usage"/> must be exactly one whole UTC hour.</summary>
    /// <exception cref="ArgumentException">A period that is not one whole hour (row named): aggregate first
    /// (<see cref="IntervalAggregation.ToHours(UsageSeries, bool)"/>).</exception>
    public static HourlyDesign Build(UsageSeries usage, HourlyTemperature temperature, TemperatureUnit unit = TemperatureUnit.Fahrenheit)
    {
        var grid = temperature.In(unit);
        var n = usage.Periods;
        var hours = new Instant[n];
        var values = new double[n];
        var temps = new double[n];
        var how = new int[n];
        var month = new int[n];
        for (var i = 0; i < n; i++)
        {
            var start = usage.PeriodStart(i);
            if (usage.PeriodEnd(i) - start != Duration.FromHours(1) || start.ToUnixTimeTicks() % Duration.FromHours(1).BclCompatibleTicks != 0)
            {
                throw new ArgumentException($"row {i}: period {start}..{usage.PeriodEnd(i)} is not one whole UTC hour; aggregate interval data to hours first");
            }

            var utc = start.InUtc();
            hours[i] = start;
            values[i] = usage.PeriodValue(i);
            temps[i] = grid.At(start);
            how[i] = (24 * ((int)utc.DayOfWeek - 1)) + utc.Hour;
            month[i] = utc.Month;
        }

        return new HourlyDesign(hours, values, temps, how, month, unit);
    }
}
