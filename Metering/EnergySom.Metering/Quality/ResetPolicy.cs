namespace EnergySom.Metering.Quality;

/// <summary>What the interval that contains a counter reset is worth.</summary>
public enum ResetPolicy
{
    /// <summary>
    /// Unknown (NaN, flagged <see cref="Storage.QualityFlags.Reset"/>): what was used between the last reading before
    /// the reset and the reset itself was never read. The default, because it never invents consumption.
    /// </summary>
    Unknown,

    /// <summary>
    /// The reading after the reset, as if the counter restarted from zero (flagged Reset and Estimated): a lower
    /// bound of the true consumption.
    /// </summary>
    CountFromZero,
}
