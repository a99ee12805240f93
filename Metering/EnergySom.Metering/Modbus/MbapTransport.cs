using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergySom.Metering.Modbus;

/// <summary>
/// Modbus TCP (MBAP) over a TCP socket. Each request gets the next transaction id; a reply carrying the id of
/// an earlier request that timed out is a late reply and is skipped, any other id is a protocol fault.
/// </summary>
public sealed partial class MbapTransport : IModbusTransport
{
    private readonly string _host;
    private readonly int _port;
    private readonly ILogger _logger;
    private readonly SocketConnection _connection = new();
    private readonly byte[] _request = new byte[ModbusTcpFrame.ReadRequestLength];
    private ushort _transactionId;

    // Oldest transaction that timed out and may still be answered; null when nothing is outstanding.
    private ushort? _oldestUnanswered;

    public MbapTransport(string host, int port, ILogger? logger = null)
    {
        _host = host;
        _port = port;
        _logger = logger ?? NullLogger.Instance;
    }

    public ModbusFraming Framing => ModbusFraming.Tcp;

    public string Endpoint => $"{_host}:{_port}";

    public bool IsConnected => _connection.IsOpen;

    public async ValueTask ConnectAsync(CancellationToken ct)
    {
        await _connection.OpenAsync(_host, _port, ct);
        _oldestUnanswered = null;
    }

    public async ValueTask<ModbusResponse> ExchangeAsync(ModbusTarget target, CancellationToken ct)
    {
        var transactionId = unchecked(++_transactionId);
        var length = ModbusTcpFrame.WriteReadRequest(_request, transactionId, target.Unit, target.Kind, target.Start, target.Count);
        await _connection.SendAsync(_request.AsMemory(0, length), ct);
        while (true)
        {
            var status = ModbusTcpFrame.DecodeReply(_connection.Buffered, transactionId, target.Unit, target.Kind, target.Count, out var frame);
            switch (status)
            {
                case FrameStatus.Incomplete:
                    if (!await _connection.FillAsync(ct))
                    {
                        throw new ModbusConnectionException(target, "closed by the gateway");
                    }

                    continue;
                case FrameStatus.OtherTransaction when IsLate(frame.TransactionId, transactionId):
                    LogLateReplySkipped(target.Gateway, frame.Unit, frame.TransactionId);
                    _connection.Consume(frame.Length);
                    continue;
                case FrameStatus.OtherTransaction:
                case FrameStatus.Malformed:
                    throw new ModbusProtocolException(target, frame.Problem ?? "unreadable reply");
            }

            // Replies come in order: once this one is here, earlier ones are answered or lost for good.
            _oldestUnanswered = null;
            var reply = _connection.BufferedMemory;
            _connection.Consume(frame.Length);
            return status == FrameStatus.DeviceException
                ? new ModbusResponse(default, frame.ExceptionCode)
                : new ModbusResponse(reply.Slice(frame.DataOffset, frame.DataLength), 0);
        }
    }

    public void AbandonPending() => _oldestUnanswered ??= _transactionId;

    public void Disconnect()
    {
        _connection.Close();
        _oldestUnanswered = null;
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private bool IsLate(ushort replyId, ushort current) =>
        _oldestUnanswered is { } oldest && unchecked((ushort)(replyId - oldest) < (ushort)(current - oldest));

    [LoggerMessage(Level = LogLevel.Debug, Message = "gateway {Gateway}: skipped a late reply from unit {Unit} (transaction {TransactionId}) to a request that timed out")]
    private partial void LogLateReplySkipped(string gateway, byte unit, ushort transactionId);
}
