namespace EnergySom.Contracts.Terms;

/// <summary>
/// One money rule of a contract, applied to the savings of its carriers. A single-type contract has one clause
/// of its type; a mixed contract has several, on disjoint carriers.
/// </summary>
public abstract record PaymentClause(IReadOnlyList<EnergyCarrier> Carriers)
{
    /// <summary>The contract type this clause implements.</summary>
    public abstract ContractType Type { get; }

    /// <summary>Key of the clause in contract files and statements.</summary>
    public string Code => Type.Code();
}
