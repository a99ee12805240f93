namespace EnergySom.Baseline.Savings;

/// <summary>How savings and their uncertainty are reported.</summary>
public sealed record SavingsOptions
{
    /// <summary>Two-sided confidence levels of the uncertainty estimates.</summary>
    public IReadOnlyList<double> Confidences { get; init; } = [0.68, 0.90, 0.95];

    /// <summary>When the autocorrelation correction applies to the Guideline 14 and CalTRACK estimates.</summary>
    public AutocorrelationCorrection Correction { get; init; } = AutocorrelationCorrection.Always;

    /// <summary>Non-routine adjustments to list and apply to the figure that includes them.</summary>
    public IReadOnlyList<NonRoutineAdjustment> Adjustments { get; init; } = [];
}
