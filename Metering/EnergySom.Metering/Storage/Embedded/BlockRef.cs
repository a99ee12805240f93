namespace EnergySom.Metering.Storage.Embedded;

/// <summary>Where a sealed block of one series sits in the store file, and the time range it covers (Unix ticks).</summary>
/// <param name="Offset">File offset of the record header.</param>
/// <param name="Length">Payload length (without the 8-byte record header).</param>
/// <param name="Count">Points in the block.</param>
/// <param name="MinTime">First timestamp.</param>
/// <param name="MaxTime">Last timestamp.</param>
internal readonly record struct BlockRef(long Offset, int Length, int Count, long MinTime, long MaxTime);
