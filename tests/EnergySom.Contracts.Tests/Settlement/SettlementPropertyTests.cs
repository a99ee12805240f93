using System.Globalization;
using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using EnergySom.Contracts.Tests.Fixtures;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using static EnergySom.Contracts.Tests.Fixtures.SettlementFixture;
using TestData = EnergySom.Contracts.Tests.Fixtures.TestData;
using EnergySom.Testing;

namespace EnergySom.Contracts.Tests.Settlement;

/// <summary>
/// Properties over generated savings (FsCheck 3.6 from plain facts, fixed seeds by FsCheck's replay on failure):
/// the parties' amounts add up to the savings value exactly, payments carry exactly the cash entries, every line is
/// its quantity × price rounded, re-settling gives byte-identical statements, any change gives a new one, and the
/// precomputed band grid prices each kWh as a naive per-interval band lookup does.
/// </summary>
public class SettlementPropertyTests
{
    private const int Tests = 40;

    /// <summary>Sparse savings over February: (quarter-hour index, kWh in thousandths, possibly negative); some missing.</summary>
    private static readonly Arbitrary<(int Slot, int Milli)[]> Savings = Gen.ArrayOf(
            Gen.Choose(0, 2687).SelectMany(slot => Gen.Choose(-50_000, 500_000).Select(milli => (slot, milli))))
        .Select(a => a.Take(60).ToArray())
        .ToArbitrary();

    private static IntervalSeries February((int Slot, int Milli)[] points, bool withGaps)
    {
        var values = new double[2688];
        foreach (var (slot, milli) in points)
        {
            values[slot] += milli / 1000.0 / 7.0;   // thirds and sevenths do not round nicely
        }

        if (withGaps && points.Length > 0)
        {
            values[points[0].Slot] = double.NaN;
        }

        var from = new LocalDate(2025, 2, 1).AtStartOfDayInZone(Shanghai).ToInstant();
        return new IntervalSeries(from, Quarter, values);
    }

    private static Contract SharedWith(decimal share, string mode, string step) => TestData.Minimal(
        ("esco_share_by_year: [0.8, 0.7, 0.5]", $"esco_share_by_year: [{share.ToString(CultureInfo.InvariantCulture)}, 0.7, 0.5]"),
        ("rounding: { step: 0.01, mode: half_away_from_zero }", $"rounding: {{ step: {step}, mode: {mode} }}"));

    [Fact]
    public void Settle_AnySavingsAndShare_PartiesShareExactlyTheValue()
    {
        var arbitrary = Savings.Generator
            .SelectMany(points => Gen.Choose(0, 100).SelectMany(percent => Gen.Elements("half_away_from_zero", "half_even", "toward_zero", "floor", "ceiling")
                .SelectMany(mode => Gen.Elements("0.01", "0.1", "1").Select(step => (points, percent, mode, step)))))
            .ToArbitrary();
        Prop.ForAll(arbitrary, c =>
        {
            var share = c.percent / 100m;
            var contract = SharedWith(share, c.mode, c.step);
            var s = SettlementEngine.Settle(Input(contract, "2025-02", February(c.points, withGaps: false), gasPeriodTotal: c.points.Length / 3.0));
            var rounding = contract.Policies.Rounding;
            return s.EscoAmount + s.FactoryAmount + s.FinancierAmount == s.SavingsValue
                && s.SavingsValue == s.Lines.Sum(l => l.Amount)
                && s.EscoAmount == rounding.Round(s.SavingsValue * share)
                && s.Lines.All(l => l.Amount == rounding.Round(l.Quantity * l.UnitPrice))
                && s.Lines.All(l => l.Quantity == Math.Round(l.Quantity, 3));
        }).Check(Properties.Fixed(Tests));
    }

    [Fact]
    public void Settle_AnyContractType_PaymentsCarryExactlyTheCashEntries()
    {
        var contracts = new[]
        {
            TestData.Minimal(),
            GuaranteedSavingsSettlementTests.Contract,
            TestData.Minimal(("type: shared_savings", "type: energy_cost_trusteeship"), (SharedTerms, "  energy_cost_trusteeship: { fee_per_year: 50000, utility_bills_paid_by: host }")),
            TestData.Minimal(
                ("type: shared_savings", "type: mixed"),
                (SharedTerms, "  shared_savings: { carriers: [electricity], esco_share_by_year: [0.8, 0.7, 0.5] }\n  guaranteed_savings: { carriers: [natural_gas], guarantees: [{ carrier: natural_gas, quantity_per_year: 100, unit_price: 3.5 }], service_fee_per_year: 999.99, excess: { treatment: kept_by_esco } }\nlimits: { minimum_payment_per_period: 80 }")),
        };
        var arbitrary = Savings.Generator.SelectMany(points => Gen.Choose(0, contracts.Length - 1).Select(k => (points, k))).ToArbitrary();
        Prop.ForAll(arbitrary, c =>
        {
            var contract = contracts[c.k];
            var period = contract.Frequency == SettlementFrequency.Quarterly ? "2025-01/2025-03" : "2025-02";
            var dates = SettlementCalendar.Find(contract, period).Dates;
            var series = contract.Frequency == SettlementFrequency.Quarterly
                ? Span(dates.From, dates.To, t => t.Day == 6 && t.Hour == 2 && t.Minute == 0 ? c.points.Length : 0)
                : February(c.points, withGaps: true);
            var s = SettlementEngine.Settle(Input(
                contract,
                period,
                series,
                gasPeriodTotal: c.points.Length,
                electricityEdit: e => e with { Metered = Month(new YearMonth(2025, 2), _ => 2.0), Demand = [new MonthlyDemand(new YearMonth(2025, 2), 120.5, 118.25)] },
                gasEdit: g => g with { MeteredDaily = new DailySeries(new LocalDate(2025, 2, 1), Enumerable.Repeat(5.0, 28).ToArray()) }));
            var paymentsBalance = true;
            foreach (var party in new[] { "esco", "financier" })
            {
                var cash = s.Entries.Where(e => e.Party == party && e.Cash).Sum(e => e.Amount);
                var paid = s.Payments.Where(p => p.Payee == party).Sum(p => p.Amount) - s.Payments.Where(p => p.Payer == party).Sum(p => p.Amount);
                paymentsBalance &= cash == paid;
            }

            return paymentsBalance
                && s.EscoAmount == s.Entries.Where(e => e.Party == "esco").Sum(e => e.Amount)
                && s.EscoAmount + s.FinancierAmount + s.FactoryAmount == s.SavingsValue
                && s.Payments.All(p => p.NetOfVat + p.Vat == p.Amount && p.Total == p.Amount && p.Amount > 0);
        }).Check(Properties.Fixed(Tests));
    }

    [Fact]
    public void Settle_SameInputsTwice_ByteIdentical_AnyChange_NewStatement()
    {
        var contract = TestData.Minimal(("missing_intervals: exclude", "missing_intervals: dispute"));
        var arbitrary = Savings.Generator.Where(p => p.Length > 1).SelectMany(points => Gen.Choose(1, points.Length - 1).Select(i => (points, i))).ToArbitrary();
        Prop.ForAll(arbitrary, c =>
        {
            var first = SettlementEngine.Settle(Input(contract, "2025-02", February(c.points, withGaps: true), gasPeriodTotal: 12.5));
            var again = SettlementEngine.Settle(Input(contract, "2025-02", February(c.points, withGaps: true), gasPeriodTotal: 12.5));
            var reread = StatementJson.Parse(StatementJson.Canonical(first));
            var changedPoints = c.points.ToArray();
            changedPoints[c.i] = (changedPoints[c.i].Slot, changedPoints[c.i].Milli + 1);
            var changed = SettlementEngine.Settle(Input(contract, "2025-02", February(changedPoints, withGaps: true), gasPeriodTotal: 12.5));
            return StatementJson.Canonical(first).AsSpan().SequenceEqual(StatementJson.Canonical(again))
                && StatementJson.Canonical(reread).AsSpan().SequenceEqual(StatementJson.Canonical(first))
                && StatementJson.Verify(reread)
                && changed.Digest != first.Digest
                && changed.StatementId != first.StatementId;
        }).Check(Properties.Fixed(Tests));
    }

    [Fact]
    public void Grid_PricesEachKwhAsANaiveBandLookup()
    {
        // March has two tariff versions; the oracle looks up each interval's version and band by local date and
        // time and sums in decimal.
        var contract = TestData.Minimal(("band_split: pro_rata_minutes", "band_split: interval_start"));
        var timeline = SettlementFixture.Tariffs.Electricity("test-tou");
        var arbitrary = Gen.ArrayOf(Gen.Choose(0, 2975).SelectMany(slot => Gen.Choose(0, 100_000).Select(milli => (slot, milli)))).ToArbitrary();
        Prop.ForAll(arbitrary, points =>
        {
            var from = new LocalDate(2025, 3, 1).AtStartOfDayInZone(Shanghai).ToInstant();
            var values = new double[2976];
            foreach (var (slot, milli) in points.Take(200))
            {
                values[slot] += milli / 3000.0;
            }

            var expected = new Dictionary<(string, TouBand), decimal>();
            for (var i = 0; i < values.Length; i++)
            {
                var local = (from + (Quarter * i)).InZone(Shanghai).LocalDateTime;
                var tariff = timeline.InForceOn(local.Date);
                var key = (tariff.Version, tariff.BandAt(local.Date, local.TimeOfDay));
                expected[key] = expected.GetValueOrDefault(key) + (decimal)values[i];
            }

            var s = SettlementEngine.Settle(Input(contract, "2025-03", new IntervalSeries(from, Quarter, values)));
            return expected.All(e =>
            {
                var line = s.Lines.Single(l => l.Tariff == $"test-tou@{e.Key.Item1}" && l.Band == e.Key.Item2.Code() && l.Section == LineSections.Savings);
                return Math.Abs(line.Quantity - e.Value) <= 0.0005m;
            });
        }).Check(Properties.Fixed(Tests));
    }

    [Fact]
    public void Property_FalseClaim_IsCaughtWithACounterexample()
    {
        // Guards the harness itself: a property that does not hold must fail the test run.
        var error = Assert.ThrowsAny<Exception>(() => Prop.ForAll(Savings, points =>
        {
            var s = SettlementEngine.Settle(Input(TestData.Minimal(), "2025-02", February(points, withGaps: false)));
            return s.SavingsValue < 1m;
        }).Check(Properties.Fixed(100)));
        Assert.Contains("Falsifiable", error.Message, StringComparison.Ordinal);
    }
}
