using EnergySom.Metering.Quality;
using NodaTime;

namespace EnergySom.Metering.Storage;

/// <summary>
/// A time-series store of readings. Every implementation passes the same contract tests
/// (tests/EnergySom.Metering.Tests/Storage/ReadingStoreContract.cs).
/// </summary>
/// <remarks>
/// Writes are idempotent on (series, timestamp): writing a reading again replaces the stored value, so a
/// replayed batch never doubles anything. Reads are half-open, <c>[from, to)</c>, in time order.
/// </remarks>
public interface IReadingStore : IReadingSink, IAsyncDisposable
{
    /// <summary>Readings of <paramref name="series"/> with <c>from ≤ time &lt; to</c>, in time order.</summary>
    ValueTask<IReadOnlyList<Reading>> ReadAsync(SeriesKey series, Instant from, Instant to, CancellationToken ct);

    /// <summary>Every series that has at least one reading.</summary>
    ValueTask<IReadOnlyList<SeriesKey>> ListSeriesAsync(CancellationToken ct);

    /// <summary>
    /// Aggregates a series into calendar buckets (hour, day, month) of <paramref name="zone"/> over
    /// <c>[from, to)</c>; buckets without readings are returned with a count of 0 and a NaN value.
    /// </summary>
    ValueTask<IReadOnlyList<CalendarBucket>> AggregateAsync(
        SeriesKey series, Instant from, Instant to, CalendarPeriod period, DateTimeZone zone, AggregateFunction function, CancellationToken ct);
}
