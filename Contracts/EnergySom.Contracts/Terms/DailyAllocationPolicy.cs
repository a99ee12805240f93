namespace EnergySom.Contracts.Terms;

/// <summary>How savings determined per day are spread over the day's intervals before time-of-use pricing.</summary>
public enum DailyAllocationPolicy
{
    /// <summary>Pro rata to the metered energy of each interval (an interval with no reading gets none; a day with no metered energy is spread evenly).</summary>
    ProRataMetered,

    /// <summary>Evenly over the day's intervals.</summary>
    Uniform,
}
