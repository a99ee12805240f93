using EnergySom.Baseline.Results;

namespace EnergySom.Baseline.Models;

/// <summary>What happened to one model form during selection.</summary>
/// <param name="Form">The form.</param>
/// <param name="Status">Qualified; disqualified (fitted, failed a test); not attempted (no change point passed the
/// population and shape tests, or the driver does not vary); singular (the refit's design was dependent).</param>
/// <param name="Reason">Why it did not qualify, or "qualified".</param>
/// <param name="HeatingChangePoint">Best heating change point found (driver unit), if the form has one.</param>
/// <param name="CoolingChangePoint">Best cooling change point found, if the form has one.</param>
/// <param name="CvRmse">Guideline 14 CV(RMSE) as a fraction of the best candidate (p counts change points); NaN if none was fitted.</param>
/// <param name="AdjustedRSquared">Its adjusted R² (p counts change points); NaN if none was fitted.</param>
/// <param name="CandidatesEvaluated">Change points (or pairs) evaluated for this form.</param>
public sealed record ChangePointCandidate(
    ChangePointForm Form,
    CandidateStatus Status,
    string Reason,
    double? HeatingChangePoint,
    double? CoolingChangePoint,
    double CvRmse,
    double AdjustedRSquared,
    long CandidatesEvaluated)
{
    /// <summary>True when the form passed every test.</summary>
    public bool Qualified => Status == CandidateStatus.Qualified;
}
