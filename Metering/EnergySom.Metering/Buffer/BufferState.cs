using NodaTime;

namespace EnergySom.Metering.Buffer;

/// <summary>
/// What the write-ahead buffer holds, for the alarm and the command line (<c>energysom buffer status</c>, which
/// reads it from <c>state.json</c> in the buffer folder).
/// </summary>
/// <param name="Directory">The buffer folder.</param>
/// <param name="PendingBytes">Bytes appended but not yet acknowledged by the store.</param>
/// <param name="PendingBatches">Batches not yet acknowledged.</param>
/// <param name="PendingReadings">Readings not yet acknowledged.</param>
/// <param name="CapacityBytes">The size bound.</param>
/// <param name="IsFull">True while a batch did not fit (the alarm is raised).</param>
/// <param name="FullSince">When the buffer last became full, while it is.</param>
/// <param name="OldestPendingAppendedAt">When the oldest unacknowledged batch was appended: how late the store is.</param>
/// <param name="Segments">Segment files on disk.</param>
/// <param name="ForwardedReadings">Readings the store acknowledged since the buffer was opened.</param>
/// <param name="RejectedReadings">Readings the store refused for good since the buffer was opened (in <c>rejected.jsonl</c>).</param>
/// <param name="LastForwardError">The last error the forwarder met, while it is unresolved.</param>
/// <param name="QuarantinedSegments">Segment files found damaged at start and moved to <c>quarantine/</c> for inspection (their readings were not forwarded).</param>
/// <param name="UpdatedAt">When this state was taken.</param>
public sealed record BufferState(
    string Directory,
    long PendingBytes,
    long PendingBatches,
    long PendingReadings,
    long CapacityBytes,
    bool IsFull,
    Instant? FullSince,
    Instant? OldestPendingAppendedAt,
    int Segments,
    long ForwardedReadings,
    long RejectedReadings,
    string? LastForwardError,
    int QuarantinedSegments,
    Instant UpdatedAt);
