namespace EnergySom.Metering.Buffer;

/// <summary>A place in the buffer: a segment (by sequence number) and a byte offset in it.</summary>
public readonly record struct BufferPosition(long Segment, long Offset) : IComparable<BufferPosition>
{
    public int CompareTo(BufferPosition other) => Segment != other.Segment ? Segment.CompareTo(other.Segment) : Offset.CompareTo(other.Offset);

    public static bool operator <(BufferPosition left, BufferPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(BufferPosition left, BufferPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(BufferPosition left, BufferPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(BufferPosition left, BufferPosition right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"segment {Segment} offset {Offset}";
}
