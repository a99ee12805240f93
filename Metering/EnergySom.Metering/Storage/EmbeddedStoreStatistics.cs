namespace EnergySom.Metering.Storage;

/// <summary>What the embedded store holds and what it costs.</summary>
/// <param name="FileBytes">Size of the store file.</param>
/// <param name="LiveBytes">Bytes still needed (series, blocks, index); the rest is superseded log, reclaimed by compaction.</param>
/// <param name="Series">Series defined.</param>
/// <param name="Blocks">Sealed, compressed blocks.</param>
/// <param name="HeadPoints">Points held in memory, not yet sealed (they are in the file's log records).</param>
/// <param name="SealedPoints">Points in sealed blocks (a timestamp rewritten later counts twice until compaction).</param>
public sealed record EmbeddedStoreStatistics(long FileBytes, long LiveBytes, int Series, long Blocks, long HeadPoints, long SealedPoints);
