namespace EnergySom.Metering.Storage;

/// <summary>
/// The store cannot take writes right now (down, overloaded, throttling): nothing of the batch is known to be
/// stored, and the same batch should be sent again later, after <see cref="RetryAfter"/> when the server said so.
/// </summary>
public sealed class ReadingStoreUnavailableException : IOException
{
    public ReadingStoreUnavailableException(string message, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the server asked us to wait (HTTP Retry-After), if it did.</summary>
    public TimeSpan? RetryAfter { get; }
}
