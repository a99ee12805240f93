using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>
/// The consumption between two accepted raw readings of a counter, with the readings it came from. Raw readings
/// are never changed; this is derived from them and can always be recomputed.
/// </summary>
/// <param name="From">Time of the earlier raw reading.</param>
/// <param name="To">Time of the later raw reading.</param>
/// <param name="FromValue">Register value of the earlier reading (canonical unit).</param>
/// <param name="ToValue">Register value of the later reading.</param>
/// <param name="Value">Consumption over <c>[From, To)</c>; NaN when it cannot be known (reset, backward step, spike,
/// replacement without the swap readings).</param>
/// <param name="Flags">Why the value is what it is.</param>
/// <param name="Rejected">Raw readings between the two that were set aside as glitches (a one-off dip or jump).</param>
public readonly record struct CounterDelta(Instant From, Instant To, double FromValue, double ToValue, double Value, QualityFlags Flags, int Rejected = 0) : IAmount
{
    /// <summary>The delta as an amount over its span.</summary>
    public Increment ToIncrement() => new(From, To, Value, Flags);
}
