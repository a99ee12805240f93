namespace EnergySom.Metering.Collection;

/// <summary>What the collector knows about whether a meter answers.</summary>
public enum MeterHealth
{
    /// <summary>Not polled yet.</summary>
    Unknown,

    /// <summary>Answered its last poll.</summary>
    Healthy,

    /// <summary>
    /// Stopped answering (timeout, malformed reply, or the gateway reports it unreachable); retried on its own
    /// backoff schedule so the other meters on its bus keep theirs.
    /// </summary>
    Faulted,
}
