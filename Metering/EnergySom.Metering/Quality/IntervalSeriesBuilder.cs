using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>
/// Computes the interval values of a stored series over a range of a site's calendar: counters through
/// <see cref="CounterDeltas"/> and <see cref="IntervalProjection"/>, stored interval amounts through
/// <see cref="IntervalProjection"/>, instantaneous values through <see cref="CalendarAggregation"/> (mean). Every
/// value carries its flags; the raw readings are only read.
/// </summary>
public static class IntervalSeriesBuilder
{
    /// <summary>What to compute.</summary>
    /// <param name="Series">The stored series.</param>
    /// <param name="Method">How to derive intervals from it.</param>
    /// <param name="Unit">Unit of the values, for the output.</param>
    /// <param name="From">Start of the range; floored to the interval grid.</param>
    /// <param name="To">End of the range; raised to the interval grid.</param>
    /// <param name="Period">Interval length.</param>
    /// <param name="Zone">The site's zone.</param>
    /// <param name="Counter">The register's spec (counters only).</param>
    /// <param name="Replacements">Documented meter swaps (counters only).</param>
    /// <param name="Policy">Interpolation limits.</param>
    public sealed record Request(
        SeriesKey Series,
        IntervalMethod Method,
        string Unit,
        Instant From,
        Instant To,
        CalendarPeriod Period,
        DateTimeZone Zone,
        CounterSpec? Counter = null,
        IReadOnlyList<MeterReplacement>? Replacements = null,
        IntervalPolicy? Policy = null);

    /// <summary>Reads what is needed from <paramref name="store"/> and computes the intervals.</summary>
    public static async Task<IntervalSeries> BuildAsync(IReadingStore store, Request request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        var policy = request.Policy ?? IntervalPolicy.Default;
        var from = CalendarGrid.Floor(request.From, request.Period, request.Zone);
        var to = CalendarGrid.Ceiling(request.To, request.Period, request.Zone);
        var spans = CalendarGrid.Spans(from, to, request.Period, request.Zone).ToList();
        IReadOnlyList<IntervalValue> values;
        int used;
        switch (request.Method)
        {
            case IntervalMethod.Counter:
            {
                // Readings just outside the range bracket its first and last edges.
                var margin = policy.MaxInterpolation + Duration.FromTicks(1);
                var raw = await store.ReadAsync(request.Series, from - margin, to + margin, ct);
                var deltas = CounterDeltas.Compute(raw.ToArray(), request.Counter ?? new CounterSpec(), request.Replacements);
                values = IntervalProjection.Project(deltas.AsSpan(), spans, policy);
                used = raw.Count;
                break;
            }

            case IntervalMethod.Interval:
            {
                // An interval reading is stamped at its start: one that began before the range may reach into it.
                var lookBack = Duration.FromDays(1);
                var raw = await store.ReadAsync(request.Series, from - lookBack, to, ct);
                var step = IntervalProjection.InferStep(raw) ?? Duration.FromMinutes(15);
                var relevant = raw.Where(r => r.Time + step > from).ToList();
                values = IntervalProjection.Project(IntervalProjection.FromIntervalReadings(relevant, step), spans, policy);
                used = relevant.Count;
                break;
            }

            case IntervalMethod.Mean:
            {
                var buckets = await store.AggregateAsync(request.Series, from, to, request.Period, request.Zone, AggregateFunction.Mean, ct);
                values = buckets.Zip(spans, (b, s) => new IntervalValue(s, b.Value, b.Flags, null, null, b.Count > 0 ? 1 : 0)).ToList();
                used = buckets.Sum(b => b.Count);
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Method, "unknown interval method");
        }

        return new IntervalSeries(request.Series.Meter, request.Series.Measurement, request.Unit, request.Method, request.Period, request.Zone, from, to, used, values);
    }
}
