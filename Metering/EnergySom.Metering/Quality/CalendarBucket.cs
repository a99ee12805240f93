using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>One calendar bucket: its local start, the instants it spans, and the aggregate of the values in it.</summary>
/// <param name="LocalStart">The local hour, day or month the bucket stands for.</param>
/// <param name="Start">First instant of the bucket (clipped to the requested range).</param>
/// <param name="End">First instant after the bucket (clipped to the requested range).</param>
/// <param name="Value">The aggregate, or NaN when no value fell in the bucket.</param>
/// <param name="Count">How many values (NaN excluded) were aggregated.</param>
/// <param name="Flags">The quality flags of the aggregated values, combined; <see cref="QualityFlags.Gap"/> when the bucket is empty.</param>
public readonly record struct CalendarBucket(LocalDateTime LocalStart, Instant Start, Instant End, double Value, int Count, QualityFlags Flags = QualityFlags.None);
