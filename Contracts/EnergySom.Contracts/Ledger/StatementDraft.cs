using EnergySom.Contracts.Settlement;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// A statement as the settlement engine computed it, to record as a draft. The ledger does not read the
/// document: it stores its canonical JSON and SHA-256, and files it under the id, contract and period given here.
/// </summary>
/// <param name="StatementId">The engine's statement id; equal inputs must give an equal id (and document).</param>
/// <param name="ContractId">A contract registered in the ledger.</param>
/// <param name="Period">The settlement period, e.g. <c>2025-03</c>; a newer draft of the same period supersedes the older.</param>
/// <param name="InputDigest">The engine's digest of the inputs it priced.</param>
/// <param name="Document">The statement as JSON (UTF-8); the ledger stores its canonical form.</param>
public sealed record StatementDraft(string StatementId, string ContractId, string Period, string InputDigest, ReadOnlyMemory<byte> Document)
{
    /// <summary>
    /// A draft of a settlement engine statement: its id, contract, period and digest, and its document in the
    /// statement's own canonical JSON (<see cref="StatementJson.Canonical"/>), so that it reads back with
    /// <see cref="StatementJson.Parse(ReadOnlySpan{byte})"/> (e.g. as a prior statement of a later settlement).
    /// </summary>
    public static StatementDraft From(SettlementStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new StatementDraft(statement.StatementId, statement.ContractId, statement.Period, statement.Digest, StatementJson.Canonical(statement));
    }
}
