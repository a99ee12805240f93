namespace EnergySom.Metering.Storage;

/// <summary>Settings of the embedded store.</summary>
public sealed record EmbeddedStoreOptions
{
    /// <summary>
    /// When true (the default) every write is flushed to the disk (fsync) before it completes, so a reading
    /// reported stored survives a power cut. Bulk imports may turn it off and flush once at the end.
    /// </summary>
    public bool FlushToDisk { get; init; } = true;
}
