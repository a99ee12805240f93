using System.Net.Sockets;
using EnergySom.Firmware.Registers;

namespace EnergySom.Metering.Modbus;

/// <summary>
/// A Modbus TCP client for one gateway (or one TCP meter). Thin transport around <see cref="ModbusTcpFrame"/>:
/// one request in flight, replies matched by transaction id (stale replies from a timed-out request are
/// skipped), a per-request timeout, and a reconnect on the next request after any connection fault.
/// </summary>
public sealed class ModbusTcpClient : IAsyncDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly ModbusClientOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly byte[] _request = new byte[ModbusTcpFrame.ReadRequestLength];
    private readonly byte[] _reply = new byte[ModbusTcpFrame.MaxAduLength];
    private Socket? _socket;
    private ushort _transactionId;

    public ModbusTcpClient(string gateway, string host, int port, ModbusClientOptions? options = null)
    {
        Gateway = gateway;
        _host = host;
        _port = port;
        _options = options ?? new ModbusClientOptions();
    }

    /// <summary>Name of the gateway, used in every error.</summary>
    public string Gateway { get; }

    /// <summary>
    /// Reads <paramref name="count"/> registers (2 bytes each into <paramref name="destination"/>) or bits
    /// (one byte, 0 or 1, each) from <paramref name="unit"/>.
    /// </summary>
    /// <exception cref="ModbusException">Any failure, naming gateway, unit and registers.</exception>
    public async ValueTask ReadAsync(byte unit, RegisterKind kind, ushort start, ushort count, Memory<byte> destination, CancellationToken ct)
    {
        var target = new ModbusTarget(Gateway, unit, kind, start, count);
        await _gate.WaitAsync(ct);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                var socket = _socket ??= await ConnectAsync(target, ct);
                var transactionId = unchecked(++_transactionId);
                var length = ModbusTcpFrame.WriteReadRequest(_request, transactionId, unit, kind, start, count);

                // One write per ADU: some servers drop a request split across segments.
                await socket.SendAsync(_request.AsMemory(0, length), SocketFlags.None, timeout.Token);
                while (true)
                {
                    await ReceiveExactlyAsync(socket, _reply.AsMemory(0, ModbusTcpFrame.HeaderLength), target, timeout.Token);
                    if (ModbusTcpFrame.ReadHeader(_reply, out var replyId, out var replyUnit, out var aduLength) != FrameStatus.Ok)
                    {
                        throw new ModbusProtocolException(target, $"bad MBAP header {Convert.ToHexString(_reply, 0, ModbusTcpFrame.HeaderLength)}");
                    }

                    await ReceiveExactlyAsync(socket, _reply.AsMemory(ModbusTcpFrame.HeaderLength, aduLength - ModbusTcpFrame.HeaderLength), target, timeout.Token);
                    if (replyId != transactionId)
                    {
                        continue; // A late reply to an earlier request that timed out.
                    }

                    if (replyUnit != unit)
                    {
                        throw new ModbusProtocolException(target, $"reply from unit {replyUnit}");
                    }

                    Decode(target, _reply.AsSpan(ModbusTcpFrame.HeaderLength, aduLength - ModbusTcpFrame.HeaderLength), destination.Span);
                    return;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                DropConnection();
                throw new ModbusTimeoutException(target, _options.RequestTimeout);
            }
            catch (SocketException ex)
            {
                DropConnection();
                throw new ModbusConnectionException(target, ex.Message, ex);
            }
            catch (ModbusException ex) when (ex is ModbusConnectionException or ModbusProtocolException)
            {
                // After a broken or malformed exchange the byte stream can no longer be trusted.
                DropConnection();
                throw;
            }
            catch (OperationCanceledException)
            {
                DropConnection();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static void Decode(ModbusTarget target, ReadOnlySpan<byte> pdu, Span<byte> destination)
    {
        switch (ModbusTcpFrame.DecodeReadReply(pdu, target.Kind, target.Count, out var data, out var code, out var problem))
        {
            case FrameStatus.Ok:
                if (target.Kind.IsBit())
                {
                    for (var i = 0; i < target.Count; i++)
                    {
                        destination[i] = (byte)((data[i / 8] >> (i % 8)) & 1);
                    }
                }
                else
                {
                    data.CopyTo(destination);
                }

                return;
            case FrameStatus.DeviceException:
                throw new ModbusDeviceException(target, code);
            default:
                throw new ModbusProtocolException(target, problem ?? "unreadable reply");
        }
    }

    private async Task<Socket> ConnectAsync(ModbusTarget target, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(_host, _port, timeout.Token);
            return socket;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new ModbusConnectionException(target, ex is SocketException s ? $"{_host}:{_port}: {s.SocketErrorCode}" : $"{_host}:{_port}: connect timed out", ex);
        }
    }

    private static async ValueTask ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, ModbusTarget target, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, ct);
            if (n == 0)
            {
                throw new ModbusConnectionException(target, "closed by the gateway");
            }

            read += n;
        }
    }

    private void DropConnection()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public ValueTask DisposeAsync()
    {
        _socket?.Dispose();
        _socket = null;
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }
}
