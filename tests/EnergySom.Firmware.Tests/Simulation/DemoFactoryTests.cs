using EnergySom.Firmware.Simulation;
using NodaTime;

namespace EnergySom.Firmware.Tests.Simulation;

public class DemoFactoryTests
{
    [Fact]
    public void Generate_SameSeed_SameFactory()
    {
        var a = new DemoFactory().Generate();
        var b = new DemoFactory().Generate();

        Assert.Equal(a.Electricity[0], b.Electricity[0]);
        Assert.Equal(a.Gas, b.Gas);
        Assert.Equal(a.HourlyTemperature, b.HourlyTemperature);
    }

    [Fact]
    public void Generate_MeasureOnlyAfterReportingStart_AndSavingsAreKnown()
    {
        var data = new DemoFactory().Generate();
        var baselineIntervals = data.Factory.Options.BaselineDays * DemoFactory.IntervalsPerDay;

        for (var m = 0; m < 3; m++)
        {
            for (var i = 0; i < baselineIntervals; i++)
            {
                Assert.Equal(data.ElectricityCounterfactual[m][i], data.Electricity[m][i]);
            }
        }

        Assert.InRange(data.TrueElectricitySavings(), 100_000, 1_000_000);
        Assert.InRange(data.TrueGasSavings(), 10_000, 100_000);
    }

    [Fact]
    public void Calendar_HasWeekendsAndHolidayShutdowns()
    {
        Assert.Equal(DayType.Holiday, DemoFactory.DayTypeOf(new LocalDate(2025, 1, 29)));
        Assert.Equal(DayType.Weekend, DemoFactory.DayTypeOf(new LocalDate(2025, 3, 1)));
        Assert.Equal(DayType.Working, DemoFactory.DayTypeOf(new LocalDate(2025, 3, 3)));
        Assert.Equal(0, new DemoFactory().ExpectedProduction(new LocalDate(2025, 10, 2)));
    }

    [Fact]
    public void GasFlow_FiresHarderInShifts_AndTheDaySumsToItsMeanRate()
    {
        var factory = new DemoFactory();
        var day = new LocalDate(2025, 1, 6).AtStartOfDayInZone(factory.Zone).ToInstant(); // a working Monday
        var night = factory.GasFlowAt(day.Plus(Duration.FromHours(3)));
        var shift = factory.GasFlowAt(day.Plus(Duration.FromHours(12)));

        Assert.Equal(1.3 / 0.4, shift / night, 9);
        var perDay = Enumerable.Range(0, 24 * 4).Sum(q => factory.GasFlowAt(day.Plus(Duration.FromMinutes((15 * q) + 7.5)))) / 4;
        Assert.Equal(24 * shift / 1.3, perDay, 6);
    }
}

