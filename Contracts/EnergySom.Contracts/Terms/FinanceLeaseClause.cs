namespace EnergySom.Contracts.Terms;

/// <summary>
/// Finance lease (融资租赁型, GB/T 24915-2020): a financier buys the ESCO's equipment and leases it to the host,
/// who pays a lease instalment every settlement period; the ESCO guarantees the savings and pays any shortfall at
/// each contract-year end.
/// </summary>
/// <param name="PaymentPerPeriod">Lease instalment per settlement period, yuan (not escalated: a lease schedule is fixed).</param>
/// <param name="Payments">Number of instalments, from the first period of the term.</param>
/// <param name="VatRate">VAT rate of the lease payments (13 % for tangible-asset finance leasing) if it differs from the contract's.</param>
public sealed record FinanceLeaseClause(
    IReadOnlyList<EnergyCarrier> Carriers,
    decimal PaymentPerPeriod,
    int Payments,
    IReadOnlyList<SavingsGuarantee> Guarantees,
    decimal? VatRate) : PaymentClause(Carriers)
{
    public override ContractType Type => ContractType.FinanceLease;
}
