using NodaTime;

namespace EnergySom.Baseline.Models;

/// <summary>
/// Settings of the CalTRACK 2.0 hourly time-of-week-and-temperature model. The defaults reproduce the reference
/// implementation (eemeter 3.2.0, see reference/caltrack-method.md "caltrack_hourly") for temperatures in °F.
/// </summary>
/// <remarks>
/// Every temperature here is in the unit of the temperatures passed to the fit. CalTRACK states them in °F
/// (CalTRACK 2.0 §3, reference/standards.md §1.4); <see cref="CalTrackCelsius"/> holds the same points in °C. Because
/// every feature is linear in temperature between fixed points, the two give the same predictions.
/// </remarks>
public sealed record HourlyTowtSettings
{
    /// <summary>The CalTRACK defaults for °F temperatures.</summary>
    public static HourlyTowtSettings CalTrackFahrenheit { get; } = new();

    /// <summary>The CalTRACK defaults converted to °C (°C = (°F − 32)/1.8).</summary>
    public static HourlyTowtSettings CalTrackCelsius { get; } = new()
    {
        TemperatureBinEndpoints = [.. new double[] { 30, 45, 55, 65, 75, 90 }.Select(FahrenheitToCelsius)],
        OccupancyHeatingBalancePoint = FahrenheitToCelsius(50),
        OccupancyCoolingBalancePoint = FahrenheitToCelsius(65),
    };

    /// <summary>Segmentation of the baseline year; CalTRACK: month-by-month with neighbouring-month weights.</summary>
    public HourlyTowtSegmentation Segmentation { get; init; } = HourlyTowtSegmentation.ThreeMonthWeighted;

    /// <summary>Weight of the months either side of a segment's centre month (eemeter: 0.5).</summary>
    public double NeighbourMonthWeight { get; init; } = 0.5;

    /// <summary>
    /// Zone in which hour-of-week and calendar month are read. Null (the default) is UTC, as the reference does
    /// (hour_of_week = 24·weekday + hour of the UTC timestamp, Monday 00:00 = 0). A local zone (e.g. Asia/Shanghai)
    /// lines the 168 bins up with the site's working week; the fit records which clock it used.
    /// </summary>
    public DateTimeZone? TimeOfWeekZone { get; init; }

    /// <summary>An hour-of-week is occupied when the share of its positive occupancy-model residuals exceeds this (CalTRACK: 0.65).</summary>
    public double OccupancyThreshold { get; init; } = 0.65;

    /// <summary>Heating balance point of the occupancy model's heating degree-hours (CalTRACK: HDH50, 50 °F).</summary>
    public double OccupancyHeatingBalancePoint { get; init; } = 50;

    /// <summary>Cooling balance point of the occupancy model's cooling degree-hours (CalTRACK: CDH65, 65 °F).</summary>
    public double OccupancyCoolingBalancePoint { get; init; } = 65;

    /// <summary>Starting temperature bin endpoints, ascending (CalTRACK: 30, 45, 55, 65, 75, 90 °F).</summary>
    public IReadOnlyList<double> TemperatureBinEndpoints { get; init; } = [30, 45, 55, 65, 75, 90];

    /// <summary>A bin with fewer hours than this is merged into its neighbour (CalTRACK: 20).</summary>
    public int MinimumHoursPerBin { get; init; } = 20;

    private static double FahrenheitToCelsius(double f) => (f - 32) / 1.8;

    internal void Validate()
    {
        if (!(NeighbourMonthWeight >= 0) || !double.IsFinite(NeighbourMonthWeight))
        {
            throw new ArgumentException($"NeighbourMonthWeight must be a finite number ≥ 0, got {NeighbourMonthWeight}");
        }

        if (!(OccupancyThreshold >= 0 && OccupancyThreshold <= 1))
        {
            throw new ArgumentException($"OccupancyThreshold must be within [0, 1], got {OccupancyThreshold}");
        }

        if (MinimumHoursPerBin < 0)
        {
            throw new ArgumentException($"MinimumHoursPerBin must be ≥ 0, got {MinimumHoursPerBin}");
        }

        for (var i = 0; i < TemperatureBinEndpoints.Count; i++)
        {
            if (!double.IsFinite(TemperatureBinEndpoints[i]) || (i > 0 && TemperatureBinEndpoints[i] <= TemperatureBinEndpoints[i - 1]))
            {
                throw new ArgumentException("TemperatureBinEndpoints must be finite and strictly ascending");
            }
        }

        if (!double.IsFinite(OccupancyHeatingBalancePoint) || !double.IsFinite(OccupancyCoolingBalancePoint))
        {
            throw new ArgumentException("occupancy balance points must be finite");
        }
    }
}
