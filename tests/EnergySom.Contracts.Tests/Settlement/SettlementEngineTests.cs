using System.Text.Json;
using EnergySom.Contracts.Settlement;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using static EnergySom.Contracts.Tests.TestTariffs;
using EnergySom.Testing;

namespace EnergySom.Contracts.Tests.Settlement;

public class SettlementEngineTests
{
    private static SettlementRequest Request(IReadOnlyList<IntervalSavings> electricity, double gas = 0) =>
        new(Contract, new YearMonth(2025, 3), Shanghai, electricity, gas, Tou, Gas, RoundingPolicy.Fen, "baseline-test/1");

    [Fact]
    public void Settle_HandComputed_TouBandsGasAndShares()
    {
        var statement = SettlementEngine.Settle(Request(
            [
                new(At(3, 3), 1.0),      // valley: 1 × 0.2470 = 0.247 → 0.25
                new(At(3, 9), 1.0),      // flat
                new(At(3, 10, 15), 1.0), // peak: 1 × 1.1050 = 1.105 → 1.11 (half away from zero)
                new(At(3, 20), 1.0),     // flat: 2 × 0.6500 = 1.30
                new(At(31, 23, 45), 0.0),
            ],
            gas: 100));  // 100 Nm³ = 107.322 m³ at 20 °C × 3.80 = 407.8236 → 407.82

        var lines = statement.Lines.ToDictionary(l => l.Code);
        Assert.Equal(0.25m, lines["electricity.valley"].Amount);
        Assert.Equal(1.30m, lines["electricity.flat"].Amount);
        Assert.Equal(2.000m, lines["electricity.flat"].Quantity);
        Assert.Equal(1.11m, lines["electricity.peak"].Amount);
        Assert.Equal(107.322m, lines["natural_gas"].Quantity);
        Assert.Equal(407.82m, lines["natural_gas"].Amount);
        Assert.Equal(410.48m, statement.SavingsValue);
        Assert.Equal(0.70m, statement.EscoShare);
        Assert.Equal(287.34m, statement.EscoAmount);   // 410.48 × 0.7 = 287.336
        Assert.Equal(123.14m, statement.FactoryAmount);
    }

    [Fact]
    public void Settle_SameKwhInDifferentBands_IsWorthDifferentMoney()
    {
        var peak = SettlementEngine.Settle(Request([new(At(5, 11), 100)]));
        var valley = SettlementEngine.Settle(Request([new(At(5, 2), 100)]));

        Assert.Equal(110.50m, peak.SavingsValue);
        Assert.Equal(24.70m, valley.SavingsValue);
    }

    [Fact]
    public void Settle_IgnoresIntervalsOutsideTheLocalMonth()
    {
        // 2025-03-01 00:00 Shanghai is 2025-02-28 16:00 UTC: the local calendar decides.
        var before = new LocalDateTime(2025, 2, 28, 23, 45).InZoneStrictly(Shanghai).ToInstant();
        var statement = SettlementEngine.Settle(Request([new(before, 1000), new(At(1, 0), 1)]));

        Assert.Equal(0.25m, statement.SavingsValue);
    }

    [Fact]
    public void Settle_SameInputs_SameStatement_ChangedInputs_NewStatementId()
    {
        IntervalSavings[] data = [new(At(3, 3), 1.5), new(At(4, 11), 2.25)];
        var first = JsonSerializer.Serialize(SettlementEngine.Settle(Request(data)));
        var second = JsonSerializer.Serialize(SettlementEngine.Settle(Request(data)));
        Assert.Equal(first, second);

        var changed = SettlementEngine.Settle(Request([new(At(3, 3), 1.5), new(At(4, 11), 2.2500001)]));
        Assert.NotEqual(SettlementEngine.Settle(Request(data)).StatementId, changed.StatementId);
    }

    [Fact]
    public void Settle_EscoPlusFactory_EqualsValue_Property()
    {
        Prop.ForAll<int[]>(raw =>
        {
            var intervals = (raw ?? []).Take(200).Select((v, i) => new IntervalSavings(At(1, 0).Plus(Duration.FromMinutes(15 * i)), v / 7.0)).ToList();
            var s = SettlementEngine.Settle(Request(intervals));
            return s.EscoAmount + s.FactoryAmount == s.SavingsValue
                && s.SavingsValue == s.Lines.Sum(l => l.Amount)
                && s.EscoAmount == decimal.Round(s.EscoAmount, 2);
        }).Check(Properties.Fixed());
    }

    [Fact]
    public void Terms_ShareChangesByContractYear()
    {
        Assert.Equal(0.70m, Contract.EscoShare(new LocalDate(2026, 12, 31)));
        Assert.Equal(0.50m, Contract.EscoShare(new LocalDate(2027, 1, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Contract.EscoShare(new LocalDate(2028, 1, 1)));
    }
}
