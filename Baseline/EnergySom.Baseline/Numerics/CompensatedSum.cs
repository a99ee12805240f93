namespace EnergySom.Baseline.Numerics;

/// <summary>A running Neumaier-compensated sum, for totals accumulated value by value in a fixed order.</summary>
/// <remarks>Same arithmetic as <see cref="Summation.Sum"/>: the result does not depend on the machine, and its
/// error does not grow with the number of terms to first order.</remarks>
public struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    /// <summary>Adds <paramref name="value"/>.</summary>
    public void Add(double value)
    {
        var t = _sum + value;
        _compensation += Math.Abs(_sum) >= Math.Abs(value) ? (_sum - t) + value : (value - t) + _sum;
        _sum = t;
    }

    /// <summary>The sum so far.</summary>
    public readonly double Value => _sum + _compensation;
}
