namespace EnergySom.Metering.Modbus;

/// <summary>Timing of a Modbus client.</summary>
public sealed record ModbusClientOptions
{
    /// <summary>How long one request may wait for its reply.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a connection attempt may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Delays between failed connection attempts. While waiting, reads fail at once with a
    /// <see cref="ModbusConnectionException"/> instead of trying again, so an unreachable gateway costs nothing.
    /// </summary>
    public BackoffPolicy ReconnectBackoff { get; init; } = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));

    /// <summary>
    /// Consecutive timeouts (on any unit) after which the connection is closed and reopened: a connection whose
    /// peer vanished without closing looks just like silent meters.
    /// </summary>
    public int ResetAfterTimeouts { get; init; } = 3;

    /// <summary>RTU over TCP only: wait before the next request after a timeout (see <see cref="RtuOverTcpTransport"/>).</summary>
    public TimeSpan RtuLateReplyGrace { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), "request and connect timeouts must be positive");
        }

        if (ResetAfterTimeouts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ResetAfterTimeouts), ResetAfterTimeouts, "must be at least 1");
        }

        if (RtuLateReplyGrace < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RtuLateReplyGrace), RtuLateReplyGrace, "must not be negative");
        }

        ReconnectBackoff.Validate();
    }
}
