namespace EnergySom.Contracts.Ledger;

/// <summary>An entry decided on but not yet sealed: the writer adds sequence, time, chain, hash and signature.</summary>
/// <param name="Payload">Canonical JSON.</param>
internal sealed record PendingEntry(string Type, string SubjectId, string ContractId, string Actor, byte[] Payload);
