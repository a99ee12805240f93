using Microsoft.Win32.SafeHandles;

namespace EnergySom.Metering.Storage.Embedded;

/// <summary>
/// A read-only stream over an open file handle that does not own it: scanning through the same handle that later
/// block reads use guarantees both see the same file, even if a compaction renames a new one over its path.
/// </summary>
internal sealed class HandleStream(SafeFileHandle handle, long length) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; } = length;

    public override long Position { get; set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = RandomAccess.Read(handle, buffer[..(int)Math.Min(buffer.Length, Math.Max(0, Length - Position))], Position);
        Position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
