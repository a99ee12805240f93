using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>
/// Buckets time-ordered values by local calendar quarter hour, hour, day or month (<see cref="CalendarGrid"/>),
/// so a DST day has 23 or 25 hours and every instant falls in exactly one bucket.
/// </summary>
public static class CalendarAggregation
{
    /// <summary>
    /// Aggregates <paramref name="times"/>/<paramref name="values"/> (sorted by time, Unix ticks) into the buckets
    /// covering <c>[from, to)</c>. NaN values are skipped (they count as missing); an empty bucket has value NaN,
    /// count 0 and the <see cref="QualityFlags.Gap"/> flag.
    /// </summary>
    public static IReadOnlyList<CalendarBucket> Aggregate(
        ReadOnlySpan<long> times, ReadOnlySpan<double> values, Instant from, Instant to, CalendarPeriod period, DateTimeZone zone, AggregateFunction function) =>
        Aggregate(times, values, default, from, to, period, zone, function);

    /// <summary>
    /// As <see cref="Aggregate(ReadOnlySpan{long}, ReadOnlySpan{double}, Instant, Instant, CalendarPeriod, DateTimeZone, AggregateFunction)"/>,
    /// combining the quality flags of the values in each bucket (<paramref name="flags"/> may be empty).
    /// </summary>
    /// <remarks>Sums and means use Neumaier-compensated summation in time order, so they are reproducible.</remarks>
    public static IReadOnlyList<CalendarBucket> Aggregate(
        ReadOnlySpan<long> times,
        ReadOnlySpan<double> values,
        ReadOnlySpan<QualityFlags> flags,
        Instant from,
        Instant to,
        CalendarPeriod period,
        DateTimeZone zone,
        AggregateFunction function)
    {
        if (times.Length != values.Length || (flags.Length != 0 && flags.Length != times.Length))
        {
            throw new ArgumentException($"times ({times.Length}), values ({values.Length}) and flags ({flags.Length}) differ in length");
        }

        if (function is < AggregateFunction.Sum or > AggregateFunction.Last)
        {
            throw new ArgumentOutOfRangeException(nameof(function), function, null);
        }

        var buckets = new List<CalendarBucket>();
        var index = LowerBound(times, from.ToUnixTimeTicks());
        foreach (var span in CalendarGrid.Spans(from, to, period, zone))
        {
            var stop = span.End.ToUnixTimeTicks();
            var sum = default(CompensatedSum);
            double min = double.PositiveInfinity, max = double.NegativeInfinity, last = double.NaN;
            var count = 0;
            var combined = QualityFlags.None;
            while (index < times.Length && times[index] < stop)
            {
                var i = index++;
                var v = values[i];
                if (double.IsNaN(v))
                {
                    continue;
                }

                sum.Add(v);
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                last = v;
                count++;
                if (flags.Length != 0)
                {
                    combined |= flags[i];
                }
            }

            var value = count == 0 ? double.NaN : function switch
            {
                AggregateFunction.Sum => sum.Value,
                AggregateFunction.Mean => sum.Value / count,
                AggregateFunction.Min => min,
                AggregateFunction.Max => max,
                _ => last,
            };
            buckets.Add(new CalendarBucket(span.LocalStart, span.Start, span.End, value, count, count == 0 ? QualityFlags.Gap : combined));
        }

        return buckets;
    }

    /// <summary>First index whose time is at or after <paramref name="value"/>.</summary>
    internal static int LowerBound(ReadOnlySpan<long> times, long value)
    {
        int lo = 0, hi = times.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (times[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
