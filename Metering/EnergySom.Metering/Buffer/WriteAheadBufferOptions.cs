namespace EnergySom.Metering.Buffer;

/// <summary>Size and behaviour of the write-ahead buffer.</summary>
public sealed record WriteAheadBufferOptions
{
    /// <summary>
    /// Most bytes of not-yet-forwarded batches kept on disk (default 2 GiB: about 100 million readings, a day of 100
    /// meters × 20 points polled every second, or two weeks at 15 s).
    /// </summary>
    public long MaxBytes { get; init; } = 2L << 30;

    /// <summary>Size at which the active segment file is closed and a new one started (default 16 MiB); forwarded segments are deleted whole.</summary>
    public long SegmentBytes { get; init; } = 16L << 20;

    /// <summary>What a write does when the batch does not fit.</summary>
    public BufferFullPolicy WhenFull { get; init; } = BufferFullPolicy.Wait;

    /// <summary>Flush every append to the disk (fsync) before acknowledging it. Only benchmarks turn this off.</summary>
    public bool FlushToDisk { get; init; } = true;
}
