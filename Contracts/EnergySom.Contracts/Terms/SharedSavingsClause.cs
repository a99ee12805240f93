namespace EnergySom.Contracts.Terms;

/// <summary>
/// Shared savings (节能效益分享型, GB/T 24915-2020): the ESCO receives a share of the savings value of the
/// period; the share may change by contract year (e.g. 80/70/50 %); the host keeps the rest.
/// </summary>
/// <param name="EscoShareByYear">ESCO share for contract years 1, 2, … (0.70 = 70 %), one per year of the term.</param>
public sealed record SharedSavingsClause(IReadOnlyList<EnergyCarrier> Carriers, IReadOnlyList<decimal> EscoShareByYear) : PaymentClause(Carriers)
{
    public override ContractType Type => ContractType.SharedSavings;

    public decimal EscoShare(int contractYear) => EscoShareByYear[contractYear - 1];
}
