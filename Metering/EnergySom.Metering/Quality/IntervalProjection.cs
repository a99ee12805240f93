using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>
/// Spreads increments (counter deltas, or stored interval readings) onto calendar buckets: each bucket gets
/// the part of every increment that overlaps it, pro rata to time (linear interpolation of the counter between
/// its readings). Gaps stay gaps: a bucket not fully covered, or whose edge falls inside an increment longer than
/// <see cref="IntervalPolicy.MaxInterpolation"/>, is NaN and flagged Gap, never zero-filled.
/// </summary>
public static class IntervalProjection
{
    /// <summary>Projects <paramref name="increments"/> (sorted by time, not overlapping) onto <paramref name="spans"/> (sorted).</summary>
    /// <remarks>
    /// <para>Each bucket's value is the compensated sum, in time order, of <c>value × overlap / length</c> over the
    /// increments that overlap it; its flags are the union of theirs, plus Estimated when an edge of the bucket
    /// is interpolated inside an increment longer than <see cref="IntervalPolicy.ExactWithin"/>, plus Gap when
    /// data is missing. <see cref="IntervalValue.RawFrom"/> and <see cref="IntervalValue.RawTo"/> name the
    /// outermost raw readings used.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">Increments overlap or are out of order.</exception>
    public static IReadOnlyList<IntervalValue> Project(ReadOnlySpan<Increment> increments, IEnumerable<CalendarSpan> spans, IntervalPolicy? policy = null) =>
        ProjectAmounts(increments, spans, policy);

    /// <summary>Projects counter deltas (sorted, contiguous) onto <paramref name="spans"/>, reading them in place.</summary>
    /// <inheritdoc cref="Project(ReadOnlySpan{Increment}, IEnumerable{CalendarSpan}, IntervalPolicy?)"/>
    public static IReadOnlyList<IntervalValue> Project(ReadOnlySpan<CounterDelta> deltas, IEnumerable<CalendarSpan> spans, IntervalPolicy? policy = null) =>
        ProjectAmounts(deltas, spans, policy);

    private static List<IntervalValue> ProjectAmounts<T>(ReadOnlySpan<T> increments, IEnumerable<CalendarSpan> spans, IntervalPolicy? policy)
        where T : struct, IAmount
    {
        ArgumentNullException.ThrowIfNull(spans);
        policy ??= IntervalPolicy.Default;
        for (var i = 0; i < increments.Length; i++)
        {
            if (increments[i].To <= increments[i].From || (i > 0 && increments[i].From < increments[i - 1].To))
            {
                throw new ArgumentException($"increments must be non-empty, sorted and not overlapping (index {i}: {increments[i].From}..{increments[i].To})", nameof(increments));
            }
        }

        var result = new List<IntervalValue>();
        var first = 0;
        foreach (var span in spans)
        {
            while (first < increments.Length && increments[first].To <= span.Start)
            {
                first++;
            }

            var sum = default(CompensatedSum);
            var flags = QualityFlags.None;
            var covered = Duration.Zero;
            var unknown = false;
            Instant? rawFrom = null, rawTo = null;
            for (var k = first; k < increments.Length && increments[k].From < span.End; k++)
            {
                ref readonly var inc = ref increments[k];
                var start = inc.From > span.Start ? inc.From : span.Start;
                var end = inc.To < span.End ? inc.To : span.End;
                if (end <= start)
                {
                    continue;
                }

                var length = inc.To - inc.From;
                var overlap = end - start;
                var whole = overlap == length;
                if (!whole)
                {
                    if (length > policy.MaxInterpolation)
                    {
                        unknown = true;
                        flags |= QualityFlags.Gap;
                    }
                    else if (length > policy.ExactWithin)
                    {
                        flags |= QualityFlags.Estimated;
                    }
                }

                if (double.IsNaN(inc.Value))
                {
                    unknown = true;
                }
                else
                {
                    sum.Add(whole ? inc.Value : inc.Value * (overlap.TotalTicks / length.TotalTicks));
                }

                flags |= inc.Flags;
                covered += overlap;
                rawFrom ??= inc.From;
                rawTo = inc.To;
            }

            var spanLength = span.End - span.Start;
            if (covered < spanLength)
            {
                unknown = true;
                flags |= QualityFlags.Gap;
            }

            var coverage = spanLength == Duration.Zero ? 0 : covered.TotalTicks / spanLength.TotalTicks;
            result.Add(new IntervalValue(span, unknown ? double.NaN : sum.Value, flags, rawFrom, rawTo, coverage));
        }

        return result;
    }

    /// <summary>
    /// Stored interval readings (each the amount over <c>[time, time + step)</c>) as increments. NaN and Invalid
    /// readings become unknown increments.
    /// </summary>
    /// <exception cref="ArgumentException">Two readings are closer than <paramref name="step"/> (they would overlap).</exception>
    public static Increment[] FromIntervalReadings(IReadOnlyList<Reading> readings, Duration step)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (step <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "the interval length must be positive");
        }

        var increments = new Increment[readings.Count];
        for (var i = 0; i < readings.Count; i++)
        {
            var r = readings[i];
            if (i > 0 && r.Time < readings[i - 1].Time + step)
            {
                throw new ArgumentException($"interval readings at {readings[i - 1].Time} and {r.Time} overlap with a {step} step", nameof(readings));
            }

            var valid = double.IsFinite(r.Value) && (r.Flags & QualityFlags.Invalid) == 0;
            increments[i] = new Increment(r.Time, r.Time + step, valid ? r.Value : double.NaN, r.Flags);
        }

        return increments;
    }

    /// <summary>The most common spacing of the readings (their native interval length), or null with fewer than two.</summary>
    public static Duration? InferStep(IReadOnlyList<Reading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var counts = new Dictionary<Duration, int>();
        for (var i = 1; i < readings.Count; i++)
        {
            var gap = readings[i].Time - readings[i - 1].Time;
            counts[gap] = counts.GetValueOrDefault(gap) + 1;
        }

        return counts.Count == 0 ? null : counts.MaxBy(kv => (kv.Value, -kv.Key.TotalTicks)).Key;
    }
}
