using NodaTime;

namespace EnergySom.Metering.Collection;

/// <summary>A snapshot of one meter's polling state, for status pages and the command line.</summary>
/// <param name="Gateway">Gateway name.</param>
/// <param name="MeterId">Meter id.</param>
/// <param name="Unit">Modbus unit id.</param>
/// <param name="Health">Whether it answers.</param>
/// <param name="ConsecutiveFailures">Failed polls in a row (0 when healthy).</param>
/// <param name="LastSuccess">When it last answered a read, or null.</param>
/// <param name="NextAttempt">For a faulted meter, when it is retried next; else null.</param>
/// <param name="LastError">The last error (naming gateway, unit and register), or null.</param>
/// <param name="PollsOk">Reads that succeeded.</param>
/// <param name="PollsFailed">Reads that failed.</param>
public sealed record MeterStatus(
    string Gateway,
    string MeterId,
    byte Unit,
    MeterHealth Health,
    int ConsecutiveFailures,
    Instant? LastSuccess,
    Instant? NextAttempt,
    string? LastError,
    long PollsOk,
    long PollsFailed);
