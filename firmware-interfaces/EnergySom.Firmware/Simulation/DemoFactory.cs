using NodaTime;

namespace EnergySom.Firmware.Simulation;

/// <summary>An electricity or gas meter of the demo factory.</summary>
public sealed record DemoMeter(string Id, string Name, string Carrier);

/// <summary>
/// A synthetic but realistic factory for the demo and the end-to-end tests: a two-shift plant in a
/// subtropical climate with three electricity sub-meters (compressed air, HVAC, production line) and a gas
/// meter (boiler). Consumption follows outdoor temperature, daily production, working days, weekends and
/// holiday shutdowns. From the first reporting day an efficiency measure cuts consumption by an amount
/// that depends on load, and the generator keeps the counterfactual, so the true savings are known.
/// </summary>
/// <remarks>
/// The same deterministic load model (<see cref="PowerAt"/>) drives the generated history and the virtual
/// meters of the live path, so live readings continue the history.
/// </remarks>
public sealed class DemoFactory
{
    public const int IntervalsPerDay = 96;
    public const int HoursPerDay = 24;
    public static readonly Duration Interval = Duration.FromMinutes(15);

    // Holiday shutdowns (State Council holiday notices for 2024–2026; factories close for the whole span).
    private static readonly (LocalDate From, LocalDate To)[] Holidays =
    [
        (new(2024, 2, 10), new(2024, 2, 17)), (new(2024, 10, 1), new(2024, 10, 7)),
        (new(2025, 1, 28), new(2025, 2, 4)), (new(2025, 10, 1), new(2025, 10, 8)),
        (new(2026, 2, 15), new(2026, 2, 23)), (new(2026, 10, 1), new(2026, 10, 7)),
    ];

    public DemoFactory(DemoFactoryOptions? options = null)
    {
        Options = options ?? new DemoFactoryOptions();
        Zone = DateTimeZoneProviders.Tzdb[Options.TimeZone];
        StartInstant = Options.Start.AtStartOfDayInZone(Zone).ToInstant();
        ReportingStartInstant = Options.ReportingStart.AtStartOfDayInZone(Zone).ToInstant();
        EndInstant = Options.End.AtStartOfDayInZone(Zone).ToInstant();
    }

    public DemoFactoryOptions Options { get; }

    public DateTimeZone Zone { get; }

    public Instant StartInstant { get; }

    public Instant ReportingStartInstant { get; }

    public Instant EndInstant { get; }

    public IReadOnlyList<DemoMeter> ElectricityMeters { get; } =
    [
        new("m1-compressors", "Air compressors", "electricity"),
        new("m2-hvac", "HVAC and process cooling", "electricity"),
        new("m3-line", "Production line and lighting", "electricity"),
    ];

    public DemoMeter GasMeter { get; } = new("g1-boiler", "Steam boiler", "natural_gas");

    public static DayType DayTypeOf(LocalDate date)
    {
        foreach (var (from, to) in Holidays)
        {
            if (date >= from && date <= to)
            {
                return DayType.Holiday;
            }
        }

        return date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday ? DayType.Weekend : DayType.Working;
    }

    /// <summary>Expected production (t/day) on a date, before day-to-day noise: seasonal order book and growth.</summary>
    public double ExpectedProduction(LocalDate date)
    {
        if (DayTypeOf(date) != DayType.Working)
        {
            return 0;
        }

        var growth = date >= Options.ReportingStart ? 1 + Options.ReportingProductionGrowth : 1;
        var season = 1 + (0.08 * Math.Sin((2 * Math.PI * date.DayOfYear / 365.25) + 1));
        return 120 * season * growth;
    }

    /// <summary>Climatological outdoor temperature (°C) at a local time: seasonal cycle plus daily swing.</summary>
    public static double ClimateTemperature(LocalDateTime local)
    {
        var dayOfYear = local.DayOfYear + ((local.Hour + (local.Minute / 60.0)) / 24);
        var seasonal = 16.5 - (12.5 * Math.Cos(2 * Math.PI * (dayOfYear - 20) / 365.25));
        var diurnal = -4.0 * Math.Cos(2 * Math.PI * ((local.Hour + (local.Minute / 60.0)) - 3) / 24);
        return seasonal + diurnal;
    }

    /// <summary>True when the plant's two shifts (08:00–24:00) are running.</summary>
    public static bool InShift(LocalDateTime local) => DayTypeOf(local.Date) == DayType.Working && local.Hour >= 8;

    /// <summary>
    /// Deterministic power (kW) of electricity meter <paramref name="meter"/> (0..2) at an instant, given the
    /// outdoor temperature and the day's production; with <paramref name="retrofitted"/> the measure applies.
    /// </summary>
    public static double Power(int meter, LocalDateTime local, double temperature, double production, bool retrofitted)
    {
        var shift = InShift(local);
        var working = DayTypeOf(local.Date) == DayType.Working;
        switch (meter)
        {
            case 0:
            {
                // Compressed air: load follows output; leaks run around the clock.
                var load = shift ? 60 + (1.0 * production) : 25;
                var saving = retrofitted ? (shift ? (0.18 * production) + 15 : 15) : 0;
                return load - saving;
            }

            case 1:
            {
                // HVAC and process cooling: weather-driven, reduced when the plant is idle.
                var weather = (6 * Math.Max(temperature - 20, 0)) + (4 * Math.Max(14 - temperature, 0));
                var occupancy = shift ? 1.0 : 0.45;
                var load = 30 + (occupancy * weather) + (shift ? 20 : 0);
                var saving = retrofitted ? 0.12 * occupancy * weather : 0;
                return load - saving;
            }

            case 2:
            {
                // Production line and lighting; LED retrofit.
                var load = shift ? 120 + (1.5 * production) : working ? 45 : 35;
                var saving = retrofitted ? (shift ? 18 : 6) : 0;
                return load - saving;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(meter), meter, "the demo factory has electricity meters 0, 1 and 2");
        }
    }

    /// <summary>Power (kW) of an electricity meter at an instant from the climatological model (used by the live virtual meters).</summary>
    public double PowerAt(int meter, Instant instant)
    {
        var local = instant.InZone(Zone).LocalDateTime;
        return Power(meter, local, ClimateTemperature(local), ExpectedProduction(local.Date), instant >= ReportingStartInstant);
    }

    /// <summary>
    /// Daily gas use (Nm³): process steam on working days (fixed plus per tonne) and space heating by heating
    /// degree-days (base 18 °C); the measure (economiser, condensate return, steam-trap repair) saves 10 %.
    /// </summary>
    public static double GasPerDay(DayType dayType, double heatingDegreeDays, double production, bool retrofitted)
    {
        var use = (dayType == DayType.Working ? 400 + (3.2 * production) : 80) + (45 * heatingDegreeDays);
        return retrofitted ? use * 0.90 : use;
    }

    /// <summary>
    /// Gas flow (Nm³/h) of the boiler's meter at an instant from the climatological model (used by virtual gas
    /// meters): the day's use by <see cref="GasPerDay"/> on the climate's heating degree-days, spread over the day
    /// with the boiler firing harder during the shifts (1.3 × the day's mean rate for the 16 shift hours, 0.4 × for
    /// the 8 night hours on working days, so the day still sums to <see cref="GasPerDay"/>).
    /// </summary>
    public double GasFlowAt(Instant instant)
    {
        var local = instant.InZone(Zone).LocalDateTime;
        var date = local.Date;
        var mean = 0.0;
        for (var h = 0; h < HoursPerDay; h++)
        {
            mean += ClimateTemperature(date.At(new LocalTime(h, 30))) / HoursPerDay;
        }

        var dayType = DayTypeOf(date);
        var perDay = GasPerDay(dayType, Math.Max(18 - mean, 0), ExpectedProduction(date), instant >= ReportingStartInstant);
        var shape = dayType == DayType.Working ? (local.Hour >= 8 ? 1.3 : 0.4) : 1.0;
        return perDay / HoursPerDay * shape;
    }

    /// <summary>Generates the two years of history with noise, and the truth behind it.</summary>
    public DemoFactoryData Generate()
    {
        var random = new SeededRandom(Options.Seed);
        var days = Options.TotalDays;
        var temperature = new double[days * HoursPerDay];
        var production = new double[days];
        var dayTypes = new DayType[days];
        var electricity = new double[3][];
        var counterfactual = new double[3][];
        for (var m = 0; m < 3; m++)
        {
            electricity[m] = new double[days * IntervalsPerDay];
            counterfactual[m] = new double[days * IntervalsPerDay];
        }

        var gas = new double[days];
        var gasCounterfactual = new double[days];
        var anomaly = 0.0;
        for (var d = 0; d < days; d++)
        {
            var date = Options.Start.PlusDays(d);
            var retrofitted = date >= Options.ReportingStart;
            dayTypes[d] = DayTypeOf(date);
            production[d] = dayTypes[d] == DayType.Working
                ? Math.Max(0, ExpectedProduction(date) * (1 + (0.06 * random.NextNormal())))
                : 0;

            // Weather: a persistent daily anomaly (AR(1)) on the climate, plus hourly jitter.
            anomaly = (0.7 * anomaly) + (2.0 * random.NextNormal());
            var dayStart = StartInstant.Plus(Duration.FromDays(d));
            var dailyMean = 0.0;
            for (var h = 0; h < HoursPerDay; h++)
            {
                var local = dayStart.Plus(Duration.FromHours(h)).InZone(Zone).LocalDateTime;
                var t = ClimateTemperature(local) + anomaly + (0.4 * random.NextNormal());
                temperature[(d * HoursPerDay) + h] = t;
                dailyMean += t / HoursPerDay;
            }

            for (var m = 0; m < 3; m++)
            {
                var dayFactor = 1 + (0.02 * random.NextNormal());
                for (var i = 0; i < IntervalsPerDay; i++)
                {
                    var local = dayStart.Plus(Interval * i).InZone(Zone).LocalDateTime;
                    var hour = (d * HoursPerDay) + (i / 4);
                    var next = Math.Min(hour + 1, temperature.Length - 1);
                    var fraction = (i % 4) / 4.0;
                    var t = HourTemperature(hour) + ((HourTemperature(next) - HourTemperature(hour)) * fraction);
                    var noise = dayFactor * (1 + (0.04 * random.NextNormal()));
                    var index = (d * IntervalsPerDay) + i;
                    counterfactual[m][index] = Power(m, local, t, production[d], retrofitted: false) * 0.25 * noise;
                    electricity[m][index] = Power(m, local, t, production[d], retrofitted) * 0.25 * noise;
                }
            }

            var hdd = Math.Max(18 - dailyMean, 0);
            var gasNoise = 1 + (0.02 * random.NextNormal());
            gasCounterfactual[d] = GasPerDay(dayTypes[d], hdd, production[d], retrofitted: false) * gasNoise;
            gas[d] = GasPerDay(dayTypes[d], hdd, production[d], retrofitted) * gasNoise;
        }

        return new DemoFactoryData(this, temperature, production, dayTypes, electricity, counterfactual, gas, gasCounterfactual);

        double HourTemperature(int hour) => temperature[hour];
    }
}
