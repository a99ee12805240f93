namespace EnergySom.Contracts.Terms;

/// <summary>
/// Energy cost trusteeship (能源费用托管型, GB/T 24915-2020): the host pays the ESCO a fixed fee for its energy
/// supply; the ESCO bears the actual energy cost at the tariff, so the difference (the saved energy cost) is the ESCO's.
/// </summary>
/// <param name="FeePerYear">Yuan per contract year before escalation, in equal instalments per period.</param>
/// <param name="UtilityBillsPaidBy">
/// <see cref="PartyRole.Esco"/>: the ESCO pays the utility and the host pays the whole fee;
/// <see cref="PartyRole.Host"/>: the host keeps paying the utility and pays the ESCO the fee less the actual cost
/// (or is paid the difference when the cost exceeds the fee).
/// </param>
public sealed record EnergyCostTrusteeshipClause(IReadOnlyList<EnergyCarrier> Carriers, decimal FeePerYear, PartyRole UtilityBillsPaidBy) : PaymentClause(Carriers)
{
    public override ContractType Type => ContractType.EnergyCostTrusteeship;
}
