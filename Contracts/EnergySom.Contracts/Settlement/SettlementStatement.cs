namespace EnergySom.Contracts.Settlement;

/// <summary>One priced line of a statement: a quantity of avoided energy in a band, its unit price and amount.</summary>
/// <param name="Code">Stable line code (e.g. <c>electricity.peak</c>, <c>gas</c>).</param>
/// <param name="Quantity">Avoided quantity as printed (kWh to 0.001, m³ to 0.001): amount = round(quantity × unit price).</param>
public sealed record StatementLine(string Code, string Description, decimal Quantity, string Unit, decimal UnitPrice, decimal Amount);

/// <summary>
/// A settlement statement of one contract for one period, with everything needed to reproduce it: the
/// digest of the savings data it priced, and the versions of the baseline, tariffs, policies and engine.
/// </summary>
public sealed record SettlementStatement(
    string SchemaVersion,
    string StatementId,
    string ContractId,
    string Period,
    IReadOnlyList<StatementLine> Lines,
    decimal SavingsValue,
    decimal EscoShare,
    decimal EscoAmount,
    decimal FactoryAmount,
    string Esco,
    string Factory,
    string TariffVersion,
    string GasTariffVersion,
    string BaselineVersion,
    string EngineVersion,
    string RoundingPolicy,
    string IntervalPolicy,
    string InputDigest)
{
    public const string CurrentSchemaVersion = "energysom.statement/1";
}
