using NodaTime;

namespace EnergySom.Firmware.Simulation;

/// <summary>
/// The time-of-use table (时段表) programmed into a multi-tariff meter: which band each local hour belongs to,
/// by month. The meter adds every increment of energy to the register of the band it falls in, so the band
/// registers always sum to the total register.
/// </summary>
public sealed class MeterTariffSchedule
{
    private readonly MeterTariffBand[,] _bands; // [month 1..12 → 0..11, hour 0..23]

    private MeterTariffSchedule(DateTimeZone zone, MeterTariffBand[,] bands)
    {
        Zone = zone;
        _bands = bands;
    }

    /// <summary>The zone the meter's clock keeps.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>
    /// Guangdong industrial time-of-use periods (粤发改价格〔2021〕331号, as transcribed in reference/standards.md
    /// §2.3, confidence S): peak 10–12 h and 14–19 h, valley 0–8 h, the rest flat; in July to September the hours
    /// 11–12 h and 15–17 h are critical peak. Band boundaries are whole local hours.
    /// </summary>
    public static MeterTariffSchedule GuangdongIndustrial2021(DateTimeZone? zone = null)
    {
        var bands = new MeterTariffBand[12, 24];
        for (var month = 1; month <= 12; month++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                var band = hour switch
                {
                    < 8 => MeterTariffBand.Valley,
                    >= 10 and < 12 or >= 14 and < 19 => MeterTariffBand.Peak,
                    _ => MeterTariffBand.Flat,
                };
                if (month is >= 7 and <= 9 && hour is 11 or 15 or 16)
                {
                    band = MeterTariffBand.CriticalPeak;
                }

                bands[month - 1, hour] = band;
            }
        }

        return new MeterTariffSchedule(zone ?? DateTimeZoneProviders.Tzdb["Asia/Shanghai"], bands);
    }

    /// <summary>The band of the local hour that contains <paramref name="instant"/>.</summary>
    public MeterTariffBand BandAt(Instant instant)
    {
        var local = instant.InZone(Zone).LocalDateTime;
        return _bands[local.Month - 1, local.Hour];
    }

    /// <summary>The share of a year's hours in each band (used to split a starting total plausibly).</summary>
    public double ShareOfHours(MeterTariffBand band)
    {
        var count = 0;
        var total = 0;
        for (var month = 0; month < 12; month++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                total++;
                if (_bands[month, hour] == band)
                {
                    count++;
                }
            }
        }

        return (double)count / total;
    }
}
