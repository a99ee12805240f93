using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Terms;
using EnergySom.Contracts.Tests.Fixtures;
using NodaTime;
using static EnergySom.Contracts.Tests.Fixtures.SettlementFixture;

namespace EnergySom.Contracts.Tests.Settlement;

/// <summary>
/// Hand-computed statements of energy-cost trusteeship, finance lease and mixed contracts, and of the cross-cutting
/// rules: minimum payment, caps and early buy-out. February 2025 on the test tariff with 1 kWh avoided in every
/// quarter-hour is worth valley 896 × 0.30 = 268.80, flat 1,512 × 0.60 = 907.20, peak 280 × 1.00 = 280.00: 1,456.00.
/// </summary>
public class OtherContractTypesSettlementTests
{
    private static readonly IntervalSeries OneKwhFebruary = Month(new YearMonth(2025, 2), _ => 1.0);

    private static Contract Trusteeship(string payer) => TestData.Minimal(
        ("type: shared_savings", "type: energy_cost_trusteeship"),
        ("    tariff: test-tou\n", "    tariff: test-tou\n    demand_savings: true\n"),
        (SharedTerms, $"""
          energy_cost_trusteeship:
            fee_per_year: 720000
            utility_bills_paid_by: {payer}

        """));

    private static SettlementInput TrusteeshipFebruary(Contract contract) => Input(
        contract,
        "2025-02",
        OneKwhFebruary,
        gasPeriodTotal: 10,
        electricityEdit: e => e with
        {
            Metered = Month(new YearMonth(2025, 2), _ => 10.0),
            Demand = [new MonthlyDemand(new YearMonth(2025, 2), 850, 800)],
        },
        gasEdit: g => g with { MeteredDaily = new DailySeries(new LocalDate(2025, 2, 1), Enumerable.Repeat(100.0, 28).ToArray()) });

    [Fact]
    public void Settle_Trusteeship_EscoKeepsTheFeeLessTheActualCost()
    {
        // Cost: 8,960 × 0.30 + 15,120 × 0.60 + 2,800 × 1.00 + 800 kW × 30 + 2,800 Nm³ × 1.073220 = 3,005.016 m³ × 3.50
        //     = 2,688.00 + 9,072.00 + 2,800.00 + 24,000.00 + 10,517.56 = 49,077.56. Fee 720,000 / 12 = 60,000.
        var s = SettlementEngine.Settle(TrusteeshipFebruary(Trusteeship("esco")));

        Assert.Equal([2800.00m, 9072.00m, 2688.00m, 24000.00m, 10517.56m], s.CostLines.Select(l => l.Amount)); // peak, flat, valley, demand, gas
        Assert.All(s.CostLines, l => Assert.Equal(LineSections.Cost, l.Section));
        Assert.Equal(60000m, Entry(s, "energy_cost_trusteeship.fee").Amount);
        var cost = Entry(s, "energy_cost_trusteeship.actual_cost");
        Assert.Equal((-49077.56m, false), (cost.Amount, cost.Cash));
        Assert.Equal(10922.44m, s.EscoAmount);
        Assert.Equal(2993.56m, s.SavingsValue);                    // 1,456.00 + demand 1,500.00 + gas 37.56
        Assert.Equal(-7928.88m, s.FactoryAmount);
        var payment = Assert.Single(s.Payments);                     // the ESCO pays the utility; the host pays the fee
        Assert.Equal(("host", "esco", 60000m), (payment.Payer, payment.Payee, payment.Amount));
        Assert.Contains(s.Inputs.Series, x => x.Kind == "metered" && x.Carrier == "electricity");
        Assert.Contains(s.Inputs.Series, x => x.Kind == "metered_daily" && x.Carrier == "natural_gas");
    }

    [Fact]
    public void Settle_TrusteeshipHostPaysTheUtility_PaysTheEscoTheDifference()
    {
        var s = SettlementEngine.Settle(TrusteeshipFebruary(Trusteeship("host")));

        Assert.Equal(10922.44m, s.EscoAmount);
        Assert.Equal(10922.44m, Assert.Single(s.Payments).Amount);
    }

    [Fact]
    public void Settle_TrusteeshipWithAMissingMeteredInterval_IsRefused()
    {
        var input = TrusteeshipFebruary(Trusteeship("esco"));
        var electricity = input.Carriers[0] with { Metered = Month(new YearMonth(2025, 2), t => At(t, 5, 9) ? double.NaN : 10.0) };

        var error = Assert.Throws<SettlementInputException>(() => SettlementEngine.Settle(input with { Carriers = [electricity, input.Carriers[1]] }));

        Assert.Equal("carriers.electricity.metered", error.Input);
        Assert.Contains("2025-02-05T01:00:00Z", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_TrusteeshipOnASinglePartTariff_HasNoDemandCharge()
    {
        // The foundation's test tariff has no basic charge: the cost is the energy alone.
        var tariffs = new EnergySom.Contracts.Tariffs.TariffLibrary([TestTariffs.Tou with { Id = "test-tou" }], [TestTariffs.Gas with { Id = "test-gas", Basis = EnergySom.Contracts.Tariffs.GasVolumeBasis.Normal }]);
        var contract = TestData.Minimal(
            ("type: shared_savings", "type: energy_cost_trusteeship"),
            (SharedTerms, "  energy_cost_trusteeship: { fee_per_year: 120000, utility_bills_paid_by: esco }"));
        var input = TrusteeshipFebruary(contract) with { Tariffs = tariffs };

        var s = SettlementEngine.Settle(input);

        Assert.DoesNotContain(s.CostLines, l => l.Code.Contains("demand", StringComparison.Ordinal));
        Assert.Equal(2800m * 3.80m, s.CostLines.Single(l => l.Carrier == "natural_gas").Amount);   // Nm³ on an Nm³ tariff: no conversion
        Assert.Null(s.CostLines.Single(l => l.Carrier == "natural_gas").Conversion);
        Assert.Equal(10000m - s.CostLines.Sum(l => l.Amount), s.EscoAmount);
    }

    private static readonly Contract Lease = TestData.Minimal(
        (GasBlock, ""),
        ("type: shared_savings", "type: finance_lease"),
        ("  host: { id: host-1, name: Host Factory }", "  host: { id: host-1, name: Host Factory }\n  financier: { id: lessor-1, name: Lessor One }"),
        (SharedTerms, """
          finance_lease:
            payment_per_period: 1000
            payments: 24
            vat_rate: 0.13
            guarantees:
              - { carrier: electricity, quantity_per_year: 1000, unit_price: 0.70 }
        early_buyout: { amount_by_year: [1200, 700, 0], payee: financier }

        """));

    /// <summary>Monthly statements from January with 50 kWh avoided at 02:00 on the 6th of each month.</summary>
    private static List<SettlementStatement> LeaseMonths(int count, LocalDate? buyout = null)
    {
        var statements = new List<SettlementStatement>();
        foreach (var period in SettlementCalendar.Periods(Lease).Take(count))
        {
            var series = Month(period.Dates.From.ToYearMonth(), t => At(t, 6, 2) ? 50.0 : 0.0);
            statements.Add(SettlementEngine.Settle(Input(Lease, period.Label, series) with { PriorStatements = statements.ToList(), BuyoutDate = buyout }));
        }

        return statements;
    }

    [Fact]
    public void Settle_FinanceLease_InstalmentToTheFinancierAndYearEndShortfallFromTheEsco()
    {
        // 12 × 50 = 600 kWh against 1,000 guaranteed: shortfall 400 × 0.70 = 280.00, paid by the ESCO to the host.
        var december = LeaseMonths(12)[11];

        var instalment = Entry(december, "finance_lease.instalment");
        Assert.Equal(("financier", 1000m, "Lease instalment 12 of 24"), (instalment.Party, instalment.Amount, instalment.Description));
        Assert.Equal(-280.00m, Entry(december, "finance_lease.shortfall.electricity").Amount);
        Assert.Equal((-280.00m, 1000m), (december.EscoAmount, december.FinancierAmount));
        Assert.Equal(17.50m, december.SavingsValue);                // 50 kWh valley × 0.35 (v2)
        Assert.Equal(-702.50m, december.FactoryAmount);
        var toFinancier = Assert.Single(december.Payments, p => p.Payee == "financier");
        Assert.Equal((1000m, 0.13m, 884.96m, 115.04m), (toFinancier.Amount, toFinancier.VatRate, toFinancier.NetOfVat, toFinancier.Vat));
        var fromEsco = Assert.Single(december.Payments, p => p.Payer == "esco");
        Assert.Equal(("host", 280.00m, 0m), (fromEsco.Payee, fromEsco.Amount, fromEsco.Vat));
    }

    [Fact]
    public void Settle_FinanceLeaseAfterTheLastInstalment_HasNoInstalment()
    {
        var period = SettlementCalendar.Find(Lease, "2027-01");
        var s = SettlementEngine.Settle(Input(Lease, period.Label, Month(new YearMonth(2027, 1), _ => 0.0)));

        Assert.DoesNotContain(s.Entries, e => e.Code == "finance_lease.instalment");
    }

    [Fact]
    public void Settle_EarlyBuyoutMidMonth_EndsTheContractWithAProRataTrueUp()
    {
        // Buy-out effective 16 June 2025: June is settled for 15 of 30 days; the year's guarantee is cut to
        // 1,000 × 166/365 = 454.795 kWh against 300 verified (6 × 50): shortfall 154.795 × 0.70 = 108.3565 → 108.36.
        var june = LeaseMonths(6, new LocalDate(2025, 6, 16))[5];

        Assert.Equal("2025-06-16", june.PeriodTo);
        Assert.Equal("2025-06-16", june.Inputs.BuyoutDate);
        var trueUp = Assert.Single(june.TrueUps);
        Assert.Equal((454.795m, 300.000m, 154.795m), (trueUp.Guaranteed, trueUp.Verified, trueUp.Shortfall));
        Assert.Equal(-108.36m, Entry(june, "finance_lease.shortfall.electricity").Amount);
        Assert.Equal(500.00m, Entry(june, "finance_lease.instalment").Amount);   // 1,000 × 15/30
        var buyout = Entry(june, "early_buyout");
        Assert.Equal(("financier", 1200m), (buyout.Party, buyout.Amount));
        Assert.Equal(1700.00m, june.FinancierAmount);
        Assert.Equal(15 * 96, june.DataQuality.Single().Expected);

        var july = SettlementCalendar.Find(Lease, "2025-07");
        var error = Assert.Throws<SettlementInputException>(() => SettlementEngine.Settle(
            Input(Lease, july.Label, Month(new YearMonth(2025, 7), _ => 0.0)) with { BuyoutDate = new LocalDate(2025, 6, 16) }));
        Assert.Contains("ended by buy-out on 2025-06-16", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_Mixed_SharesElectricityGuaranteesGas_AndTopsUpToTheMinimumPayment()
    {
        // Electricity shared 80 % (1,456.00 → 1,164.80); gas under a guarantee with a 480,000 yearly fee (40,000 a
        // month); minimum payment 50,000: top-up 50,000 − 41,164.80 = 8,835.20.
        var contract = TestData.Minimal(
            ("type: shared_savings", "type: mixed"),
            (SharedTerms, """
              shared_savings:
                carriers: [electricity]
                esco_share_by_year: [0.8, 0.7, 0.5]
              guaranteed_savings:
                carriers: [natural_gas]
                guarantees: [{ carrier: natural_gas, quantity_per_year: 250, unit_price: 3.50 }]
                service_fee_per_year: 480000
                excess: { treatment: kept_by_host }
            limits: { minimum_payment_per_period: 50000 }

            """));

        var s = SettlementEngine.Settle(Input(contract, "2025-02", OneKwhFebruary, gasPeriodTotal: 10));

        var share = Entry(s, "shared_savings.esco_share");
        Assert.Equal((1164.80m, "1456 × 0.8"), (share.Amount, share.Basis));   // the gas value (37.56) is not shared
        Assert.Equal(40000m, Entry(s, "guaranteed_savings.service_fee").Amount);
        Assert.Equal(8835.20m, Entry(s, "limits.minimum_payment").Amount);
        Assert.Equal(50000m, s.EscoAmount);
        Assert.Equal(1493.56m, s.SavingsValue);
    }

    [Fact]
    public void Settle_TotalCap_CutsThePaymentThatWouldCrossIt()
    {
        // January: 1,612.00 × 0.8 = 1,289.60. February: 1,164.80 due, but the 1,500 cap leaves 210.40.
        var contract = TestData.Minimal((SharedTerms, SharedTerms + "\nlimits: { esco_cap_total: 1500 }"));
        var january = SettlementEngine.Settle(Input(contract, "2025-01", Month(new YearMonth(2025, 1), _ => 1.0)));
        var february = SettlementEngine.Settle(Input(contract, "2025-02", OneKwhFebruary) with { PriorStatements = [january] });

        Assert.Equal(1289.60m, january.EscoAmount);
        var cap = Entry(february, "limits.cap");
        Assert.Equal(-954.40m, cap.Amount);
        Assert.Equal(210.40m, february.EscoAmount);
        Assert.Equal(1245.60m, february.FactoryAmount);
        Assert.Equal(january.StatementId, Assert.Single(february.Inputs.PriorStatements).StatementId);
    }

    [Fact]
    public void Settle_TotalCapWithoutTheHistory_IsRefused()
    {
        var contract = TestData.Minimal((SharedTerms, SharedTerms + "\nlimits: { esco_cap_total: 1500 }"));

        var error = Assert.Throws<SettlementInputException>(() => SettlementEngine.Settle(Input(contract, "2025-02", OneKwhFebruary)));

        Assert.Contains("the total cap needs the statements in force for 2025-01", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_BuyoutOnAContractWithoutBuyoutTerms_IsRefused()
    {
        var error = Assert.Throws<SettlementInputException>(() => SettlementEngine.Settle(
            Input(TestData.Minimal(), "2025-02", OneKwhFebruary) with { BuyoutDate = new LocalDate(2025, 2, 10) }));

        Assert.Equal("buyout_date", error.Input);
    }
}
