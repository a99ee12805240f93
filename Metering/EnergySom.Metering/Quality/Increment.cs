using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>
/// An amount (energy, volume) accumulated over <c>[From, To)</c>: a counter delta between two raw readings, or one
/// stored interval reading. <see cref="IntervalProjection"/> spreads increments onto calendar buckets.
/// </summary>
/// <param name="From">Start of the span; for a counter delta, the time of the earlier raw reading.</param>
/// <param name="To">End of the span; for a counter delta, the time of the later raw reading.</param>
/// <param name="Value">The amount, NaN when unknown.</param>
/// <param name="Flags">Quality of the amount.</param>
public readonly record struct Increment(Instant From, Instant To, double Value, QualityFlags Flags) : IAmount;
