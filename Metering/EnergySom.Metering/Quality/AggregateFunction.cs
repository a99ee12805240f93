namespace EnergySom.Metering.Quality;

/// <summary>How values inside a bucket combine.</summary>
public enum AggregateFunction
{
    /// <summary>Sum (interval energy, volume, production), compensated so the total does not depend on the length of the series.</summary>
    Sum,

    /// <summary>Arithmetic mean (temperature, power).</summary>
    Mean,

    /// <summary>Smallest value.</summary>
    Min,

    /// <summary>Largest value.</summary>
    Max,

    /// <summary>The last value in the bucket (counter registers).</summary>
    Last,
}
