using EnergySom.Firmware.Registers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EnergySom.Metering.Modbus;

namespace EnergySom.Metering.Tests.Modbus;

/// <summary>
/// A scripted fake Modbus server on a real loopback socket, for the faults no real peer can be made to
/// produce: wrong transaction ids, truncated, split or garbled frames, bad CRCs, replies from the wrong unit.
/// The script sees each read request and says what bytes to send back, how, and whether to hang up.
/// </summary>
internal sealed class ScriptedModbusServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ModbusFraming _framing;
    private readonly Func<ScriptedModbusServer, Request, Reply> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accept;
    private int _connectionCount;
    private int _requestCount;

    public ScriptedModbusServer(ModbusFraming framing, Func<ScriptedModbusServer, Request, Reply> script)
    {
        _framing = framing;
        _script = script;
        _listener.Start();
        _accept = AcceptAsync();
    }

    /// <summary>A read request as the server received it.</summary>
    public sealed record Request(int Connection, int Index, ushort TransactionId, byte Unit, byte Function, ushort Start, ushort Count);

    /// <summary>What to do with a request: send these segments (pausing between them), then maybe hang up.</summary>
    public sealed record Reply(IReadOnlyList<byte[]> Segments, TimeSpan Delay = default, TimeSpan Pause = default, bool Close = false)
    {
        public static Reply Silence { get; } = new([]);

        public static Reply HangUp { get; } = new([], Close: true);

        public static Reply Bytes(byte[] bytes, TimeSpan delay = default) => new([bytes], delay);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>The well-formed reply to <paramref name="request"/> carrying <paramref name="data"/> (register bytes or packed bits).</summary>
    public byte[] Good(Request request, ReadOnlySpan<byte> data, byte? unit = null, ushort? transactionId = null)
    {
        var pdu = new byte[2 + data.Length];
        pdu[0] = request.Function;
        pdu[1] = (byte)data.Length;
        data.CopyTo(pdu.AsSpan(2));
        return Frame(request, pdu, unit, transactionId);
    }

    /// <summary>An exception reply.</summary>
    public byte[] Exception(Request request, byte code) => Frame(request, [(byte)(request.Function | 0x80), code], null, null);

    /// <summary>Register data whose first register holds the request index, so a test can tell replies apart.</summary>
    public static byte[] Marked(Request request)
    {
        var data = new byte[request.Count * 2];
        BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)(1000 + request.Index));
        return data;
    }

    public byte[] Frame(Request request, ReadOnlySpan<byte> pdu, byte? unit, ushort? transactionId)
    {
        if (_framing == ModbusFraming.Tcp)
        {
            var adu = new byte[7 + pdu.Length];
            BinaryPrimitives.WriteUInt16BigEndian(adu, transactionId ?? request.TransactionId);
            BinaryPrimitives.WriteUInt16BigEndian(adu.AsSpan(4), (ushort)(pdu.Length + 1));
            adu[6] = unit ?? request.Unit;
            pdu.CopyTo(adu.AsSpan(7));
            return adu;
        }

        var frame = new byte[1 + pdu.Length + 2];
        frame[0] = unit ?? request.Unit;
        pdu.CopyTo(frame.AsSpan(1));
        Crc16Modbus.Append(frame, 1 + pdu.Length);
        return frame;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            _connections.Add(ServeAsync(socket, Interlocked.Increment(ref _connectionCount)));
        }
    }

    private async Task ServeAsync(Socket socket, int connection)
    {
        var length = _framing == ModbusFraming.Tcp ? ModbusTcpFrame.ReadRequestLength : ModbusRtuFrame.ReadRequestLength;
        var buffer = new byte[length];
        using (socket)
        {
            try
            {
                while (true)
                {
                    var read = 0;
                    while (read < length)
                    {
                        var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, _stop.Token);
                        if (n == 0)
                        {
                            return;
                        }

                        read += n;
                    }

                    var pdu = _framing == ModbusFraming.Tcp ? buffer.AsSpan(7) : buffer.AsSpan(1);
                    var request = new Request(
                        connection,
                        Interlocked.Increment(ref _requestCount),
                        _framing == ModbusFraming.Tcp ? BinaryPrimitives.ReadUInt16BigEndian(buffer) : (ushort)0,
                        _framing == ModbusFraming.Tcp ? buffer[6] : buffer[0],
                        pdu[0],
                        BinaryPrimitives.ReadUInt16BigEndian(pdu[1..]),
                        BinaryPrimitives.ReadUInt16BigEndian(pdu[3..]));
                    var reply = _script(this, request);
                    if (reply.Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(reply.Delay, _stop.Token);
                    }

                    for (var i = 0; i < reply.Segments.Count; i++)
                    {
                        if (i > 0 && reply.Pause > TimeSpan.Zero)
                        {
                            await Task.Delay(reply.Pause, _stop.Token);
                        }

                        await socket.SendAsync(reply.Segments[i], SocketFlags.None, _stop.Token);
                    }

                    if (reply.Close)
                    {
                        socket.Shutdown(SocketShutdown.Both);
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or the test is over.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
        await Task.WhenAll(_connections);
        _stop.Dispose();
    }
}
