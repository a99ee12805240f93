namespace EnergySom.Contracts.Settlement;

/// <summary>
/// One money rule applied in a statement: what the host owes a party (positive) or is owed by it (negative).
/// </summary>
/// <param name="Code">E.g. <c>shared_savings.esco_share</c>, <c>guaranteed_savings.shortfall.electricity</c>, <c>limits.cap</c>.</param>
/// <param name="Clause">The contract clause or rule: a contract-type code, <c>limits</c> or <c>early_buyout</c>.</param>
/// <param name="Party"><c>esco</c> or <c>financier</c>.</param>
/// <param name="Amount">Signed amount, yuan: positive when the host owes the party.</param>
/// <param name="Rate">The share or rate applied, when the entry is one (0.70 for a 70 % ESCO share).</param>
/// <param name="Cash">True when the amount changes hands between the parties; false for a cost the party bears towards a third party (the ESCO paying the utility under a trusteeship).</param>
/// <param name="Basis">How the amount was computed, in numbers.</param>
public sealed record StatementEntry(string Code, string Clause, string Description, string Party, decimal Amount, decimal? Rate, bool Cash, string Basis);
