using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnergySom.Metering.Modbus;

/// <summary>
/// Modbus TCP (MBAP) over a TCP socket. Each request gets the next transaction id. A reply carrying the id of
/// one of the last <see cref="LateReplyWindow"/> requests is a late reply (to a request that timed out) or a
/// duplicate, and is skipped; any other id is a protocol fault.
/// </summary>
public sealed partial class MbapTransport : IModbusTransport
{
    private readonly string _host;
    private readonly int _port;
    private readonly ILogger _logger;
    private readonly SocketConnection _connection = new();
    private readonly byte[] _request = new byte[ModbusTcpFrame.ReadRequestLength];
    private ushort _transactionId;

    /// <summary>How many earlier transaction ids count as late replies rather than faults.</summary>
    public const int LateReplyWindow = 32;

    public MbapTransport(string host, int port, ILogger? logger = null)
    {
        _host = host;
        _port = port;
        _logger = logger ?? NullLogger.Instance;
    }

    public ModbusFraming Framing => ModbusFraming.Tcp;

    public string Endpoint => $"{_host}:{_port}";

    public bool IsConnected => _connection.IsOpen;

    public TimeSpan QuietTimeAfterTimeout => TimeSpan.Zero;

    public ValueTask ConnectAsync(CancellationToken ct) => _connection.OpenAsync(_host, _port, ct);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
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
                case FrameStatus.OtherTransaction when IsRecent(frame.TransactionId, transactionId):
                    LogLateReplySkipped(target.Gateway, frame.Unit, frame.TransactionId);
                    _connection.Consume(frame.Length);
                    continue;
                case FrameStatus.OtherTransaction:
                case FrameStatus.Malformed:
                    throw new ModbusProtocolException(target, frame.Problem ?? "unreadable reply");
            }

            var reply = _connection.BufferedMemory;
            _connection.Consume(frame.Length);
            return status == FrameStatus.DeviceException
                ? new ModbusResponse(default, frame.ExceptionCode)
                : new ModbusResponse(reply.Slice(frame.DataOffset, frame.DataLength), 0);
        }
    }

    // Nothing to do: a late reply carries its transaction id and is skipped when it arrives.
    public void AbandonPending()
    {
    }

    public void Disconnect() => _connection.Close();

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool IsRecent(ushort replyId, ushort current) =>
        unchecked((ushort)(current - replyId)) is >= 1 and <= LateReplyWindow;

    [LoggerMessage(Level = LogLevel.Debug, Message = "gateway {Gateway}: skipped a late or repeated reply from unit {Unit} (transaction {TransactionId})")]
    private partial void LogLateReplySkipped(string gateway, byte unit, ushort transactionId);
}
