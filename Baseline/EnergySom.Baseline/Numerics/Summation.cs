namespace EnergySom.Baseline.Numerics;

/// <summary>
/// Sums in a fixed order with Neumaier's compensation, so a total that feeds a settlement is the same on
/// every machine and does not drift with the length of the series.
/// </summary>
public static class Summation
{
    /// <summary>Compensated sum of <paramref name="values"/> in index order. NaN propagates.</summary>
    /// <remarks>Neumaier (1974), improved Kahan–Babuška summation; error bound independent of n to first order.</remarks>
    public static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0, compensation = 0;
        foreach (var v in values)
        {
            var t = sum + v;
            compensation += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }

        return sum + compensation;
    }

    /// <summary>Compensated sum of the values that are not NaN; <paramref name="count"/> is how many were summed.</summary>
    public static double SumFinite(ReadOnlySpan<double> values, out int count)
    {
        double sum = 0, compensation = 0;
        count = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                continue;
            }

            var t = sum + v;
            compensation += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
            count++;
        }

        return sum + compensation;
    }
}
