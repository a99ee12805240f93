using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EnergySom.Firmware.Registers;
using NodaTime;

namespace EnergySom.Firmware.VirtualMeter;

/// <summary>
/// A Modbus server that serves one or more <see cref="VirtualMeterUnit"/>s, like a serial-to-Ethernet gateway
/// with meters behind it, in Modbus TCP or RTU-over-TCP framing. Listens on loopback unless told otherwise.
/// Answers function codes 01–04; other codes get exception 0x01. On Modbus TCP an unknown unit id gets exception
/// 0x0B (gateway target failed to respond); in RTU framing it gets silence, as on a real bus.
/// </summary>
public sealed class VirtualMeterServer : IAsyncDisposable
{
    private const int MbapLength = 7;
    private const int MaxPdu = 253;
    private static readonly TimeSpan RtuSilence = TimeSpan.FromMilliseconds(20);
    private readonly ConcurrentDictionary<byte, VirtualMeterUnit> _units = new();
    private readonly TcpListener _listener;
    private readonly IClock _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private Task? _acceptLoop;
    private long _requests;
    private int _disposed;

    public VirtualMeterServer(IEnumerable<VirtualMeterUnit> units, IClock clock, int port = 0, IPAddress? address = null)
        : this(units, clock, new VirtualMeterServerOptions { Port = port, Address = address ?? IPAddress.Loopback })
    {
    }

    public VirtualMeterServer(IEnumerable<VirtualMeterUnit> units, IClock clock, VirtualMeterServerOptions options)
    {
        foreach (var unit in units)
        {
            if (!_units.TryAdd(unit.UnitId, unit))
            {
                throw new ArgumentException($"unit id {unit.UnitId} is served twice", nameof(units));
            }
        }

        _clock = clock;
        Framing = options.Framing;
        _listener = new TcpListener(options.Address, options.Port);
    }

    /// <summary>The endpoint actually bound (the port is chosen by the system when 0 was given).</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Modbus TCP or RTU over TCP.</summary>
    public VirtualMeterFraming Framing { get; }

    /// <summary>Requests answered (including exception replies) since start.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>Client connections open now.</summary>
    public int ConnectionCount => _sockets.Count;

    /// <summary>The units served, by unit id.</summary>
    public IReadOnlyCollection<VirtualMeterUnit> Units => [.. _units.Values.OrderBy(u => u.UnitId)];

    /// <summary>The unit with this id.</summary>
    public VirtualMeterUnit Unit(byte unitId) =>
        _units.TryGetValue(unitId, out var unit) ? unit : throw new KeyNotFoundException($"no unit {unitId} on this virtual gateway");

    /// <summary>The fault switches of a unit.</summary>
    public VirtualMeterFaults Faults(byte unitId) => Unit(unitId).Faults;

    /// <summary>
    /// Binds, brings every unit's counters up to the present, and starts accepting. Throws
    /// <see cref="SocketException"/> when the port is taken.
    /// </summary>
    /// <remarks>
    /// Catching up happens here, before the first client connects, because a value source whose counters start
    /// long ago (the demo's start at the end of its history) would otherwise spend the first request's time
    /// integrating, and a collector would time that request out.
    /// </remarks>
    public void Start()
    {
        _listener.Server.ExclusiveAddressUse = true;
        _listener.Start();
        var now = _clock.GetCurrentInstant();
        foreach (var unit in _units.Values)
        {
            unit.CatchUp(now);
        }

        _acceptLoop = AcceptLoopAsync(_stop.Token);
    }

    /// <summary>Closes every open client connection at once, as a gateway that reboots does. New connections are accepted.</summary>
    public void DropAllConnections()
    {
        foreach (var socket in _sockets.Keys)
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already closing.
            }

            socket.Close();
        }
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            socket.NoDelay = true;
            _sockets.TryAdd(socket, 0);
            var task = Framing == VirtualMeterFraming.Tcp ? ServeTcpAsync(socket, ct) : ServeRtuAsync(socket, ct);
            _connections.TryAdd(task, 0);
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeTcpAsync(Socket socket, CancellationToken ct)
    {
        var request = new byte[MbapLength + MaxPdu];
        var reply = new byte[MbapLength + MaxPdu];
        using (socket)
        {
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    if (!await ReadExactlyAsync(socket, request.AsMemory(0, MbapLength), ct))
                    {
                        return;
                    }

                    var transaction = BinaryPrimitives.ReadUInt16BigEndian(request);
                    var protocol = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(2));
                    var length = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(4));
                    var unitId = request[6];
                    if (protocol != 0 || length is < 2 or > 254)
                    {
                        return; // Not Modbus: a real gateway closes the connection.
                    }

                    if (!await ReadExactlyAsync(socket, request.AsMemory(MbapLength, length - 1), ct))
                    {
                        return;
                    }

                    var unit = _units.GetValueOrDefault(unitId);
                    if (unit is not null)
                    {
                        switch (await ApplySwitchesAsync(unit.Faults, ct))
                        {
                            case Reaction.Drop: return;
                            case Reaction.Ignore: continue;
                        }
                    }

                    var pduLength = Handle(unit, request.AsSpan(MbapLength, length - 1), reply.AsSpan(MbapLength));
                    BinaryPrimitives.WriteUInt16BigEndian(reply, transaction);
                    BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), 0);
                    BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(4), (ushort)(pduLength + 1));
                    reply[6] = unitId;
                    Interlocked.Increment(ref _requests);
                    await socket.SendAsync(reply.AsMemory(0, MbapLength + pduLength), SocketFlags.None, ct);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Client went away, the connection was dropped on command, or the server is stopping.
            }
            finally
            {
                _sockets.TryRemove(socket, out _);
            }
        }
    }

    private async Task ServeRtuAsync(Socket socket, CancellationToken ct)
    {
        var frame = new byte[1 + MaxPdu + 2];
        var reply = new byte[1 + MaxPdu + 2];
        using (socket)
        {
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var length = await ReadRtuFrameAsync(socket, frame, ct);
                    if (length == 0)
                    {
                        return;
                    }

                    if (length < 4 || !Crc16Modbus.Check(frame.AsSpan(0, length)))
                    {
                        continue; // A bad CRC is noise on the line: a real device does not answer.
                    }

                    var unitId = frame[0];
                    if (!_units.TryGetValue(unitId, out var unit))
                    {
                        continue; // Broadcast or nobody at this address: the bus stays silent.
                    }

                    switch (await ApplySwitchesAsync(unit.Faults, ct))
                    {
                        case Reaction.Drop: return;
                        case Reaction.Ignore: continue;
                    }

                    reply[0] = unitId;
                    var pduLength = Handle(unit, frame.AsSpan(1, length - 3), reply.AsSpan(1));
                    Crc16Modbus.Append(reply, 1 + pduLength);
                    Interlocked.Increment(ref _requests);
                    await socket.SendAsync(reply.AsMemory(0, 1 + pduLength + 2), SocketFlags.None, ct);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Client went away, the connection was dropped on command, or the server is stopping.
            }
            finally
            {
                _sockets.TryRemove(socket, out _);
            }
        }
    }

    /// <summary>
    /// Reads one RTU frame. Its length follows from the function code for the codes a meter knows (01–06, 15,
    /// 16); for any other code the frame ends at a pause, as the 3.5-character silence ends it on a serial line.
    /// </summary>
    /// <returns>The frame length, or 0 when the client closed the connection.</returns>
    private static async ValueTask<int> ReadRtuFrameAsync(Socket socket, byte[] frame, CancellationToken ct)
    {
        if (!await ReadExactlyAsync(socket, frame.AsMemory(0, 2), ct))
        {
            return 0;
        }

        switch (frame[1])
        {
            case >= 0x01 and <= 0x06:
                return await ReadExactlyAsync(socket, frame.AsMemory(2, 6), ct) ? 8 : 0;
            case 0x0F or 0x10:
                if (!await ReadExactlyAsync(socket, frame.AsMemory(2, 5), ct))
                {
                    return 0;
                }

                var rest = frame[6] + 2;
                return 7 + rest <= frame.Length && await ReadExactlyAsync(socket, frame.AsMemory(7, rest), ct) ? 7 + rest : 0;
            default:
                var length = 2;
                while (length < frame.Length)
                {
                    using var pause = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    pause.CancelAfter(RtuSilence);
                    try
                    {
                        var n = await socket.ReceiveAsync(frame.AsMemory(length), SocketFlags.None, pause.Token);
                        if (n == 0)
                        {
                            return 0;
                        }

                        length += n;
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        break; // silence: the frame is complete
                    }
                }

                return length;
        }
    }

    private enum Reaction
    {
        Answer,
        Ignore,
        Drop,
    }

    private static async ValueTask<Reaction> ApplySwitchesAsync(VirtualMeterFaults faults, CancellationToken ct)
    {
        if (faults.ReplyDelay > TimeSpan.Zero)
        {
            await Task.Delay(faults.ReplyDelay, ct);
        }

        return faults.DropConnection ? Reaction.Drop : faults.Silent ? Reaction.Ignore : Reaction.Answer;
    }

    /// <summary>Answers one request PDU; returns the length of the reply PDU written to <paramref name="reply"/>.</summary>
    private int Handle(VirtualMeterUnit? unit, ReadOnlySpan<byte> pdu, Span<byte> reply)
    {
        var function = pdu[0];
        reply[0] = function;
        if (unit is null)
        {
            return Exception(reply, function, 0x0B);
        }

        RegisterKind kind;
        switch (function)
        {
            case 0x01: kind = RegisterKind.Coil; break;
            case 0x02: kind = RegisterKind.DiscreteInput; break;
            case 0x03: kind = RegisterKind.Holding; break;
            case 0x04: kind = RegisterKind.Input; break;
            default: return Exception(reply, function, 0x01);
        }

        if (pdu.Length != 5)
        {
            return Exception(reply, function, 0x03);
        }

        var start = BinaryPrimitives.ReadUInt16BigEndian(pdu[1..]);
        var count = BinaryPrimitives.ReadUInt16BigEndian(pdu[3..]);
        var maxCount = kind.IsBit() ? 2000 : 125;
        if (count == 0 || count > maxCount)
        {
            return Exception(reply, function, 0x03);
        }

        if (unit.Faults is { ExceptionCode: > 0 and var forced })
        {
            return Exception(reply, function, forced);
        }

        if (kind.IsBit())
        {
            Span<byte> bits = stackalloc byte[2000];
            var code = unit.ReadImage(kind, start, count, _clock.GetCurrentInstant(), bits);
            if (code != 0)
            {
                return Exception(reply, function, code);
            }

            var byteCount = (count + 7) / 8;
            reply[1] = (byte)byteCount;
            reply.Slice(2, byteCount).Clear();
            for (var i = 0; i < count; i++)
            {
                if (bits[i] != 0)
                {
                    reply[2 + (i / 8)] |= (byte)(1 << (i % 8));
                }
            }

            return 2 + byteCount;
        }

        var registers = reply.Slice(2, count * 2);
        var error = unit.ReadImage(kind, start, count, _clock.GetCurrentInstant(), registers);
        if (error != 0)
        {
            return Exception(reply, function, error);
        }

        reply[1] = (byte)(count * 2);
        return 2 + (count * 2);
    }

    private static int Exception(Span<byte> reply, byte function, byte code)
    {
        reply[0] = (byte)(function | 0x80);
        reply[1] = code;
        return 2;
    }

    private static async ValueTask<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, ct);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }

        await Task.WhenAll(_connections.Keys);
        _stop.Dispose();
    }
}
