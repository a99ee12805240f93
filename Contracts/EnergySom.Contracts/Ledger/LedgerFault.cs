namespace EnergySom.Contracts.Ledger;

/// <summary>The first altered entry verification found, and what differs.</summary>
/// <param name="Sequence">The entry (0 when the fault concerns the ledger as a whole, e.g. a trusted key missing).</param>
/// <param name="Detail">What differs, in words (expected and found values where they help).</param>
public sealed record LedgerFault(long Sequence, LedgerFaultKind Kind, string Detail)
{
    public override string ToString() => Sequence > 0 ? $"entry {Sequence}: {Detail}" : Detail;
}
