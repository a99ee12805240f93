using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace EnergySom.Metering.Modbus;

/// <summary>
/// A TCP connection with a receive buffer that keeps partial frames across reads (and across a timed-out
/// request), shared by the transports. Frames are parsed in place from <see cref="Buffered"/>.
/// </summary>
internal sealed class SocketConnection : IDisposable
{
    // Room for a few frames: a reply is at most 260 bytes, and the buffer is compacted before it fills.
    private const int Capacity = 2048;
    private readonly byte[] _buffer = new byte[Capacity];
    private Socket? _socket;
    private int _start;
    private int _end;

    public bool IsOpen => _socket is not null;

    /// <summary>The received bytes not yet consumed.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>The same bytes as memory, to hand reply data to the caller without copying.</summary>
    public ReadOnlyMemory<byte> BufferedMemory => _buffer.AsMemory(_start, _end - _start);

    public async ValueTask OpenAsync(string host, int port, CancellationToken ct)
    {
        Close();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Keep-alive finds a gateway that vanished without closing (power loss, cable cut) on an idle connection.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 10);
            await socket.ConnectAsync(host, port, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        _start = _end = 0;
    }

    /// <summary>Sends a whole frame. One send call per frame: some servers drop a request split across segments.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        var socket = _socket ?? throw new InvalidOperationException("not connected");
        while (!frame.IsEmpty)
        {
            var sent = await socket.SendAsync(frame, SocketFlags.None, ct);
            frame = frame[sent..];
        }
    }

    /// <summary>Receives at least one more byte. Returns false when the peer closed the connection.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        var socket = _socket ?? throw new InvalidOperationException("not connected");
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == Capacity)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        var received = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct);
        _end += received;
        return received > 0;
    }

    public void Consume(int count) => _start += count;

    /// <summary>Drops everything buffered and everything already waiting in the socket; returns how many bytes.</summary>
    public int DiscardPending()
    {
        var discarded = _end - _start;
        _start = _end = 0;
        var socket = _socket;
        while (socket is not null && socket.Available > 0)
        {
            var n = socket.Receive(_buffer, 0, Math.Min(socket.Available, Capacity), SocketFlags.None);
            if (n <= 0)
            {
                break;
            }

            discarded += n;
        }

        return discarded;
    }

    public void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    public void Dispose() => Close();
}
