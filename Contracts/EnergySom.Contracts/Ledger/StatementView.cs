using NodaTime;

namespace EnergySom.Contracts.Ledger;

/// <summary>A statement as the ledger knows it: the document, where it is in the workflow, and its history.</summary>
/// <param name="Document">The statement document, canonical JSON, exactly as drafted.</param>
/// <param name="DocumentDigest">SHA-256 (hex) of <paramref name="Document"/>.</param>
/// <param name="InputDigest">Digest of the settlement inputs, as the engine reported it.</param>
/// <param name="Supersedes">The statement of the same period this one replaced, if any.</param>
/// <param name="SupersededBy">The statement that replaced this one (or corrected it after a reversal), if any.</param>
/// <param name="Reason">The reason of the dispute or reversal that ended it, if any.</param>
#pragma warning disable CA1819 // canonical document bytes, exactly as recorded
public sealed record StatementView(
    string StatementId,
    string ContractId,
    string Period,
    string Esco,
    string Factory,
    StatementState State,
    string InputDigest,
    string DocumentDigest,
    byte[] Document,
    string? Supersedes,
    string? SupersededBy,
    string? Reason,
    Instant DraftedAt,
    IReadOnlyList<StatementEvent> History);
#pragma warning restore CA1819
