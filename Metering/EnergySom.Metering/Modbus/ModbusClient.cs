using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using EnergySom.Firmware.Registers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace EnergySom.Metering.Modbus;

/// <summary>
/// A Modbus client for one gateway (or one meter with its own Ethernet port), over any
/// <see cref="IModbusTransport"/>: Modbus TCP or RTU over TCP. One request in flight at a time (callers queue),
/// a timeout per request, a reconnect with exponential backoff after a connection failure, and every failure
/// turned into a typed <see cref="ModbusException"/> naming gateway, unit and registers.
/// </summary>
/// <remarks>
/// Policy on faults: a timeout keeps the connection (Modbus TCP recognises a late reply by its transaction id;
/// RTU flushes it), unless <see cref="ModbusClientOptions.ResetAfterTimeouts"/> timeouts come in a row; a
/// malformed reply or a broken connection closes the connection, because the byte stream can no longer be
/// trusted; an exception reply is an answer and changes nothing. Thread-safe.
/// </remarks>
public sealed partial class ModbusClient : IAsyncDisposable
{
    private readonly IModbusTransport _transport;
    private readonly ModbusClientOptions _options;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CancellationTokenSource _timeout = new();
    private int _consecutiveTimeouts;
    private int _connectFailures;
    private Instant _nextConnectAttempt;
    private string? _lastConnectError;
    private bool _quietBeforeNext;
    private bool _disposed;

    /// <param name="gateway">Name of the gateway, used in every error, log line and metric.</param>
    /// <param name="transport">The transport; the client owns it and disposes it.</param>
    /// <param name="options">Timing; defaults when null.</param>
    /// <param name="clock">Clock for the reconnect backoff; the system clock when null.</param>
    /// <param name="logger">Connection events (connected, lost, reset).</param>
    public ModbusClient(string gateway, IModbusTransport transport, ModbusClientOptions? options = null, IClock? clock = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gateway);
        Gateway = gateway;
        _transport = transport;
        _options = options ?? new ModbusClientOptions();
        _options.Validate();
        _clock = clock ?? SystemClock.Instance;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>A client for <paramref name="host"/>:<paramref name="port"/> with the transport that <paramref name="framing"/> calls for.</summary>
    public static ModbusClient Create(string gateway, string host, int port, ModbusFraming framing = ModbusFraming.Tcp, ModbusClientOptions? options = null, IClock? clock = null, ILogger? logger = null)
    {
        options ??= new ModbusClientOptions();
        IModbusTransport transport = framing switch
        {
            ModbusFraming.Tcp => new MbapTransport(host, port, logger),
            ModbusFraming.RtuOverTcp => new RtuOverTcpTransport(host, port, options.RtuLateReplyGrace, logger),
            _ => throw new ArgumentOutOfRangeException(nameof(framing), framing, null),
        };
        return new ModbusClient(gateway, transport, options, clock, logger);
    }

    /// <summary>Name of the gateway, used in every error.</summary>
    public string Gateway { get; }

    /// <summary>The framing on the wire.</summary>
    public ModbusFraming Framing => _transport.Framing;

    /// <summary>Where the client connects, as <c>host:port</c>.</summary>
    public string Endpoint => _transport.Endpoint;

    /// <summary>True while a connection is open.</summary>
    public bool IsConnected => _transport.IsConnected;

    /// <summary>The options in force.</summary>
    public ModbusClientOptions Options => _options;

    /// <summary>
    /// Reads <paramref name="count"/> registers (2 bytes each, as on the wire, into <paramref name="destination"/>)
    /// or bits (one byte, 0 or 1, each) from <paramref name="unit"/>, with the default request timeout.
    /// </summary>
    /// <exception cref="ModbusException">Any failure, naming gateway, unit and registers.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A read the protocol cannot express (count 0 or above 125 registers / 2000 bits).</exception>
    public ValueTask ReadAsync(byte unit, RegisterKind kind, ushort start, ushort count, Memory<byte> destination, CancellationToken ct) =>
        ReadAsync(unit, kind, start, count, destination, _options.RequestTimeout, ct);

    /// <summary>As <see cref="ReadAsync(byte, RegisterKind, ushort, ushort, Memory{byte}, CancellationToken)"/>, with its own timeout.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ReadAsync(byte unit, RegisterKind kind, ushort start, ushort count, Memory<byte> destination, TimeSpan timeout, CancellationToken ct)
    {
        ModbusPdu.ValidateRead(kind, start, count);
        if (destination.Length < ModbusPdu.DestinationLength(kind, count))
        {
            throw new ArgumentException($"a read of {count} {kind.ToProfileName()} needs {ModbusPdu.DestinationLength(kind, count)} bytes", nameof(destination));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var target = new ModbusTarget(Gateway, unit, kind, start, count);
        await _gate.WaitAsync(ct);
        var started = Stopwatch.GetTimestamp();
        var outcome = "connection";
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await EnsureConnectedAsync(target, ct);
            if (_quietBeforeNext)
            {
                // After a timeout on a framing without transaction ids: let a late reply arrive and be flushed
                // before this request, without spending this request's own timeout on it.
                _quietBeforeNext = false;
                if (_transport.QuietTimeAfterTimeout > TimeSpan.Zero)
                {
                    await Task.Delay(_transport.QuietTimeAfterTimeout, ct);
                }
            }

            var timeoutToken = ArmTimeout(timeout);
            using var link = ct.CanBeCanceled ? ct.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _timeout) : default;
            try
            {
                var response = await _transport.ExchangeAsync(target, timeoutToken);
                _consecutiveTimeouts = 0;
                if (response.IsException)
                {
                    outcome = "exception";
                    throw new ModbusDeviceException(target, response.ExceptionCode);
                }

                if (kind.IsBit())
                {
                    ModbusPdu.UnpackBits(response.Data.Span, count, destination.Span);
                }
                else
                {
                    response.Data.Span.CopyTo(destination.Span);
                }

                outcome = "ok";
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                outcome = "timeout";
                if (++_consecutiveTimeouts >= _options.ResetAfterTimeouts)
                {
                    LogResetAfterTimeouts(Gateway, _transport.Endpoint, _consecutiveTimeouts, unit, start);
                    _consecutiveTimeouts = 0;
                    _transport.Disconnect();
                }
                else
                {
                    _transport.AbandonPending();
                    _quietBeforeNext = true;
                }

                throw new ModbusTimeoutException(target, timeout);
            }
            catch (ModbusProtocolException ex)
            {
                outcome = "protocol";
                LogStreamReset(Gateway, unit, start, ex.Message);
                _transport.Disconnect();
                throw;
            }
            catch (ModbusConnectionException ex)
            {
                LogConnectionLost(Gateway, _transport.Endpoint, unit, start, ex.Message);
                _transport.Disconnect();
                throw;
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                LogConnectionLost(Gateway, _transport.Endpoint, unit, start, ex.Message);
                _transport.Disconnect();
                throw new ModbusConnectionException(target, $"{_transport.Endpoint}: {ex.Message}", ex);
            }
            catch (OperationCanceledException)
            {
                // Cancelled by the caller in the middle of an exchange: where the stream stands is unknown.
                outcome = "cancelled";
                _transport.Disconnect();
                throw;
            }
        }
        finally
        {
            var tags = new TagList { { "gateway", Gateway }, { "outcome", outcome } };
            ModbusMetrics.Requests.Add(1, tags);
            ModbusMetrics.RequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("gateway", Gateway));
            _gate.Release();
        }
    }

    private async ValueTask EnsureConnectedAsync(ModbusTarget target, CancellationToken ct)
    {
        if (_transport.IsConnected)
        {
            return;
        }

        var now = _clock.GetCurrentInstant();
        if (_connectFailures > 0 && now < _nextConnectAttempt)
        {
            throw new ModbusConnectionException(target, $"{_transport.Endpoint} unreachable ({_lastConnectError}); next attempt in {(_nextConnectAttempt - now).TotalMilliseconds:0} ms");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            _quietBeforeNext = false;
            await _transport.ConnectAsync(timeout.Token);
            _connectFailures = 0;
            _consecutiveTimeouts = 0;
            ModbusMetrics.Connects.Add(1, new KeyValuePair<string, object?>("gateway", Gateway), new KeyValuePair<string, object?>("outcome", "ok"));
            LogConnected(Gateway, _transport.Endpoint, _transport.Framing);
        }
        catch (Exception ex) when (ex is SocketException or IOException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            _transport.Disconnect();
            _connectFailures++;
            var delay = _options.ReconnectBackoff.DelayFor(_connectFailures, Gateway);
            _nextConnectAttempt = _clock.GetCurrentInstant().Plus(Duration.FromTimeSpan(delay));
            _lastConnectError = ex is SocketException s ? s.SocketErrorCode.ToString() : ex is OperationCanceledException ? $"connect timed out after {_options.ConnectTimeout.TotalMilliseconds:0} ms" : ex.Message;
            ModbusMetrics.Connects.Add(1, new KeyValuePair<string, object?>("gateway", Gateway), new KeyValuePair<string, object?>("outcome", "failed"));
            LogConnectFailed(Gateway, _transport.Endpoint, _lastConnectError, _connectFailures, delay.TotalMilliseconds);
            throw new ModbusConnectionException(target, $"{_transport.Endpoint}: {_lastConnectError}; next attempt in {delay.TotalMilliseconds:0} ms", ex);
        }
    }

    // One timeout source per client, re-armed per request: no allocation per request unless one timed out.
    private CancellationToken ArmTimeout(TimeSpan timeout)
    {
        if (!_timeout.TryReset())
        {
            _timeout.Dispose();
            _timeout = new CancellationTokenSource();
        }

        _timeout.CancelAfter(timeout);
        return _timeout.Token;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            await _transport.DisposeAsync();
            _timeout.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "gateway {Gateway}: connected to {Endpoint} ({Framing})")]
    private partial void LogConnected(string gateway, string endpoint, ModbusFraming framing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gateway {Gateway}: cannot connect to {Endpoint}: {Error} (attempt {Attempt}); next attempt in {DelayMs:0} ms")]
    private partial void LogConnectFailed(string gateway, string endpoint, string error, int attempt, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gateway {Gateway}: connection to {Endpoint} lost at unit {Unit} register {Register}: {Error}")]
    private partial void LogConnectionLost(string gateway, string endpoint, byte unit, ushort register, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gateway {Gateway} unit {Unit} register {Register}: connection reset after a malformed reply: {Error}")]
    private partial void LogStreamReset(string gateway, byte unit, ushort register, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gateway {Gateway}: {Timeouts} timeouts in a row, the last at unit {Unit} register {Register}; reconnecting to {Endpoint}")]
    private partial void LogResetAfterTimeouts(string gateway, string endpoint, int timeouts, byte unit, ushort register);
}
