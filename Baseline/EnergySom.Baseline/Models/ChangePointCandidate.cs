namespace EnergySom.Baseline.Models;

/// <summary>What happened to one model form during selection.</summary>
/// <param name="Form">The form.</param>
/// <param name="Qualified">Whether it passed the shape, population and significance tests.</param>
/// <param name="Reason">Why it did not qualify, or "qualified".</param>
/// <param name="HeatingChangePoint">Best heating change point found (driver unit), if the form has one.</param>
/// <param name="CoolingChangePoint">Best cooling change point found, if the form has one.</param>
/// <param name="CvRmse">Guideline 14 CV(RMSE) in percent of the best candidate (p counts change points); NaN if none was fitted.</param>
/// <param name="CandidatesEvaluated">Change points (or pairs) evaluated for this form.</param>
public sealed record ChangePointCandidate(
    ChangePointForm Form,
    bool Qualified,
    string Reason,
    double? HeatingChangePoint,
    double? CoolingChangePoint,
    double CvRmse,
    long CandidatesEvaluated);
