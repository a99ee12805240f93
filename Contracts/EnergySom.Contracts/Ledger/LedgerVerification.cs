namespace EnergySom.Contracts.Ledger;

/// <summary>The result of verifying a ledger.</summary>
/// <param name="Entries">Entries read (up to the first fault, when there is one).</param>
/// <param name="Head">The last entry read, or null for an empty ledger.</param>
/// <param name="Fault">The first altered entry, or null when the ledger is intact.</param>
/// <param name="SignaturesChecked">Signatures verified with ECDSA.</param>
/// <param name="Checkpoint">The checkpoint trusted for older signatures, if any.</param>
/// <param name="Keys">The keys registered in the ledger (for the user to compare fingerprints).</param>
public sealed record LedgerVerification(
    long Entries,
    LedgerHead? Head,
    LedgerFault? Fault,
    long SignaturesChecked,
    TrustedCheckpoint? Checkpoint,
    IReadOnlyList<RegisteredKey> Keys)
{
    public bool IsIntact => Fault is null;
}
