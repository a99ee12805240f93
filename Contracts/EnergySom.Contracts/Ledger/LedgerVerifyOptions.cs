namespace EnergySom.Contracts.Ledger;

/// <summary>How thoroughly to verify, and what the verifier already knows.</summary>
public sealed record LedgerVerifyOptions
{
    /// <summary>
    /// Check every signature (an auditor's full check, trusting nobody), instead of trusting the latest valid
    /// checkpoint for the signatures of the entries it vouches for. Hashes, links and rules are always checked
    /// for every entry.
    /// </summary>
    public bool AllSignatures { get; init; }

    /// <summary>Receipts the verifier holds: each entry must still be there with that hash.</summary>
    public IReadOnlyList<LedgerReceipt> Receipts { get; init; } = [];

    /// <summary>Public keys (SubjectPublicKeyInfo DER) the verifier trusts: each must be registered in the ledger.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> TrustedKeys { get; init; } = [];

    /// <summary>Threads that verify signatures and hashes (default: every core).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
