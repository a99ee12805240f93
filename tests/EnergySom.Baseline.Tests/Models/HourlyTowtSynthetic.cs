using EnergySom.Baseline.Models;
using NodaTime;

namespace EnergySom.Baseline.Tests.Models;

/// <summary>Hourly series from a known time-of-week-and-temperature truth, with seeded noise.</summary>
internal static class HourlyTowtSynthetic
{
    public static readonly Instant Start = Instant.FromUtc(2019, 1, 1, 0, 0);

    /// <summary>Weekdays 08:00–18:00 (in the clock given) are occupied.</summary>
    public static bool Occupied(int hourOfWeek) => hourOfWeek / 24 < 5 && hourOfWeek % 24 is >= 8 and < 18;

    /// <summary>Energy of an hour: a base per occupancy, heating below 55 °F and cooling above 70 °F.</summary>
    public static double Truth(int hourOfWeek, double temperature)
    {
        var occupied = Occupied(hourOfWeek);
        var baseLoad = occupied ? 5.0 + (0.05 * (hourOfWeek % 24)) : 2.0;
        var heating = (occupied ? 0.10 : 0.04) * Math.Max(55 - temperature, 0);
        var cooling = (occupied ? 0.15 : 0.05) * Math.Max(temperature - 70, 0);
        return baseLoad + heating + cooling;
    }

    public static double Temperature(Instant hour, Random random)
    {
        var hours = (hour - Start).TotalHours;
        var seasonal = 52 - (25 * Math.Cos(2 * Math.PI * hours / 8766.0));
        var diurnal = 8 * Math.Sin(2 * Math.PI * ((hours % 24) - 9) / 24);
        return seasonal + diurnal + (6 * (random.NextDouble() - 0.5));
    }

    public static (Instant[] Hours, double[] Energy, double[] Temperature) Series(
        int count, int seed, double noise, DateTimeZone? zone = null, Func<int, double, double>? truth = null, Instant? start = null)
    {
        truth ??= Truth;
        var random = new Random(seed);
        var hours = new Instant[count];
        var energy = new double[count];
        var temperature = new double[count];
        for (var i = 0; i < count; i++)
        {
            hours[i] = (start ?? Start) + Duration.FromHours(i);
            temperature[i] = Temperature(hours[i], random);
            var how = HourlyTowtCalendar.HourOfWeek(hours[i], zone);
            energy[i] = truth(how, temperature[i]) + (noise * (random.NextDouble() - 0.5) * 2);
        }

        return (hours, energy, temperature);
    }
}
