using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>
/// A derived interval value (energy over a quarter hour, hour, day, month) with its quality flags and the raw
/// readings it was computed from.
/// </summary>
/// <param name="Span">The calendar bucket.</param>
/// <param name="Value">The amount over the bucket; NaN when it cannot be known (see <paramref name="Flags"/>). Never
/// zero-filled.</param>
/// <param name="Flags">Quality: Gap (not enough data), Estimated (interpolated over a long span), Rollover, Reset,
/// MeterReplaced, BackwardStep, Spike, and the flags of the underlying readings.</param>
/// <param name="RawFrom">Time of the first raw reading used (at or before the bucket start), null when none.</param>
/// <param name="RawTo">Time of the last raw reading used (at or after the bucket end), null when none.</param>
/// <param name="Coverage">Fraction of the bucket covered by data, 0..1.</param>
public readonly record struct IntervalValue(CalendarSpan Span, double Value, QualityFlags Flags, Instant? RawFrom, Instant? RawTo, double Coverage);
