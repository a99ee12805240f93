using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Terms;
using EnergySom.Contracts.Tests.Fixtures;
using NodaTime;
using static EnergySom.Contracts.Tests.Fixtures.SettlementFixture;

namespace EnergySom.Contracts.Tests.Settlement;

/// <summary>
/// A quarterly guaranteed-savings contract: 1,000 kWh a year guaranteed at 0.70 yuan/kWh, a 1,200 yuan yearly
/// service fee, excess shared 50/50, fees and the agreed price escalating 3 % a year.
/// </summary>
public class GuaranteedSavingsSettlementTests
{
    internal static readonly Contract Contract = TestData.Minimal(
        (GasBlock, ""),
        ("type: shared_savings", "type: guaranteed_savings"),
        ("settlement: { frequency: monthly }", "settlement: { frequency: quarterly }"),
        (SharedTerms, """
          guaranteed_savings:
            guarantees:
              - { carrier: electricity, quantity_per_year: 1000, unit_price: 0.70 }
            service_fee_per_year: 1200
            excess: { treatment: shared, esco_share: 50% }
        escalation: { rate_per_year: 0.03, applies_to: [fees, agreed_prices] }

        """));

    /// <summary>Settles the four quarters of a contract year with <paramref name="kwhPerQuarter"/> avoided in one valley interval of each.</summary>
    internal static List<SettlementStatement> Year(Contract contract, int year, double kwhPerQuarter)
    {
        var statements = new List<SettlementStatement>();
        foreach (var period in SettlementCalendar.Periods(contract).Where(p => p.ContractYear == year))
        {
            var first = period.Dates.From;
            var series = Span(first, period.Dates.To, t => t.Date == first.PlusDays(5) && t.Hour == 2 && t.Minute == 0 ? kwhPerQuarter : 0.0);
            var input = Input(contract, period.Label, series) with { PriorStatements = statements.ToList() };
            statements.Add(SettlementEngine.Settle(input));
        }

        return statements;
    }

    [Fact]
    public void Settle_QuarterInTheYear_PaysTheFeeInstalmentOnly()
    {
        var q1 = Year(Contract, 1, 200)[0];

        Assert.Equal("2025-01/2025-03", q1.Period);
        var fee = Entry(q1, "guaranteed_savings.service_fee");
        Assert.Equal((300m, "1200 / 4"), (fee.Amount, fee.Basis));
        Assert.Empty(q1.TrueUps);
        Assert.False(q1.ClosesContractYear);
        Assert.Equal(60.00m, q1.SavingsValue);                     // 200 kWh valley × 0.30 (the savings are still valued)
        Assert.Equal(300m, q1.EscoAmount);
        Assert.Equal(-240.00m, q1.FactoryAmount);
        Assert.Empty(q1.Inputs.PriorStatements);                   // a mid-year quarter does not depend on history
    }

    [Fact]
    public void Settle_GuaranteeShortfall_EscoPaysDifference()
    {
        // Year 1: 4 × 200 = 800 kWh verified against 1,000 guaranteed: the ESCO pays 200 × 0.70 = 140.00.
        var q4 = Year(Contract, 1, 200)[3];

        Assert.True(q4.ClosesContractYear);
        var trueUp = Assert.Single(q4.TrueUps);
        Assert.Equal((1000m, 800.000m, 200.000m, 0m, 0.70m), (trueUp.Guaranteed, trueUp.Verified, trueUp.Shortfall, trueUp.Excess, trueUp.UnitPrice));
        var shortfall = Entry(q4, "guaranteed_savings.shortfall.electricity");
        Assert.Equal(-140.00m, shortfall.Amount);
        Assert.Equal("(1000 − 800) kWh × 0.7", shortfall.Basis);
        Assert.Equal(300m, Entry(q4, "guaranteed_savings.service_fee").Amount); // 1200 − 3 × 300
        Assert.Equal(160.00m, q4.EscoAmount);
        var payment = Assert.Single(q4.Payments);
        Assert.Equal(("host", "esco", 160.00m, 150.94m, 9.06m), (payment.Payer, payment.Payee, payment.Amount, payment.NetOfVat, payment.Vat));
        Assert.Equal(3, q4.Inputs.PriorStatements.Count);
    }

    [Fact]
    public void Settle_GuaranteeExcessInYearTwo_SharedAtTheEscalatedPrice()
    {
        // Year 2: 4 × 375 = 1,500 kWh; price 0.70 × 1.03 = 0.721; excess 500 × 0.721 × 0.5 = 180.25; fee 1,236 / 4 = 309.
        var q4 = Year(Contract, 2, 375)[3];

        var trueUp = Assert.Single(q4.TrueUps);
        Assert.Equal((2, 1500.000m, 500.000m, 0.721m), (trueUp.ContractYear, trueUp.Verified, trueUp.Excess, trueUp.UnitPrice));
        Assert.Equal(180.25m, Entry(q4, "guaranteed_savings.excess.electricity").Amount);
        Assert.Equal(309.00m, Entry(q4, "guaranteed_savings.service_fee").Amount);
        Assert.Equal(489.25m, q4.EscoAmount);
    }

    [Fact]
    public void Settle_YearEndWithoutTheYearsStatements_NamesTheMissingPeriods()
    {
        var q1 = Year(Contract, 1, 200)[0];
        var period = SettlementCalendar.Find(Contract, "2025-12");
        var input = Input(Contract, period.Label, Span(period.Dates.From, period.Dates.To, _ => 0.0)) with { PriorStatements = [q1] };

        var error = Assert.Throws<SettlementInputException>(() => SettlementEngine.Settle(input));

        Assert.Equal("prior_statements", error.Input);
        Assert.Contains("2025-04/2025-06, 2025-07/2025-09", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_PriorStatementAlteredAfterwards_IsRefused()
    {
        var year = Year(Contract, 1, 200);
        var forged = year[1] with { CarrierTotals = [year[1].CarrierTotals[0] with { Total = 400m }] };
        var period = SettlementCalendar.Find(Contract, "2025-10/2025-12");
        var input = Input(Contract, period.Label, Span(period.Dates.From, period.Dates.To, _ => 0.0)) with { PriorStatements = [year[0], forged, year[2]] };

        var error = Assert.Throws<SettlementInputException>(() => SettlementEngine.Settle(input));

        Assert.Contains("digest does not match", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Contract_EscalatesFeesAndAgreedPricesCompoundedByYear()
    {
        Assert.Equal(1200m, Contract.Escalated(1200m, 1, EscalationTarget.Fees));
        Assert.Equal(1236.00m, Contract.Escalated(1200m, 2, EscalationTarget.Fees));
        Assert.Equal(1273.08m, Contract.Escalated(1200m, 3, EscalationTarget.Fees));      // 1200 × 1.0609
        Assert.Equal(0.7426m, Contract.Escalated(0.70m, 3, EscalationTarget.AgreedPrices)); // 0.742630 to 4 decimals
        Assert.Equal(500m, Contract.Escalated(500m, 3, EscalationTarget.MinimumPayment));   // not escalated by this contract
    }
}
