namespace EnergySom.Contracts.Settlement;

/// <summary>A baseline result a carrier was settled against.</summary>
public sealed record BaselineInput(string Carrier, string Id, string Version, string Sha256);

/// <summary>A tariff version used, with the dates it priced and the SHA-256 of its canonical form.</summary>
public sealed record TariffInput(string Carrier, string Id, string Version, string EffectiveFrom, string From, string To, string Source, string Prices, string Sha256);

/// <summary>A series priced: which, its grid and the SHA-256 of its values over the period.</summary>
/// <param name="Kind"><c>avoided</c>, <c>daily_avoided</c>, <c>period_avoided</c>, <c>estimates</c>, <c>daily_estimates</c>, <c>metered</c>, <c>metered_daily</c>.</param>
/// <param name="Start">First interval (ISO-8601 instant) or first day.</param>
/// <param name="Step">ISO-8601 duration of one interval (<c>PT15M</c>) or <c>P1D</c>.</param>
public sealed record SeriesInput(string Carrier, string Kind, string Start, string Step, int Count, string Sha256);

/// <summary>A reading fingerprint supplied by the caller.</summary>
public sealed record ReadingInput(string Meter, string Quantity, string From, string To, int Count, string Sha256);

/// <summary>A month's billing demand used.</summary>
public sealed record DemandInput(string Carrier, string Month, decimal Baseline, decimal Actual, string Unit);

/// <summary>A non-routine adjustment used.</summary>
public sealed record AdjustmentInput(string Id, string Carrier, string Date, decimal Quantity, string Unit, string? Band, string Reason, string DocumentedBy);

/// <summary>An earlier statement the settlement relied on (year-end true-up, caps).</summary>
public sealed record PriorStatementInput(string StatementId, string Period, string Digest);

/// <summary>Everything a statement was computed from, by reference and digest.</summary>
public sealed record StatementInputs(
    IReadOnlyList<BaselineInput> BaselineResults,
    IReadOnlyList<TariffInput> Tariffs,
    IReadOnlyList<SeriesInput> Series,
    IReadOnlyList<ReadingInput> Readings,
    IReadOnlyList<DemandInput> Demand,
    IReadOnlyList<AdjustmentInput> Adjustments,
    IReadOnlyList<PriorStatementInput> PriorStatements,
    string? BuyoutDate);
