namespace EnergySom.Contracts.Ledger;

/// <summary>What verification found wrong with an entry.</summary>
public enum LedgerFaultKind
{
    /// <summary>A sequence number is missing: a row was deleted (or renumbered).</summary>
    MissingEntry,

    /// <summary>The entry's previous hash is not the hash of the entry before it.</summary>
    BrokenLink,

    /// <summary>The payload's SHA-256 is not the stored digest: the payload (or the digest) was edited.</summary>
    PayloadAltered,

    /// <summary>The stored hash is not the hash of the entry's content: a field (or the hash) was edited.</summary>
    HashMismatch,

    /// <summary>The signature does not verify with the key registered for the actor.</summary>
    BadSignature,

    /// <summary>The entry is well formed and signed, but breaks the ledger's rules (workflow, keys, parties).</summary>
    RuleViolation,

    /// <summary>A signed checkpoint vouches for a hash that the chain no longer has: history before it was rewritten.</summary>
    CheckpointMismatch,

    /// <summary>A receipt the verifier holds (sequence and hash) is not in the ledger: entries were removed or rewritten.</summary>
    ReceiptMismatch,

    /// <summary>A key the verifier trusts is not registered in the ledger: it may have been rebuilt with other keys.</summary>
    UntrustedKey,
}
