namespace EnergySom.Baseline.Numerics;

/// <summary>
/// The module's one fixed-order sum: Neumaier's compensation, so a total that feeds a settlement is the same on every
/// machine and does not drift with the length of the series. A running sum (value by value) or a whole span at once.
/// </summary>
/// <remarks>Neumaier (1974), improved Kahan–Babuška summation; error bound independent of n to first order.</remarks>
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

    /// <summary>Compensated sum of <paramref name="values"/> in index order. NaN propagates.</summary>
    public static double Of(ReadOnlySpan<double> values)
    {
        var sum = default(CompensatedSum);
        foreach (var v in values)
        {
            sum.Add(v);
        }

        return sum.Value;
    }

    /// <summary>Compensated sum of the values that are not NaN, in index order; <paramref name="count"/> is how many were summed.</summary>
    public static double OfFinite(ReadOnlySpan<double> values, out int count)
    {
        var sum = default(CompensatedSum);
        count = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                sum.Add(v);
                count++;
            }
        }

        return sum.Value;
    }
}
