namespace EnergySom.Baseline.Models;

/// <summary>Degree-days from mean temperatures, at any balance point.</summary>
public static class DegreeDays
{
    /// <summary>Heating degree-days per day: max(balance − T̄, 0).</summary>
    public static double Heating(double meanTemperature, double balancePoint) => Math.Max(balancePoint - meanTemperature, 0);

    /// <summary>Cooling degree-days per day: max(T̄ − balance, 0).</summary>
    public static double Cooling(double meanTemperature, double balancePoint) => Math.Max(meanTemperature - balancePoint, 0);

    /// <summary>Heating degree-days of each day into <paramref name="destination"/> (NaN stays NaN).</summary>
    public static void Heating(ReadOnlySpan<double> meanTemperatures, double balancePoint, Span<double> destination)
    {
        Check(meanTemperatures, destination);
        for (var i = 0; i < meanTemperatures.Length; i++)
        {
            var t = meanTemperatures[i];
            destination[i] = double.IsNaN(t) ? double.NaN : Math.Max(balancePoint - t, 0);
        }
    }

    /// <summary>Cooling degree-days of each day into <paramref name="destination"/> (NaN stays NaN).</summary>
    public static void Cooling(ReadOnlySpan<double> meanTemperatures, double balancePoint, Span<double> destination)
    {
        Check(meanTemperatures, destination);
        for (var i = 0; i < meanTemperatures.Length; i++)
        {
            var t = meanTemperatures[i];
            destination[i] = double.IsNaN(t) ? double.NaN : Math.Max(t - balancePoint, 0);
        }
    }

    /// <summary>
    /// Degree-days per day of a period made of several days: the mean over its days of each day's degree-days
    /// (CalTRACK's billing convention, not the degree-days of the period's mean temperature, which would lose the
    /// days on the other side of the balance point). NaN days are skipped; NaN when none is left.
    /// </summary>
    public static double PerDayAverage(ReadOnlySpan<double> dailyMeans, double balancePoint, bool heating)
    {
        double sum = 0;
        var n = 0;
        foreach (var t in dailyMeans)
        {
            if (double.IsNaN(t))
            {
                continue;
            }

            sum += heating ? Math.Max(balancePoint - t, 0) : Math.Max(t - balancePoint, 0);
            n++;
        }

        return n > 0 ? sum / n : double.NaN;
    }

    private static void Check(ReadOnlySpan<double> source, Span<double> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, {source.Length} needed");
        }
    }
}
