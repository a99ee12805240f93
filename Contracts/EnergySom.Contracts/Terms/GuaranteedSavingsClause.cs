namespace EnergySom.Contracts.Terms;

/// <summary>
/// Guaranteed savings (节能量保证型, GB/T 24915-2020): the host pays the ESCO a service fee (in instalments, one
/// per settlement period); at each contract-year end the verified savings are compared with the guaranteed
/// quantity, the ESCO pays any shortfall at the agreed price, and an excess is kept or shared as agreed.
/// </summary>
/// <param name="ServiceFeePerYear">Yuan per contract year before escalation, paid in equal instalments per period (the last instalment of a year takes the rounding remainder).</param>
/// <param name="EscoShareOfExcess">0 when kept by the host, 1 when kept by the ESCO, the agreed share when shared.</param>
public sealed record GuaranteedSavingsClause(
    IReadOnlyList<EnergyCarrier> Carriers,
    IReadOnlyList<SavingsGuarantee> Guarantees,
    decimal ServiceFeePerYear,
    ExcessSavingsTreatment Excess,
    decimal EscoShareOfExcess) : PaymentClause(Carriers)
{
    public override ContractType Type => ContractType.GuaranteedSavings;
}
