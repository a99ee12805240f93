using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EnergySom.Firmware.Registers;
using NodaTime;

namespace EnergySom.Firmware.VirtualMeter;

/// <summary>
/// A Modbus TCP server that serves one or more <see cref="VirtualMeterUnit"/>s, like a serial-to-Ethernet
/// gateway with meters behind it. Listens on loopback unless told otherwise. Answers function codes 01–04;
/// other codes get exception 0x01, unknown unit ids exception 0x0B (gateway target failed to respond).
/// </summary>
public sealed class VirtualMeterServer : IAsyncDisposable
{
    private const int MbapLength = 7;
    private readonly ConcurrentDictionary<byte, VirtualMeterUnit> _units = new();
    private readonly ConcurrentDictionary<byte, VirtualMeterFaults> _faults = new();
    private readonly TcpListener _listener;
    private readonly IClock _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private Task? _acceptLoop;
    private long _requests;

    public VirtualMeterServer(IEnumerable<VirtualMeterUnit> units, IClock clock, int port = 0, IPAddress? address = null)
    {
        foreach (var unit in units)
        {
            if (!_units.TryAdd(unit.UnitId, unit))
            {
                throw new ArgumentException($"unit id {unit.UnitId} is served twice", nameof(units));
            }

            _faults[unit.UnitId] = new VirtualMeterFaults();
        }

        _clock = clock;
        _listener = new TcpListener(address ?? IPAddress.Loopback, port);
    }

    /// <summary>The endpoint actually bound (the port is chosen by the system when 0 was given).</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Requests answered (including exception replies) since start.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>The fault switches of a unit.</summary>
    public VirtualMeterFaults Faults(byte unitId) => _faults[unitId];

    /// <summary>Binds and starts accepting. Throws <see cref="SocketException"/> when the port is taken.</summary>
    public void Start()
    {
        _listener.Server.ExclusiveAddressUse = true;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(_stop.Token);
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
            var task = ServeAsync(socket, ct);
            _connections.TryAdd(task, 0);
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken ct)
    {
        var request = new byte[MbapLength + 253];
        var reply = new byte[MbapLength + 253];
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
                    var unit = request[6];
                    if (protocol != 0 || length is < 2 or > 254)
                    {
                        return; // Not Modbus: a real gateway closes the connection.
                    }

                    if (!await ReadExactlyAsync(socket, request.AsMemory(MbapLength, length - 1), ct))
                    {
                        return;
                    }

                    var faults = _faults.GetValueOrDefault(unit);
                    if (faults is not null)
                    {
                        if (faults.ReplyDelay > TimeSpan.Zero)
                        {
                            await Task.Delay(faults.ReplyDelay, ct);
                        }

                        if (faults.DropConnection)
                        {
                            return;
                        }

                        if (faults.Silent)
                        {
                            continue;
                        }
                    }

                    var pduLength = Handle(unit, request.AsSpan(MbapLength, length - 1), reply.AsSpan(MbapLength), faults);
                    BinaryPrimitives.WriteUInt16BigEndian(reply, transaction);
                    BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(2), 0);
                    BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(4), (ushort)(pduLength + 1));
                    reply[6] = unit;
                    Interlocked.Increment(ref _requests);
                    await socket.SendAsync(reply.AsMemory(0, MbapLength + pduLength), SocketFlags.None, ct);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Client went away or the server is stopping.
            }
        }
    }

    /// <summary>Answers one request PDU; returns the length of the reply PDU written to <paramref name="reply"/>.</summary>
    private int Handle(byte unitId, ReadOnlySpan<byte> pdu, Span<byte> reply, VirtualMeterFaults? faults)
    {
        var function = pdu[0];
        reply[0] = function;
        if (!_units.TryGetValue(unitId, out var unit))
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

        if (faults is { ExceptionCode: > 0 and var forced })
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
