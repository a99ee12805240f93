namespace EnergySom.Contracts.Settlement;

/// <summary>Sections of statement lines.</summary>
public static class LineSections
{
    /// <summary>Verified avoided energy (or demand) from the data, priced.</summary>
    public const string Savings = "savings";

    /// <summary>Avoided energy of missing intervals, estimated by the baseline model (missing-interval policy <c>estimate</c>).</summary>
    public const string Estimated = "estimated";

    /// <summary>Demand- or capacity-charge savings of a two-part tariff.</summary>
    public const string Demand = "demand";

    /// <summary>Non-routine adjustments.</summary>
    public const string Adjustment = "adjustment";

    /// <summary>Actual energy cost (energy-cost trusteeship); not part of the savings value.</summary>
    public const string Cost = "cost";
}

/// <summary>A gas volume converted between bases for pricing: quantity = round(from quantity × factor, 3).</summary>
/// <param name="Factor">Printed to 6 decimals, and used as printed.</param>
public sealed record VolumeConversion(decimal FromQuantity, string FromUnit, decimal Factor);

/// <summary>
/// One priced line: a quantity, its unit price and the amount = round(quantity × unit price) at the contract's
/// rounding step. Quantities are rounded to 3 decimals before pricing, so the line can be recomputed as printed.
/// </summary>
/// <param name="Code">Line code, e.g. <c>electricity.peak</c>, <c>natural_gas</c>, <c>electricity.demand.2025-03</c>, <c>adjustment.NRA-7</c>.</param>
/// <param name="Section">One of <see cref="LineSections"/>.</param>
/// <param name="Carrier">Carrier code.</param>
/// <param name="Tariff">The tariff version priced at (<c>id@version</c>), or null for an agreed price.</param>
/// <param name="Band">Time-of-use band code for electricity energy lines, else null.</param>
public sealed record StatementLine(
    string Code,
    string Section,
    string Carrier,
    string Description,
    decimal Quantity,
    string Unit,
    decimal UnitPrice,
    decimal Amount,
    string? Tariff,
    string? Band,
    VolumeConversion? Conversion);
