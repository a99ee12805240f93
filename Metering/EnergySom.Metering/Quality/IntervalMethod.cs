namespace EnergySom.Metering.Quality;

/// <summary>How interval values are derived from a stored series.</summary>
public enum IntervalMethod
{
    /// <summary>From a cumulative register: the difference of the counter at the interval edges (<see cref="CounterDeltas"/>).</summary>
    Counter,

    /// <summary>From stored interval amounts (imported 15-minute data): summed, split pro rata where they straddle an edge.</summary>
    Interval,

    /// <summary>From instantaneous samples (power, temperature): their mean in the interval.</summary>
    Mean,
}
