using NodaTime;

namespace EnergySom.Contracts.Ledger;

/// <summary>A contract as registered in the ledger: its parties and its document (canonical JSON).</summary>
/// <param name="DocumentDigest">SHA-256 (hex) of <paramref name="Document"/>.</param>
/// <param name="Sequence">Sequence of the <c>contract.registered</c> entry.</param>
#pragma warning disable CA1819 // canonical document bytes, exactly as recorded
public sealed record RegisteredContract(
    string ContractId,
    string Esco,
    string Factory,
    string DocumentDigest,
    byte[] Document,
    long Sequence,
    Instant RecordedAt)
{
    /// <summary>The party acting in <paramref name="role"/> on this contract's statements.</summary>
    public string PartyOf(PartyRole role) => role == PartyRole.Esco ? Esco : Factory;
}
#pragma warning restore CA1819
