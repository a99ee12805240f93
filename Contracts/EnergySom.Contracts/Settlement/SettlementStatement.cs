using System.Text.Json.Serialization;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// A settlement statement of one contract for one period, with everything needed to reproduce it: the digests of
/// the data it priced, the baseline result and tariff versions, the policies and the engine version. Computed,
/// never edited: the same inputs give the same statement (byte-identical canonical JSON, <see cref="StatementJson"/>);
/// changed inputs give a new statement with a new digest and id.
/// </summary>
/// <param name="SchemaVersion"><see cref="CurrentSchemaVersion"/> for statements computed now; older schemas stay readable.</param>
/// <param name="StatementId"><c>{contract id}/{period}/{first 12 hex of the digest}</c>.</param>
/// <param name="Digest">SHA-256 of the canonical JSON of everything except the id and the digest.</param>
/// <param name="Period">Period label (<c>2025-03</c>, or <c>2025-01/2025-03</c>).</param>
/// <param name="PeriodFrom">First day of the period (local date, ISO).</param>
/// <param name="PeriodTo">Day after the last day settled (local date, ISO): the period end, or the buy-out date.</param>
/// <param name="Lines">The priced savings: energy by carrier, tariff version and band; estimates; demand; adjustments.</param>
/// <param name="CostLines">The actual energy cost (energy-cost trusteeship only), priced the same way.</param>
/// <param name="SavingsValue">Σ amounts of <paramref name="Lines"/>.</param>
/// <param name="Entries">The money rules applied (shares, fees, guarantees, limits, buy-out).</param>
/// <param name="Payments">The resulting transfers between the parties, net per pair, with VAT.</param>
/// <param name="EscoAmount">Σ ESCO entries: what the statement gives the ESCO (negative when it pays).</param>
/// <param name="FinancierAmount">Σ financier entries.</param>
/// <param name="FactoryAmount">The host's part of the savings value: savings value − ESCO amount − financier amount.</param>
public sealed record SettlementStatement(
    string SchemaVersion,
    string StatementId,
    string Digest,
    StatementContract Contract,
    string Period,
    string PeriodFrom,
    string PeriodTo,
    int ContractYear,
    bool ClosesContractYear,
    string TimeZone,
    string Currency,
    StatementParties Parties,
    IReadOnlyList<StatementLine> Lines,
    IReadOnlyList<StatementLine> CostLines,
    decimal SavingsValue,
    IReadOnlyList<CarrierTotal> CarrierTotals,
    IReadOnlyList<StatementEntry> Entries,
    IReadOnlyList<StatementPayment> Payments,
    decimal EscoAmount,
    decimal FinancierAmount,
    decimal FactoryAmount,
    IReadOnlyList<GuaranteeTrueUp> TrueUps,
    IReadOnlyList<DataQuality> DataQuality,
    IReadOnlyList<DisputedItem> Disputed,
    StatementInputs Inputs,
    StatementPolicies Policies,
    string EngineVersion)
{
    public const string CurrentSchemaVersion = "energysom.statement/2";

    /// <summary>The first schema (the foundation's shared-savings statement); read by <see cref="StatementJson.Parse(ReadOnlySpan{byte})"/>.</summary>
    public const string SchemaVersion1 = "energysom.statement/1";

    [JsonIgnore]
    public string ContractId => Contract.Id;

    [JsonIgnore]
    public string Esco => Parties.Esco.Name;

    /// <summary>The host factory's name (the foundation called the host "factory").</summary>
    [JsonIgnore]
    public string Factory => Parties.Host.Name;

    /// <summary>The ESCO's share of the savings value under shared-savings terms, or null when the contract has none.</summary>
    [JsonIgnore]
    public decimal? EscoShare => Entries.FirstOrDefault(e => e.Code == "shared_savings.esco_share")?.Rate;

    /// <summary>Electricity tariff versions used, <c>id@version</c>, comma-separated.</summary>
    [JsonIgnore]
    public string TariffVersion => string.Join(", ", Inputs.Tariffs.Where(t => t.Carrier == "electricity").Select(t => $"{t.Id}@{t.Version}").Distinct());

    /// <summary>Gas tariff versions used, <c>id@version</c>, comma-separated.</summary>
    [JsonIgnore]
    public string GasTariffVersion => string.Join(", ", Inputs.Tariffs.Where(t => t.Carrier == "natural_gas").Select(t => $"{t.Id}@{t.Version}").Distinct());

    /// <summary>Baseline results used, <c>id@version</c>, comma-separated.</summary>
    [JsonIgnore]
    public string BaselineVersion => string.Join(", ", Inputs.BaselineResults.Select(b => $"{b.Id}@{b.Version}"));

    [JsonIgnore]
    public string RoundingPolicy => $"{CanonicalNumber(Policies.RoundingStep)} CNY, {Policies.RoundingMode}";

    [JsonIgnore]
    public string IntervalPolicy => $"band split {Policies.BandSplit}, missing intervals {Policies.MissingIntervals}, daily allocation {Policies.DailyAllocation}";

    [JsonIgnore]
    public string InputDigest => Digest;

    /// <summary>True when the statement leaves savings out for the parties to resolve.</summary>
    [JsonIgnore]
    public bool HasDisputes => Disputed.Count > 0;

    private static string CanonicalNumber(decimal value) => Definition.CanonicalJsonWriter.Format(value);
}
