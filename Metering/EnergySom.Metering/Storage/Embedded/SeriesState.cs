namespace EnergySom.Metering.Storage.Embedded;

/// <summary>One series of the embedded store: its sealed blocks on disk (in write order) and its head in memory.</summary>
internal sealed class SeriesState(int id, SeriesKey key)
{
    public int Id { get; } = id;

    public SeriesKey Key { get; } = key;

    /// <summary>Sealed blocks in the order they were written: a later block wins over an earlier one at the same timestamp.</summary>
    public List<BlockRef> Blocks { get; } = [];

    public SeriesHead Head { get; } = new();

    public bool HasData => Blocks.Count > 0 || Head.Count > 0;
}
