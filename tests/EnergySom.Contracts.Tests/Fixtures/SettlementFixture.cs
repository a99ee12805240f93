using EnergySom.Contracts.Definition;
using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Contracts.Tests.Fixtures;

/// <summary>
/// Builds settlement inputs for hand-computed tests: the test tariffs of Data/tariffs (round prices: valley 0.30,
/// flat 0.60, peak 1.00 until 2025-03-15, then 0.35 / 0.70 / 1.20), contracts edited from the minimal contract,
/// and 15-minute series in Asia/Shanghai built from a function of local time.
/// </summary>
internal static class SettlementFixture
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static readonly Duration Quarter = Duration.FromMinutes(15);

    private static readonly Lazy<TariffLibrary> LazyTariffs = new(() => TariffLoader.LoadDirectory(TestData.Path("tariffs")));

    public static TariffLibrary Tariffs => LazyTariffs.Value;

    /// <summary>The gas block of the minimal contract, to cut out for electricity-only contracts.</summary>
    public const string GasBlock = """
          - carrier: natural_gas
            meters: [g-1]
            tariff: test-gas
            volume_basis: normal_0c
            baseline:
              method: caltrack-daily
              drivers: [temperature]
              result: { id: bl-g, version: "1", sha256: 4fc96a66161a9a06b3e3b8a27b1e63e1c5d1b2d0f6c9c9c1e5f0b2a3c4d5e6f7 }

        """;

    public const string SharedTerms = """
          shared_savings:
            esco_share_by_year: [0.8, 0.7, 0.5]
        """;

    public static BaselineResultReference ElectricityBaseline(Contract contract) => contract.ScopeOf(EnergyCarrier.Electricity)!.BaselineResult;

    public static BaselineResultReference GasBaseline(Contract contract) => contract.ScopeOf(EnergyCarrier.NaturalGas)!.BaselineResult;

    /// <summary>Intervals of <paramref name="step"/> over the local month, valued by local start time.</summary>
    public static IntervalSeries Month(YearMonth month, Func<LocalDateTime, double> value, Duration? step = null, DateTimeZone? zone = null)
    {
        zone ??= Shanghai;
        var s = step ?? Quarter;
        var from = month.OnDayOfMonth(1).AtStartOfDayInZone(zone).ToInstant();
        var to = month.OnDayOfMonth(1).PlusMonths(1).AtStartOfDayInZone(zone).ToInstant();
        var count = (int)((to - from).BclCompatibleTicks / s.BclCompatibleTicks);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = value((from + (s * i)).InZone(zone).LocalDateTime);
        }

        return new IntervalSeries(from, s, values);
    }

    /// <summary>A series over several months (for quarterly and yearly periods).</summary>
    public static IntervalSeries Span(LocalDate from, LocalDate to, Func<LocalDateTime, double> value)
    {
        var start = from.AtStartOfDayInZone(Shanghai).ToInstant();
        var end = to.AtStartOfDayInZone(Shanghai).ToInstant();
        var count = (int)((end - start).BclCompatibleTicks / Quarter.BclCompatibleTicks);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = value((start + (Quarter * i)).InZone(Shanghai).LocalDateTime);
        }

        return new IntervalSeries(start, Quarter, values);
    }

    public static bool At(LocalDateTime t, int day, int hour, int minute = 0) => t.Day == day && t.Hour == hour && t.Minute == minute;

    public static SettlementInput Input(Contract contract, string period, IntervalSeries? electricity, double? gasPeriodTotal = 0, Func<CarrierInput, CarrierInput>? electricityEdit = null, Func<CarrierInput, CarrierInput>? gasEdit = null)
    {
        var carriers = new List<CarrierInput>();
        if (contract.ScopeOf(EnergyCarrier.Electricity) is not null)
        {
            var e = new CarrierInput(EnergyCarrier.Electricity, ElectricityBaseline(contract)) { Avoided = electricity };
            carriers.Add(electricityEdit?.Invoke(e) ?? e);
        }

        if (contract.ScopeOf(EnergyCarrier.NaturalGas) is not null)
        {
            var g = new CarrierInput(EnergyCarrier.NaturalGas, GasBaseline(contract)) { PeriodAvoided = gasPeriodTotal };
            carriers.Add(gasEdit?.Invoke(g) ?? g);
        }

        return new SettlementInput(contract, SettlementCalendar.Find(contract, period), Tariffs, carriers);
    }

    public static StatementLine Line(SettlementStatement statement, string code, string? tariff = null) =>
        Assert.Single(statement.Lines, l => l.Code == code && (tariff is null || l.Tariff == tariff));

    public static StatementEntry Entry(SettlementStatement statement, string code) => Assert.Single(statement.Entries, e => e.Code == code);
}
