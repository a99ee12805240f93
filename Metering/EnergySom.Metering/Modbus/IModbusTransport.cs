namespace EnergySom.Metering.Modbus;

/// <summary>
/// Carries read requests to a gateway and brings back their replies, framed one way or another
/// (<see cref="ModbusFraming"/>). Thin: framing is pure code (<see cref="ModbusTcpFrame"/>,
/// <see cref="ModbusRtuFrame"/>), and timeouts, reconnects and error policy live in <see cref="ModbusClient"/>.
/// Not thread-safe: one exchange at a time.
/// </summary>
public interface IModbusTransport : IAsyncDisposable
{
    /// <summary>The framing on the wire.</summary>
    ModbusFraming Framing { get; }

    /// <summary>Where the transport connects, as <c>host:port</c>, for messages.</summary>
    string Endpoint { get; }

    /// <summary>True while a connection is open.</summary>
    bool IsConnected { get; }

    /// <summary>Opens the connection. Throws <see cref="System.Net.Sockets.SocketException"/> when refused or unreachable.</summary>
    ValueTask ConnectAsync(CancellationToken ct);

    /// <summary>
    /// Sends a read request to <see cref="ModbusTarget.Unit"/> and waits for its reply, reading as many
    /// segments as the reply arrives in. Cancel <paramref name="ct"/> to time out.
    /// </summary>
    /// <exception cref="ModbusProtocolException">The reply is malformed; the stream can no longer be trusted.</exception>
    /// <exception cref="ModbusConnectionException">The gateway closed the connection.</exception>
    ValueTask<ModbusResponse> ExchangeAsync(ModbusTarget target, CancellationToken ct);

    /// <summary>
    /// Tells the transport that the last request timed out while the connection stays open, so a late reply to
    /// it is recognised and not taken for the reply to the next request.
    /// </summary>
    void AbandonPending();

    /// <summary>
    /// How long the client waits after a timed-out request before sending the next one, outside that
    /// request's own timeout: zero when late replies are recognised (Modbus TCP), a grace time for framings
    /// that cannot tell them apart (RTU).
    /// </summary>
    TimeSpan QuietTimeAfterTimeout { get; }

    /// <summary>Closes the connection (the next exchange needs <see cref="ConnectAsync"/>).</summary>
    void Disconnect();
}
