using EnergySom.Contracts.Settlement;

namespace EnergySom.Reporting.Documents;

/// <summary>The settlement statements of a contract over a span of periods, with totals.</summary>
public sealed record StatementSet(
    string SchemaVersion,
    string ContractId,
    string Esco,
    string Factory,
    IReadOnlyList<SettlementStatement> Statements,
    decimal TotalSavingsValue,
    decimal TotalEscoAmount,
    decimal TotalFactoryAmount)
{
    public const string CurrentSchemaVersion = "energysom.statement-set/1";

    public static StatementSet Create(IReadOnlyList<SettlementStatement> statements)
    {
        var first = statements.Count > 0 ? statements[0] : throw new ArgumentException("no statements");
        return new StatementSet(
            CurrentSchemaVersion,
            first.ContractId,
            first.Esco,
            first.Factory,
            statements,
            statements.Sum(s => s.SavingsValue),
            statements.Sum(s => s.EscoAmount),
            statements.Sum(s => s.FactoryAmount));
    }
}
