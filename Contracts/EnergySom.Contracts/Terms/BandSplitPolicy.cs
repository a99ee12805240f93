namespace EnergySom.Contracts.Terms;

/// <summary>How an interval that straddles a time-of-use band edge is priced.</summary>
public enum BandSplitPolicy
{
    /// <summary>The band in force at the interval's start prices the whole interval.</summary>
    IntervalStart,

    /// <summary>The interval's energy is split between the bands pro rata to the minutes it spends in each.</summary>
    ProRataMinutes,

    /// <summary>No interval may straddle a band edge; settlement refuses data that does.</summary>
    Reject,
}
