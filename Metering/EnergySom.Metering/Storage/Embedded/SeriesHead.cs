namespace EnergySom.Metering.Storage.Embedded;

/// <summary>
/// The points of one series not yet sealed into a block: parallel arrays sorted by time, one point per
/// timestamp (a later write of the same timestamp replaces the earlier one).
/// </summary>
internal sealed class SeriesHead
{
    private long[] _times = new long[16];
    private double[] _values = new double[16];
    private QualityFlags[] _flags = new QualityFlags[16];

    public int Count { get; private set; }

    public ReadOnlySpan<long> Times => _times.AsSpan(0, Count);

    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    public ReadOnlySpan<QualityFlags> Flags => _flags.AsSpan(0, Count);

    public void Upsert(long time, double value, QualityFlags flags)
    {
        if (Count == 0 || time > _times[Count - 1])
        {
            EnsureCapacity(Count + 1);
            _times[Count] = time;
            _values[Count] = value;
            _flags[Count] = flags;
            Count++;
            return;
        }

        var index = Array.BinarySearch(_times, 0, Count, time);
        if (index >= 0)
        {
            _values[index] = value;
            _flags[index] = flags;
            return;
        }

        index = ~index;
        EnsureCapacity(Count + 1);
        Array.Copy(_times, index, _times, index + 1, Count - index);
        Array.Copy(_values, index, _values, index + 1, Count - index);
        Array.Copy(_flags, index, _flags, index + 1, Count - index);
        _times[index] = time;
        _values[index] = value;
        _flags[index] = flags;
        Count++;
    }

    /// <summary>Drops every point (they were sealed into blocks). Large arrays are released.</summary>
    public void Clear()
    {
        Count = 0;
        if (_times.Length > 4096)
        {
            _times = new long[16];
            _values = new double[16];
            _flags = new QualityFlags[16];
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _times.Length)
        {
            return;
        }

        var size = Math.Max(needed, _times.Length * 2);
        Array.Resize(ref _times, size);
        Array.Resize(ref _values, size);
        Array.Resize(ref _flags, size);
    }
}
