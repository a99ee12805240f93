using NodaTime;

namespace EnergySom.Contracts.Terms;

/// <summary>
/// An energy performance contract, validated: who, where, what is metered and how it is baselined, the term and
/// settlement frequency, the money rules (clauses, limits, escalation, buy-out) and the settlement policies.
/// Built by <see cref="Definition.ContractLoader"/> from a contract file; its canonical form and digest come
/// from <see cref="Definition.ContractJson"/>.
/// </summary>
/// <param name="Version">Amendment number, 1 for the original contract.</param>
/// <param name="Zone">Time zone of the site: local dates and tariff bands are read in it (Asia/Shanghai by default).</param>
/// <param name="Currency">Always CNY.</param>
public sealed record Contract(
    string Id,
    int Version,
    string Title,
    ContractType Type,
    ContractParties Parties,
    Site Site,
    DateTimeZone Zone,
    string Currency,
    VatTerms Vat,
    IReadOnlyList<CarrierScope> Carriers,
    IReadOnlyList<ConservationMeasure> Measures,
    MeasurementAndVerification MeasurementAndVerification,
    ContractTerm Term,
    SettlementFrequency Frequency,
    SettlementPolicies Policies,
    IReadOnlyList<PaymentClause> Clauses,
    PaymentLimits Limits,
    Escalation? Escalation,
    EarlyBuyout? EarlyBuyout)
{
    public const string SchemaId = "energysom.contract/1";

    public CarrierScope? ScopeOf(EnergyCarrier carrier) => Carriers.FirstOrDefault(c => c.Carrier == carrier);

    /// <summary>An amount of contract year <paramref name="contractYear"/> after escalation, if it applies to <paramref name="target"/>.</summary>
    public decimal Escalated(decimal amount, int contractYear, EscalationTarget target)
    {
        if (Escalation is null || !Escalation.Covers(target) || contractYear <= 1)
        {
            return amount;
        }

        var raw = amount * Escalation.Factor(contractYear);
        return target == EscalationTarget.AgreedPrices
            ? Math.Round(raw, Terms.Escalation.UnitPriceDecimals, MidpointRounding.AwayFromZero)
            : Policies.Rounding.Round(raw);
    }
}
