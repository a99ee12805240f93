using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>How far a bucket boundary may fall from the raw readings before its value is estimated or unknown.</summary>
public sealed record IntervalPolicy
{
    /// <summary>
    /// A boundary inside an increment at most this long is interpolated silently: the readings are close enough
    /// that the split is as good as a reading (default 1 minute).
    /// </summary>
    public Duration ExactWithin { get; init; } = Duration.FromMinutes(1);

    /// <summary>
    /// A boundary inside an increment longer than <see cref="ExactWithin"/> and at most this long is interpolated and
    /// flagged Estimated; inside a longer one the bucket is a Gap (NaN). Default 1 hour.
    /// </summary>
    public Duration MaxInterpolation { get; init; } = Duration.FromHours(1);

    /// <summary>The defaults.</summary>
    public static IntervalPolicy Default { get; } = new();
}
