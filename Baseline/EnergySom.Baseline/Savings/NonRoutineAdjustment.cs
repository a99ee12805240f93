using EnergySom.Baseline.Results;

namespace EnergySom.Baseline.Savings;

/// <summary>How a non-routine adjustment's amount was determined.</summary>
public enum AdjustmentBasis
{
    /// <summary>A stated amount (e.g. agreed engineering estimate).</summary>
    Amount,

    /// <summary>Estimated by a model (e.g. a regression of an added line's load), named in <see cref="NonRoutineAdjustment.ModelReference"/>.</summary>
    Model,
}

/// <summary>
/// A non-routine adjustment (IPMVP): a documented change of static factors (a new production line, a changed
/// shift pattern, floor area) that moves the baseline. Always an explicit entry with who and why, applied only
/// to the figure that says it includes adjustments; the routine avoided energy is reported without it.
/// </summary>
/// <param name="Id">Stable identifier, e.g. <c>NRA-2025-003</c>.</param>
/// <param name="Basis">Amount or model.</param>
/// <param name="Amount">Energy added to the adjusted baseline over <paramref name="Period"/> (positive: the baseline
/// would have been higher, so avoided energy rises), in the unit of the meter.</param>
/// <param name="Period">The period the amount covers, half-open UTC; applied pro rata to its overlap with the reporting period.</param>
/// <param name="Who">Who determined and approved it.</param>
/// <param name="Why">The documented event.</param>
public sealed record NonRoutineAdjustment(string Id, AdjustmentBasis Basis, double Amount, ResultPeriod Period, string Who, string Why)
{
    /// <summary>The model that estimated the amount (kind, algorithm version, record id) when <see cref="Basis"/> is Model.</summary>
    public string? ModelReference { get; init; }

    /// <summary>Its own absolute uncertainty at 68 % confidence, if known (combined in quadrature with the baseline's).</summary>
    public double? Uncertainty68 { get; init; }
}

/// <summary>A non-routine adjustment as applied to one reporting period.</summary>
/// <param name="Adjustment">The entry.</param>
/// <param name="AppliedAmount">The part of its amount falling in the reporting period (pro rata to time overlap).</param>
/// <param name="OverlapFraction">Share of the adjustment's period inside the reporting period.</param>
public sealed record AppliedAdjustment(NonRoutineAdjustment Adjustment, double AppliedAmount, double OverlapFraction);
