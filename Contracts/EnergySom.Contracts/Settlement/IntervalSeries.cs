using NodaTime;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// A regular series of interval values (energy per interval): a start instant, a fixed step and one value per
/// step. Missing is NaN, never zero.
/// </summary>
public sealed class IntervalSeries
{
    private readonly double[] _values;

    /// <param name="start">Start of the first interval.</param>
    /// <param name="step">Interval length: whole minutes, dividing a day (1, 5, 15, 30, 60 min …).</param>
    /// <param name="values">One value per interval; NaN marks a missing interval. The array is copied.</param>
    public IntervalSeries(Instant start, Duration step, ReadOnlySpan<double> values)
    {
        if (step <= Duration.Zero || step.BclCompatibleTicks % NodaConstants.TicksPerMinute != 0 || NodaConstants.TicksPerDay % step.BclCompatibleTicks != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "the step must be whole minutes dividing a day");
        }

        Start = start;
        Step = step;
        _values = values.ToArray();
    }

    public Instant Start { get; }

    public Duration Step { get; }

    public int Count => _values.Length;

    public Instant End => Start + (Step * Count);

    public ReadOnlySpan<double> Values => _values;

    /// <summary>
    /// A series on the grid <c>[from, to)</c> with <paramref name="step"/> from sparse points: a point's start must
    /// fall on the grid; points outside the range are ignored; two points on the same interval are added; intervals
    /// without a point are missing.
    /// </summary>
    public static IntervalSeries FromPoints(IEnumerable<(Instant Start, double Value)> points, Instant from, Instant to, Duration step)
    {
        var count = checked((int)((to - from).BclCompatibleTicks / step.BclCompatibleTicks));
        var values = new double[count];
        Array.Fill(values, double.NaN);
        foreach (var (start, value) in points)
        {
            if (start < from || start >= to)
            {
                continue;
            }

            var offset = (start - from).BclCompatibleTicks;
            if (offset % step.BclCompatibleTicks != 0)
            {
                throw new ArgumentException($"interval at {start} is not on the {step.TotalMinutes}-minute grid from {from}", nameof(points));
            }

            var index = (int)(offset / step.BclCompatibleTicks);
            values[index] = double.IsNaN(values[index]) ? value : values[index] + value;
        }

        return new IntervalSeries(from, step, values);
    }
}
