using NodaTime;

namespace EnergySom.Contracts.Settlement;

/// <summary>Maximum demand of a month as a two-part tariff bills it.</summary>
public static class PeakDemand
{
    /// <summary>
    /// The highest average demand (kW) over fixed, clock-aligned windows of <paramref name="window"/> (15 minutes
    /// in Chinese billing) within <c>[from, to)</c>, from interval energy in kWh whose step divides the window.
    /// A window with any missing interval is skipped. Returns NaN when no window is complete.
    /// </summary>
    /// <remarks>Demand (kW) = energy in the window (kWh) / window length (h).</remarks>
    public static double HighestAverage(IntervalSeries energyKwh, Instant from, Instant to, Duration window)
    {
        if (window.BclCompatibleTicks % energyKwh.Step.BclCompatibleTicks != 0)
        {
            throw new ArgumentException($"the {energyKwh.Step.TotalMinutes}-minute step does not divide the {window.TotalMinutes}-minute demand window", nameof(window));
        }

        var perWindow = (int)(window.BclCompatibleTicks / energyKwh.Step.BclCompatibleTicks);
        var hours = window.TotalHours;
        var values = energyKwh.Values;
        var best = double.NaN;
        for (var t = from; t + window <= to; t += window)
        {
            var first = (t - energyKwh.Start).BclCompatibleTicks;
            if (first < 0 || first % energyKwh.Step.BclCompatibleTicks != 0)
            {
                continue;
            }

            var index = (int)(first / energyKwh.Step.BclCompatibleTicks);
            if (index + perWindow > values.Length)
            {
                break;
            }

            var sum = 0.0;
            var complete = true;
            for (var i = index; i < index + perWindow; i++)
            {
                if (double.IsNaN(values[i]))
                {
                    complete = false;
                    break;
                }

                sum += values[i];
            }

            if (complete && (double.IsNaN(best) || sum / hours > best))
            {
                best = sum / hours;
            }
        }

        return best;
    }
}
