namespace EnergySom.Metering.Storage;

/// <summary>
/// Some readings of a batch were refused for good (a field type conflict, a line the server cannot parse);
/// <b>every other reading of the batch was stored</b>. Retrying would fail again, so the forwarder sets the refused
/// readings aside in its dead-letter file, raises the alarm and moves on.
/// </summary>
public sealed class ReadingsRejectedException : Exception
{
    public ReadingsRejectedException(string message, IReadOnlyList<RejectedReading> rejected, Exception? inner = null)
        : base(message, inner)
    {
        Rejected = rejected;
    }

    /// <summary>The readings refused, each with the reason.</summary>
    public IReadOnlyList<RejectedReading> Rejected { get; }
}
