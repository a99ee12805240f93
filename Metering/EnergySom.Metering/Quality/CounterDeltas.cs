using System.Runtime.InteropServices;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>
/// Turns the raw readings of a cumulative register (energy, gas volume) into consumption between consecutive
/// readings, recognising what is not consumption: a rollover at the register width is unwrapped; a reset, a
/// meter replacement, a step backwards and a jump beyond the meter's rated rate are flagged and never counted.
/// </summary>
/// <remarks>
/// <para>Rules, in order, for each accepted reading <c>prev</c> and the next valid reading <c>cur</c> (NaN readings
/// and readings flagged Invalid are skipped; the raw readings themselves are never changed):</para>
/// <list type="number">
/// <item>A documented <see cref="MeterReplacement"/> in <c>(prev, cur]</c>: the value is
/// <c>(oldFinal − prev) + (cur − newInitial)</c> when both swap readings are known, else NaN; flagged MeterReplaced.</item>
/// <item><c>cur − prev</c> within the register's slack below zero up to the spike limit (<c>MaxRatePerHour × hours</c>): consumption.</item>
/// <item>Above the spike limit: if the reading after <c>cur</c> is consistent with <c>prev</c>, <c>cur</c> was a one-off
/// glitch and is set aside (the delta spans it, flagged Spike); otherwise the step is NaN, flagged Spike.</item>
/// <item>Below zero, and adding the rollover modulus gives a plausible step: rollover, consumption = step + modulus.</item>
/// <item>Below zero, and the next reading is consistent with <c>prev</c>: a one-off dip, set aside (flagged BackwardStep).</item>
/// <item>Below zero to a value near zero (<see cref="CounterSpec.ResetBelow"/>): reset, valued per <see cref="ResetPolicy"/>.</item>
/// <item>Otherwise a lasting backward step (an undocumented meter swap, a reprogrammed register): NaN, flagged BackwardStep.</item>
/// </list>
/// <para>So the deltas telescope: summed, the accepted ones equal the register difference corrected for rollovers.</para>
/// </remarks>
public static class CounterDeltas
{
    /// <summary>Derives the consumption between consecutive readings of one counter.</summary>
    /// <param name="readings">Raw readings of the counter, strictly increasing in time, in canonical units.</param>
    /// <param name="spec">What is known about the register.</param>
    /// <param name="replacements">Documented meter swaps, if any.</param>
    /// <exception cref="ArgumentException">The readings are not strictly increasing in time.</exception>
    public static IReadOnlyList<CounterDelta> Compute(IReadOnlyList<Reading> readings, CounterSpec spec, IReadOnlyList<MeterReplacement>? replacements = null)
    {
        ArgumentNullException.ThrowIfNull(readings);
        return readings switch
        {
            Reading[] array => Compute(array.AsSpan(), spec, replacements),
            List<Reading> list => Compute(CollectionsMarshal.AsSpan(list), spec, replacements),
            _ => Compute(readings.ToArray().AsSpan(), spec, replacements),
        };
    }

    /// <inheritdoc cref="Compute(IReadOnlyList{Reading}, CounterSpec, IReadOnlyList{MeterReplacement}?)"/>
    public static CounterDelta[] Compute(ReadOnlySpan<Reading> readings, CounterSpec spec, IReadOnlyList<MeterReplacement>? replacements = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        for (var i = 1; i < readings.Length; i++)
        {
            if (readings[i].Time <= readings[i - 1].Time)
            {
                throw new ArgumentException($"readings must be strictly increasing in time: {readings[i].Time} follows {readings[i - 1].Time} (index {i})", nameof(readings));
            }
        }

        var first = NextValid(readings, 0);
        if (first < 0)
        {
            return [];
        }

        var deltas = new List<CounterDelta>(readings.Length);
        var swaps = replacements ?? [];
        var prev = readings[first];
        var rejected = 0;
        var rejectedFlags = QualityFlags.None;
        for (var v = NextValid(readings, first + 1); v >= 0; v = NextValid(readings, v + 1))
        {
            ref readonly var cur = ref readings[v];
            var following = NextValid(readings, v + 1);

            if (swaps.Count > 0 && Swap(swaps, prev.Time, cur.Time, out var swapCount) is { } swap)
            {
                var value = swapCount == 1 && swap is { OldFinal: { } oldFinal, NewInitial: { } newInitial }
                    && oldFinal - prev.Value >= -spec.Slack(oldFinal) && cur.Value - newInitial >= -spec.Slack(cur.Value)
                    ? (oldFinal - prev.Value) + (cur.Value - newInitial)
                    : double.NaN;
                Emit(in cur, value, QualityFlags.MeterReplaced);
                continue;
            }

            var step = cur.Value - prev.Value;
            var slack = spec.Slack(Math.Max(Math.Abs(prev.Value), Math.Abs(cur.Value)));
            var limit = Limit(spec, prev.Time, cur.Time, slack);
            if (step >= -slack)
            {
                if (step <= limit)
                {
                    Emit(in cur, step, QualityFlags.None);
                }
                else if (spec.MaxRatePerHour is not null && following >= 0 && Consistent(spec, prev, readings[following]))
                {
                    rejected++;
                    rejectedFlags |= QualityFlags.Spike;
                }
                else
                {
                    Emit(in cur, double.NaN, QualityFlags.Spike);
                }

                continue;
            }

            if (spec.RolloverModulus is { } modulus)
            {
                var wrapped = step + modulus;
                var plausible = wrapped >= -slack && (spec.MaxRatePerHour is null ? wrapped <= modulus * spec.RolloverPlausibleFraction : wrapped <= limit);
                if (plausible)
                {
                    Emit(in cur, wrapped, QualityFlags.Rollover);
                    continue;
                }
            }

            if (following >= 0 && Consistent(spec, prev, readings[following]))
            {
                rejected++;
                rejectedFlags |= QualityFlags.BackwardStep;
                continue;
            }

            var resetBelow = spec.ResetBelow ?? (spec.MaxRatePerHour is null ? 0.01 * Math.Abs(prev.Value) : limit);
            if (cur.Value <= resetBelow && cur.Value >= -slack)
            {
                Emit(in cur, spec.ResetPolicy == ResetPolicy.CountFromZero ? Math.Max(cur.Value, 0) : double.NaN,
                    spec.ResetPolicy == ResetPolicy.CountFromZero ? QualityFlags.Reset | QualityFlags.Estimated : QualityFlags.Reset);
            }
            else
            {
                Emit(in cur, double.NaN, QualityFlags.BackwardStep);
            }
        }

        return [.. deltas];

        void Emit(in Reading cur, double value, QualityFlags flags)
        {
            deltas.Add(new CounterDelta(prev.Time, cur.Time, prev.Value, cur.Value, value, flags | rejectedFlags, rejected));
            prev = cur;
            rejected = 0;
            rejectedFlags = QualityFlags.None;
        }
    }

    private static int NextValid(ReadOnlySpan<Reading> readings, int from)
    {
        for (var i = from; i < readings.Length; i++)
        {
            if (double.IsFinite(readings[i].Value) && (readings[i].Flags & QualityFlags.Invalid) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static MeterReplacement? Swap(IReadOnlyList<MeterReplacement> swaps, Instant after, Instant upTo, out int count)
    {
        MeterReplacement? found = null;
        count = 0;
        foreach (var s in swaps)
        {
            if (s.At > after && s.At <= upTo)
            {
                found = s;
                count++;
            }
        }

        return found;
    }

    /// <summary>The increments of <paramref name="deltas"/>, for <see cref="IntervalProjection"/>.</summary>
    public static Increment[] ToIncrements(IReadOnlyList<CounterDelta> deltas)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        var increments = new Increment[deltas.Count];
        for (var i = 0; i < increments.Length; i++)
        {
            increments[i] = deltas[i].ToIncrement();
        }

        return increments;
    }

    private static double Limit(CounterSpec spec, Instant from, Instant to, double slack) =>
        spec.MaxRatePerHour is { } rate ? (rate * (to - from).TotalHours) + slack : double.PositiveInfinity;

    /// <summary>Would going straight from <paramref name="prev"/> to <paramref name="next"/> be ordinary consumption?</summary>
    private static bool Consistent(CounterSpec spec, Reading prev, Reading next)
    {
        var step = next.Value - prev.Value;
        var slack = spec.Slack(Math.Max(Math.Abs(prev.Value), Math.Abs(next.Value)));
        return step >= -slack && step <= Limit(spec, prev.Time, next.Time, slack);
    }
}
