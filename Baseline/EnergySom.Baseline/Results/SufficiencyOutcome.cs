namespace EnergySom.Baseline.Results;

/// <summary>The data-sufficiency verdict a fit was made under.</summary>
/// <param name="Criteria">Which criteria, e.g. <c>caltrack_2.0_daily</c>.</param>
/// <param name="Passed">True when no critical warning was raised.</param>
/// <param name="FittedDespiteInsufficientData">True when the caller explicitly asked to fit although it failed.</param>
public sealed record SufficiencyOutcome(string Criteria, bool Passed, bool FittedDespiteInsufficientData);
