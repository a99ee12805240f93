namespace EnergySom.Metering.Quality;

/// <summary>
/// A running sum with Neumaier's compensation (improved Kahan–Babuška, 1974): adding in a fixed order gives the
/// same total on every machine, and the rounding error does not grow with the number of terms.
/// </summary>
internal struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    public void Add(double value)
    {
        var t = _sum + value;
        _compensation += Math.Abs(_sum) >= Math.Abs(value) ? (_sum - t) + value : (value - t) + _sum;
        _sum = t;
    }

    public readonly double Value => _sum + _compensation;
}
