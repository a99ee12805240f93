using EnergySom.Baseline.Data;
using NodaTime;

namespace EnergySom.Benchmarks.Baseline;

/// <summary>Deterministic synthetic meter-years for the CalTRACK benchmarks (no files read).</summary>
internal static class CalTrackMeterYears
{
    /// <summary>365 days of (mean temperature °F, usage per day) from a heating + cooling load with 15 % noise.</summary>
    public static (double[] Temperature, double[] UsagePerDay) Daily(int seed)
    {
        var random = new Random(seed);
        var t = new double[365];
        var y = new double[365];
        var hbp = 50 + random.Next(12);
        var cbp = hbp + 3 + random.Next(10);
        for (var d = 0; d < 365; d++)
        {
            t[d] = 52 - (24 * Math.Cos(2 * Math.PI * d / 365.25)) + (9 * ((random.NextDouble() * 2) - 1));
            var mean = 12 + (0.9 * Math.Max(hbp - t[d], 0)) + (1.8 * Math.Max(t[d] - cbp, 0));
            y[d] = mean * (1 + (0.15 * ((random.NextDouble() * 2) - 1)));
        }

        return (t, y);
    }

    /// <summary>The same meter-year as a daily design built from 8,760 hourly temperatures.</summary>
    public static (UsageSeries Usage, HourlyTemperature Temperature) Hourly(int seed)
    {
        var (t, y) = Daily(seed);
        var start = Instant.FromUtc(2016, 1, 1, 0, 0);
        var hourly = new double[365 * 24];
        for (var h = 0; h < hourly.Length; h++)
        {
            hourly[h] = t[h / 24] + (6 * Math.Sin(2 * Math.PI * (h % 24) / 24));
        }

        var starts = Enumerable.Range(0, 366).Select(d => start + Duration.FromDays(d)).ToArray();
        var values = y.Append(double.NaN).ToArray();
        return (new UsageSeries(starts, values), new HourlyTemperature(start, hourly, TemperatureUnit.Fahrenheit));
    }
}
