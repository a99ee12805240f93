using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Tests.Buffer;

/// <summary>
/// A real store behind switches a test flips: down (every write fails), a queue of one-off failures, failing
/// after the write went through (the acknowledgement is lost), refusing readings of one measurement for good.
/// Counts every reading it is sent, so a test sees replays.
/// </summary>
public sealed class ScriptedStore(IReadingStore inner) : IReadingStore
{
    private readonly Queue<Exception> _failures = new();
    private long _sent;
    private int _down;

    public bool Down
    {
        get => Volatile.Read(ref _down) != 0;
        set => Volatile.Write(ref _down, value ? 1 : 0);
    }

    /// <summary>Readings of this measurement are refused for good (the rest of their batch is stored).</summary>
    public string? RefuseMeasurement { get; set; }

    /// <summary>The next write is stored, but then reported failed (a lost acknowledgement).</summary>
    public bool FailAfterNextWrite { get; set; }

    public long ReadingsSent => Interlocked.Read(ref _sent);

    public int Writes { get; private set; }

    public void FailNext(Exception exception)
    {
        lock (_failures)
        {
            _failures.Enqueue(exception);
        }
    }

    public async ValueTask WriteAsync(IReadOnlyList<Reading> batch, CancellationToken ct)
    {
        Writes++;
        Interlocked.Add(ref _sent, batch.Count);
        if (Down)
        {
            throw new ReadingStoreUnavailableException("store is down (scripted)", TimeSpan.FromMilliseconds(20));
        }

        lock (_failures)
        {
            if (_failures.TryDequeue(out var failure))
            {
                throw failure;
            }
        }

        var refused = RefuseMeasurement is { } m ? batch.Where(r => r.Series.Measurement == m).ToList() : [];
        await inner.WriteAsync(batch.Except(refused).ToList(), ct);
        if (refused.Count > 0)
        {
            throw new ReadingsRejectedException($"field type conflict on {RefuseMeasurement}", refused.Select(r => new RejectedReading(r, "type conflict (scripted)")).ToList());
        }

        if (FailAfterNextWrite)
        {
            FailAfterNextWrite = false;
            throw new IOException("connection reset after the write (scripted)");
        }
    }

    public ValueTask<IReadOnlyList<Reading>> ReadAsync(SeriesKey series, Instant from, Instant to, CancellationToken ct) => inner.ReadAsync(series, from, to, ct);

    public ValueTask<IReadOnlyList<SeriesKey>> ListSeriesAsync(CancellationToken ct) => inner.ListSeriesAsync(ct);

    public ValueTask<IReadOnlyList<CalendarBucket>> AggregateAsync(SeriesKey series, Instant from, Instant to, CalendarPeriod period, DateTimeZone zone, AggregateFunction function, CancellationToken ct) =>
        inner.AggregateAsync(series, from, to, period, zone, function, ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
