namespace EnergySom.Metering.Storage;

/// <summary>Settings of the embedded store.</summary>
public sealed record EmbeddedStoreOptions
{
    /// <summary>
    /// When true (the default) every write is flushed to the disk (fsync) before it completes, so a reading
    /// reported stored survives a power cut. Bulk imports may turn it off; checkpoints and closing still flush.
    /// </summary>
    public bool FlushToDisk { get; init; } = true;

    /// <summary>Points per sealed, compressed block (default 1,024: about ten days of 15-minute data).</summary>
    public int BlockSize { get; init; } = 1024;

    /// <summary>
    /// After this many bytes appended since the last checkpoint, the store seals its heads and writes an index, so
    /// the next open reads the index and at most this much log instead of the whole file (default 64 MiB).
    /// </summary>
    public long CheckpointBytes { get; init; } = 64L << 20;

    /// <summary>Rewrite the file without superseded records when they outgrow the live data (and <see cref="CompactMinGarbageBytes"/>).</summary>
    public bool AutoCompact { get; init; } = true;

    /// <summary>Superseded bytes below which the store never compacts on its own (default 64 MiB).</summary>
    public long CompactMinGarbageBytes { get; init; } = 64L << 20;
}
