using NodaTime;

namespace EnergySom.Contracts.Ledger;

/// <summary>One step in a statement's history, as recorded in the ledger.</summary>
/// <param name="Sequence">The ledger entry.</param>
/// <param name="Type">Entry type (<see cref="LedgerEntryTypes"/>).</param>
/// <param name="Actor">The party that acted.</param>
/// <param name="Role">The role it acted in (null for the draft, which the ESCO records).</param>
/// <param name="Reason">The reason of a dispute or reversal.</param>
/// <param name="EntryHash">Hash of the entry (hex): a receipt the party can keep.</param>
public sealed record StatementEvent(long Sequence, string Type, string Actor, PartyRole? Role, Instant RecordedAt, string? Reason, string EntryHash);
