using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>
/// One calendar bucket of a zone as a half-open span of instants, <c>[Start, End)</c>.
/// </summary>
/// <param name="LocalStart">The bucket's label in local time: the local hour, day or month it stands for (a day whose
/// midnight falls in a DST gap is still labelled 00:00).</param>
/// <param name="Offset">The zone's UTC offset at <paramref name="Start"/>; tells the two buckets of a repeated hour apart.</param>
/// <param name="Start">First instant in the bucket (clipped to the requested range).</param>
/// <param name="End">First instant after the bucket (clipped to the requested range).</param>
/// <param name="Clipped">True when the requested range cut the bucket short at either end.</param>
public readonly record struct CalendarSpan(LocalDateTime LocalStart, Offset Offset, Instant Start, Instant End, bool Clipped = false)
{
    /// <summary>Length of the span.</summary>
    public Duration Duration => End - Start;

    /// <summary>The label with its offset, e.g. <c>2025-10-26T02:00:00+01</c> for the second 02:00 hour in Berlin.</summary>
    public OffsetDateTime LocalStartWithOffset => new(LocalStart, Offset);
}
