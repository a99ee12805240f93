using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Buffer;

/// <summary>Batches read from the buffer for the store, and the position to acknowledge once the store has them.</summary>
/// <param name="Readings">The readings of one or more batches, in the order they were appended.</param>
/// <param name="End">Acknowledge this position after the store took <paramref name="Readings"/>.</param>
/// <param name="Batches">How many appended batches they came from.</param>
/// <param name="OldestAppendedAt">When the first of those batches was appended.</param>
public sealed record PendingReadings(IReadOnlyList<Reading> Readings, BufferPosition End, int Batches, Instant OldestAppendedAt);
