namespace EnergySom.Metering.Buffer;

/// <summary>What <see cref="WriteAheadBuffer.WriteAsync"/> does with a batch that does not fit. Neither drops anything.</summary>
public enum BufferFullPolicy
{
    /// <summary>
    /// The default: the call waits until the forwarder has moved enough to the store. The collector that made the
    /// call keeps the batch in memory and stops polling meanwhile (back-pressure): its meters' own registers keep
    /// counting, so energy is delayed, not lost; only samples of instantaneous values (power, voltage) are thinned
    /// while the buffer is full.
    /// </summary>
    Wait,

    /// <summary>The call fails at once with <see cref="WriteAheadBufferFullException"/>; the caller keeps the batch and retries.</summary>
    Reject,
}
