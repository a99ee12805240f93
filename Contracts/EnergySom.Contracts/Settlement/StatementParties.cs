namespace EnergySom.Contracts.Settlement;

/// <summary>A party as a statement names it.</summary>
public sealed record StatementParty(string Id, string Name);

/// <summary>The parties of the contract at the time of the statement.</summary>
public sealed record StatementParties(StatementParty Esco, StatementParty Host, StatementParty? Financier);

/// <summary>The contract a statement settles: id, amendment version, type and the digest of its canonical form.</summary>
public sealed record StatementContract(string Id, int Version, string Type, string Digest);
