using EnergySom.Baseline.Results;

namespace EnergySom.Baseline.Savings;

/// <summary>One reporting period's savings.</summary>
/// <param name="Observed">Metered energy (NaN when missing).</param>
/// <param name="AdjustedBaseline">The baseline model on the period's conditions (NaN when it cannot predict).</param>
/// <param name="Avoided">AdjustedBaseline − Observed (NaN unless both exist).</param>
/// <param name="CumulativeAvoided">Σ Avoided so far, over the periods where it exists.</param>
public sealed record PeriodSavings(ResultPeriod Period, double Observed, double AdjustedBaseline, double Avoided, double CumulativeAvoided);

/// <summary>An uncertainty of the avoided energy at one confidence level, by one method.</summary>
/// <param name="Method">e.g. <c>ashrae_guideline_14_annex_b</c>, <c>caltrack_2.0_4.3.2.4</c>, <c>ols_prediction_interval</c>.</param>
/// <param name="Confidence">Two-sided, e.g. 0.68.</param>
/// <param name="Absolute">Half-width in energy units: avoided ± Absolute.</param>
/// <param name="Fractional">Absolute / |avoided| (the fractional savings uncertainty, FSU).</param>
public sealed record UncertaintyEstimate(string Method, double Confidence, double Absolute, double Fractional);

/// <summary>
/// Avoided energy over a reporting period with its uncertainty, as a versioned record: routine savings (adjusted
/// baseline − metered) per period and cumulative, non-routine adjustments listed separately, uncertainty at
/// 68/90/95 % by several methods, and whether Guideline 14's performance path is met.
/// </summary>
public sealed record SavingsResult
{
    public int SchemaVersion { get; init; } = ResultJson.CurrentSchemaVersion;

    /// <summary>The baseline it was computed with: kind, form and algorithm version.</summary>
    public required string BaselineModelKind { get; init; }

    public required string BaselineModelType { get; init; }

    public required string BaselineAlgorithmVersion { get; init; }

    public required ResultPeriod ReportingPeriod { get; init; }

    public required IReadOnlyList<PeriodSavings> Periods { get; init; }

    /// <summary>Periods with both observed and adjusted baseline.</summary>
    public required int PeriodsUsed { get; init; }

    /// <summary>Σ observed over the periods used.</summary>
    public required double ObservedTotal { get; init; }

    /// <summary>Σ adjusted baseline over the periods used.</summary>
    public required double AdjustedBaselineTotal { get; init; }

    /// <summary>Routine avoided energy: AdjustedBaselineTotal − ObservedTotal (no non-routine adjustment in it).</summary>
    public required double AvoidedEnergy { get; init; }

    /// <summary>The non-routine adjustments applied, each with its amount, who and why.</summary>
    public IReadOnlyList<AppliedAdjustment> NonRoutineAdjustments { get; init; } = [];

    /// <summary>Σ applied non-routine amounts.</summary>
    public double NonRoutineAdjustmentTotal { get; init; }

    /// <summary>AvoidedEnergy + NonRoutineAdjustmentTotal: the figure that includes the adjustments.</summary>
    public double AvoidedEnergyWithAdjustments { get; init; }

    /// <summary>Uncertainty estimates (Guideline 14, CalTRACK, prediction interval) at the requested confidences.</summary>
    public IReadOnlyList<UncertaintyEstimate> Uncertainty { get; init; } = [];

    /// <summary>eemeter 3.2.0's 90 % error bands (CalTRACK daily and billing).</summary>
    public EemeterErrorBands? EemeterErrorBands { get; init; }

    /// <summary>Guideline 14 performance path: the savings uncertainty at 68 % is below 50 % of the savings.</summary>
    public bool? MeetsGuideline14PerformancePath { get; init; }

    /// <summary>Sign and unit conventions, in words.</summary>
    public string Convention { get; init; } = "avoided = adjusted baseline - observed (positive = energy saved); energy in the meter's unit; fractions not percent";

    public IReadOnlyList<BaselineWarning> Warnings { get; init; } = [];
}
