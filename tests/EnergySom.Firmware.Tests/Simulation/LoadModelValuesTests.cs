using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Simulation;
using NodaTime;

namespace EnergySom.Firmware.Tests.Simulation;

public class LoadModelValuesTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private static Instant Local(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new LocalDateTime(year, month, day, hour, minute, second).InZoneStrictly(Shanghai).ToInstant();

    [Fact]
    public void ConstantPower_IntegratesToPowerTimesHours()
    {
        var start = Local(2025, 3, 3, 9, 0, 30);
        var values = new LoadModelValues(_ => 120.0, start, 1_000.0);

        Assert.Equal(1_000.0, values.ImportKwh(start), 9);
        Assert.Equal(1_000.0 + 120.0 * 2.5, values.ImportKwh(start.Plus(Duration.FromMinutes(150))), 9);
    }

    [Fact]
    public void BandRegisters_FollowTheGuangdongTable_AndSumToTheTotal()
    {
        // A whole March day at a constant 24 kW: valley 0–8 h (8 h), peak 10–12 and 14–19 h (7 h), flat the other 9 h.
        var start = Local(2025, 3, 3, 0, 0, 17); // start off the minute: the first step ends on the next minute
        var values = new LoadModelValues(new LoadModel { PowerKw = _ => 24.0, CounterStart = start });
        var end = start.Plus(Duration.FromDays(1));

        Assert.Equal(8 * 24.0, values.ImportKwh(MeterTariffBand.Valley, end), 6);
        Assert.Equal(7 * 24.0, values.ImportKwh(MeterTariffBand.Peak, end), 6);
        Assert.Equal(9 * 24.0, values.ImportKwh(MeterTariffBand.Flat, end), 6);
        Assert.Equal(0.0, values.ImportKwh(MeterTariffBand.CriticalPeak, end), 9);
        Assert.Equal(24 * 24.0, values.ImportKwh(end), 6);
    }

    [Fact]
    public void InSummer_CriticalPeakHoursComeOutOfPeak()
    {
        var start = Local(2025, 7, 15, 0);
        var values = new LoadModelValues(new LoadModel { PowerKw = _ => 10.0, CounterStart = start });
        var end = start.Plus(Duration.FromDays(1));

        Assert.Equal(3 * 10.0, values.ImportKwh(MeterTariffBand.CriticalPeak, end), 6); // 11–12, 15–16, 16–17 h
        Assert.Equal(4 * 10.0, values.ImportKwh(MeterTariffBand.Peak, end), 6);
    }

    [Fact]
    public void BandHours_AreLocal_EvenOnADaylightSavingDay()
    {
        // A meter whose clock keeps Europe/Berlin: 2025-03-30 has 23 hours, the 02:00–03:00 hour does not exist.
        var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var start = new LocalDate(2025, 3, 30).AtStartOfDayInZone(berlin).ToInstant();
        var end = new LocalDate(2025, 3, 31).AtStartOfDayInZone(berlin).ToInstant();
        var values = new LoadModelValues(new LoadModel { PowerKw = _ => 6.0, CounterStart = start, Bands = MeterTariffSchedule.GuangdongIndustrial2021(berlin) });

        Assert.Equal(23 * 6.0, values.ImportKwh(end), 6);
        Assert.Equal(7 * 6.0, values.ImportKwh(MeterTariffBand.Valley, end), 6);
        Assert.Equal(7 * 6.0, values.ImportKwh(MeterTariffBand.Peak, end), 6);
    }

    [Fact]
    public void CatchingUpWeeks_KeepsBandsExact_AndAgreesWithMinuteSteps()
    {
        // Ten March days at a constant 24 kW read in one go (quarter-hour steps) ...
        var start = Local(2025, 3, 1, 0, 7, 3);
        var end = start.Plus(Duration.FromDays(10));
        var once = new LoadModelValues(new LoadModel { PowerKw = _ => 24.0, CounterStart = start });
        Assert.Equal(10 * 8 * 24.0, once.ImportKwh(MeterTariffBand.Valley, end), 6);
        Assert.Equal(10 * 7 * 24.0, once.ImportKwh(MeterTariffBand.Peak, end), 6);

        // ... and a daily-cycling load read in one go or every minute give the same register.
        var factory = new DemoFactory();
        var from = factory.ReportingStartInstant.Plus(Duration.FromDays(30));
        var coarse = new LoadModelValues(t => factory.PowerAt(2, t), from, 0);
        var fine = new LoadModelValues(t => factory.PowerAt(2, t), from, 0);
        var until = from.Plus(Duration.FromDays(3));
        for (var t = from; t < until; t = t.Plus(Duration.FromMinutes(1)))
        {
            fine.ImportKwh(t);
        }

        Assert.Equal(fine.ImportKwh(until), coarse.ImportKwh(until), 6);
    }

    [Fact]
    public void StartingTotal_IsSpreadOverTheBands_WhichSumToIt()
    {
        var values = new LoadModelValues(new LoadModel { PowerKw = _ => 0, ImportStartKwh = 123_456.7 });
        var sum = Enum.GetValues<MeterTariffBand>().Sum(b => values.ImportKwh(b, Instant.FromUnixTimeSeconds(0)));
        Assert.Equal(123_456.7, sum, 6);
        Assert.True(values.ImportKwh(MeterTariffBand.Valley, Instant.FromUnixTimeSeconds(0)) > 0);
    }

    [Fact]
    public void Gas_StandardVolumeIntegratesFlow_AndLineVolumeFollowsTheGasLaw()
    {
        var start = Local(2025, 1, 6, 8);
        var values = new LoadModelValues(new LoadModel
        {
            GasFlowNm3PerHour = _ => 100.0,
            GasTemperatureC = _ => 15.0,
            GasPressureKpa = _ => 202.65, // twice the standard pressure
            CounterStart = start,
            GasStartNm3 = 5_000.0,
        });
        var later = start.Plus(Duration.FromHours(2));

        Assert.Equal(5_200.0, values.GasStandardVolume(later), 9);
        var lineFactor = 101.325 / 202.65 * (288.15 / 273.15);
        Assert.Equal(100.0 * lineFactor, values.GasLineFlow(later), 9);
        Assert.Equal((5_000.0 + 200.0) * lineFactor, values.GasLineVolume(later), 6);
    }

    [Fact]
    public void Counters_NeverGoBackwards_WhateverTheReadOrder()
    {
        var factory = new DemoFactory();
        var start = factory.ReportingStartInstant;
        var values = new LoadModelValues(t => factory.PowerAt(1, t), start, 50_000);
        var previous = 0.0;
        var random = new Random(7);
        var t = start;
        for (var i = 0; i < 200; i++)
        {
            // Reads are not always later: an earlier instant returns the register as it stands.
            t = t.Plus(Duration.FromSeconds(random.Next(-30, 400)));
            var value = values.ImportKwh(t);
            Assert.True(value >= previous, $"counter went from {previous} to {value}");
            previous = value;
        }
    }

    [Fact]
    public void ElectricalQuantities_ArePlausibleForAnyProfile()
    {
        var profile = ProfileLibrary.LoadBundled().Get("schneider-pm5000");
        var values = new LoadModelValues(_ => 92.0, Instant.FromUnixTimeSeconds(0), 0);
        var now = Instant.FromUnixTimeSeconds(0);

        Assert.Equal(92.0, values.ValueOf(profile.Point("active_power"), now));
        Assert.Equal(92.0 / 3, values.ValueOf(profile.Point("active_power_l2"), now)!.Value, 9);
        Assert.Equal(230.0 * Math.Sqrt(3), values.ValueOf(profile.Point("voltage_l1_l2"), now)!.Value, 9);
        Assert.Equal(230.0, values.ValueOf(profile.Point("voltage_l1"), now));
        Assert.Equal(100.0 * 1000 / (3 * 230.0), values.ValueOf(profile.Point("current_l1"), now)!.Value, 9);
        Assert.True(values.ValueOf(profile.Point("current_n"), now) < values.ValueOf(profile.Point("current_l1"), now));
        Assert.Equal(50.0, values.ValueOf(profile.Point("frequency"), now));
    }

    [Fact]
    public void SimulatedMeters_PickGasOrElectricityByProfile()
    {
        var library = ProfileLibrary.LoadBundled();
        var factory = new DemoFactory();
        var start = factory.ReportingStartInstant.Plus(Duration.FromDays(20)).Plus(Duration.FromHours(10));

        Assert.True(SimulatedMeters.IsGasMeter(library.Get("fx-gas-flow-totalizer")));
        Assert.False(SimulatedMeters.IsGasMeter(library.Get("acrel-adl400")));

        var gas = SimulatedMeters.Values(library.Get("fx-gas-flow-totalizer"), 0, factory, start, 1_000);
        Assert.Equal(1_000, gas.GasStandardVolume(start), 9);
        Assert.True(gas.GasStandardVolume(start.Plus(Duration.FromHours(1))) > 1_000);

        var power = SimulatedMeters.Values(library.Get("acrel-adl400"), 2, factory, start);
        Assert.Equal(factory.PowerAt(2, start), power.ValueOf(library.Get("acrel-adl400").Point("active_power"), start));
    }
}
