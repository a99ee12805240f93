namespace EnergySom.Metering.Storage;

/// <summary>Where a collector hands its readings: a store, or the write-ahead buffer in front of one.</summary>
public interface IReadingSink
{
    /// <summary>Takes a batch. When the returned task completes the batch is durable and will not be lost.</summary>
    ValueTask WriteAsync(IReadOnlyList<Reading> batch, CancellationToken ct);
}
