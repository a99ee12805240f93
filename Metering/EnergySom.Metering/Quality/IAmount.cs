using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>An amount over a span of time, as <see cref="IntervalProjection"/> reads it (lets it read counter deltas in place).</summary>
internal interface IAmount
{
    Instant From { get; }

    Instant To { get; }

    double Value { get; }

    QualityFlags Flags { get; }
}
