namespace EnergySom.Contracts.Ledger;

/// <summary>A contract to register: its id, its two parties and its document as JSON (canonicalised on the way in).</summary>
/// <param name="ContractId">The contract's id, as the settlement engine files statements under.</param>
/// <param name="Esco">The ESCO party (it registers the contract and drafts the statements).</param>
/// <param name="Factory">The host factory party.</param>
/// <param name="Document">The contract document as JSON (UTF-8); the ledger stores its canonical form.</param>
public sealed record ContractRegistration(string ContractId, string Esco, string Factory, ReadOnlyMemory<byte> Document);
