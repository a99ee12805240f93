using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergySom.Metering.Modbus;

/// <summary>
/// Modbus RTU frames (with CRC-16) tunnelled through a TCP socket to a serial-to-Ethernet gateway. RTU has no
/// transaction id, so before each request the transport discards whatever is waiting in the socket (a late
/// reply, line noise), as a serial master flushes its receive buffer; after a timeout the client first keeps
/// quiet for a grace time so that a late reply arrives before the flush. A reply is delimited by its function
/// code and byte count (<see cref="ModbusRtuFrame"/>).
/// </summary>
public sealed partial class RtuOverTcpTransport : IModbusTransport
{
    private readonly string _host;
    private readonly int _port;
    private readonly ILogger _logger;
    private readonly SocketConnection _connection = new();
    private readonly byte[] _request = new byte[ModbusRtuFrame.ReadRequestLength];
    private readonly TimeSpan _lateReplyGrace;

    /// <param name="lateReplyGrace">
    /// After a request timed out, how long the client waits before the next request (see
    /// <see cref="QuietTimeAfterTimeout"/>), whose leftovers are then discarded, so that a late reply is not
    /// taken for the next one (RTU frames carry no transaction id). Set the gateway's own serial response
    /// timeout below the request timeout and late replies cannot happen at all.
    /// </param>
    public RtuOverTcpTransport(string host, int port, TimeSpan? lateReplyGrace = null, ILogger? logger = null)
    {
        _host = host;
        _port = port;
        _lateReplyGrace = lateReplyGrace ?? TimeSpan.FromMilliseconds(50);
        _logger = logger ?? NullLogger.Instance;
    }

    public ModbusFraming Framing => ModbusFraming.RtuOverTcp;

    public string Endpoint => $"{_host}:{_port}";

    public bool IsConnected => _connection.IsOpen;

    public TimeSpan QuietTimeAfterTimeout => _lateReplyGrace;

    public ValueTask ConnectAsync(CancellationToken ct) => _connection.OpenAsync(_host, _port, ct);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ModbusResponse> ExchangeAsync(ModbusTarget target, CancellationToken ct)
    {
        var length = ModbusRtuFrame.WriteReadRequest(_request, target.Unit, target.Kind, target.Start, target.Count);
        var stale = _connection.DiscardPending();
        if (stale > 0)
        {
            LogDiscarded(target.Gateway, target.Unit, stale);
        }

        await _connection.SendAsync(_request.AsMemory(0, length), ct);
        while (true)
        {
            var status = ModbusRtuFrame.DecodeReply(_connection.Buffered, target.Unit, target.Kind, target.Count, out var frame);
            switch (status)
            {
                case FrameStatus.Incomplete:
                    if (!await _connection.FillAsync(ct))
                    {
                        throw new ModbusConnectionException(target, "closed by the gateway");
                    }

                    continue;
                case FrameStatus.Ok or FrameStatus.DeviceException:
                    var reply = _connection.BufferedMemory;
                    _connection.Consume(frame.Length);
                    return status == FrameStatus.DeviceException
                        ? new ModbusResponse(default, frame.ExceptionCode)
                        : new ModbusResponse(reply.Slice(frame.DataOffset, frame.DataLength), 0);
                default:
                    throw new ModbusProtocolException(target, frame.Problem ?? "unreadable reply");
            }
        }
    }

    // Nothing to remember: the client keeps quiet for QuietTimeAfterTimeout, and the next exchange discards
    // whatever arrived meanwhile.
    public void AbandonPending()
    {
    }

    public void Disconnect() => _connection.Close();

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "gateway {Gateway} unit {Unit}: discarded {Bytes} unsolicited bytes before the request")]
    private partial void LogDiscarded(string gateway, byte unit, int bytes);
}
