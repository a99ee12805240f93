using NodaTime;

namespace EnergySom.Firmware.Simulation;

/// <summary>
/// Two years of the demo factory: what the meters measured, and what they would have measured without the
/// efficiency measure (the counterfactual), so the true savings are known exactly.
/// </summary>
public sealed class DemoFactoryData
{
    internal DemoFactoryData(
        DemoFactory factory,
        double[] hourlyTemperature,
        double[] dailyProduction,
        DayType[] dayTypes,
        double[][] electricity,
        double[][] electricityCounterfactual,
        double[] gas,
        double[] gasCounterfactual)
    {
        Factory = factory;
        HourlyTemperature = hourlyTemperature;
        DailyProduction = dailyProduction;
        DayTypes = dayTypes;
        Electricity = electricity;
        ElectricityCounterfactual = electricityCounterfactual;
        Gas = gas;
        GasCounterfactual = gasCounterfactual;
    }

    public DemoFactory Factory { get; }

    /// <summary>Outdoor temperature (°C), hourly from <see cref="DemoFactory.StartInstant"/>.</summary>
    public IReadOnlyList<double> HourlyTemperature { get; }

    /// <summary>Production (t) per local day.</summary>
    public IReadOnlyList<double> DailyProduction { get; }

    public IReadOnlyList<DayType> DayTypes { get; }

    /// <summary>Metered energy (kWh) per 15-minute interval, per electricity meter.</summary>
    public IReadOnlyList<double[]> Electricity { get; }

    /// <summary>Energy (kWh) each interval would have used without the measure.</summary>
    public IReadOnlyList<double[]> ElectricityCounterfactual { get; }

    /// <summary>Metered gas (Nm³) per local day.</summary>
    public IReadOnlyList<double> Gas { get; }

    public IReadOnlyList<double> GasCounterfactual { get; }

    public int Days => DailyProduction.Count;

    /// <summary>Start of interval <paramref name="index"/>.</summary>
    public Instant IntervalStart(int index) => Factory.StartInstant.Plus(DemoFactory.Interval * index);

    /// <summary>Start of hour <paramref name="index"/>.</summary>
    public Instant HourStart(int index) => Factory.StartInstant.Plus(Duration.FromHours(index));

    /// <summary>Start of local day <paramref name="index"/>.</summary>
    public Instant DayStart(int index) => Factory.Options.Start.PlusDays(index).AtStartOfDayInZone(Factory.Zone).ToInstant();

    /// <summary>True avoided electricity (kWh) over the reporting period, all meters.</summary>
    public double TrueElectricitySavings()
    {
        var first = Factory.Options.BaselineDays * DemoFactory.IntervalsPerDay;
        var total = 0.0;
        for (var m = 0; m < Electricity.Count; m++)
        {
            for (var i = first; i < Electricity[m].Length; i++)
            {
                total += ElectricityCounterfactual[m][i] - Electricity[m][i];
            }
        }

        return total;
    }

    /// <summary>True avoided gas (Nm³) over the reporting period.</summary>
    public double TrueGasSavings()
    {
        var total = 0.0;
        for (var d = Factory.Options.BaselineDays; d < Days; d++)
        {
            total += GasCounterfactual[d] - Gas[d];
        }

        return total;
    }

    /// <summary>Total metered energy (kWh) of one electricity meter over the whole history.</summary>
    public double MeterTotal(int meter)
    {
        var total = 0.0;
        foreach (var value in Electricity[meter])
        {
            total += value;
        }

        return total;
    }
}
