namespace EnergySom.Baseline.Results;

/// <summary>What happened to a candidate model during selection.</summary>
public enum CandidateStatus
{
    /// <summary>Fitted and passed every qualification rule.</summary>
    Qualified,

    /// <summary>Fitted, but a rule (e.g. a negative coefficient) rejected it.</summary>
    Disqualified,

    /// <summary>Not fitted: its preconditions failed (e.g. too few degree-days at this balance point).</summary>
    NotAttempted,

    /// <summary>Not fitted: the design was singular (e.g. a degree-day column parallel to the intercept).</summary>
    Singular,
}

/// <summary>One candidate model as the selection saw it.</summary>
/// <param name="ModelType">e.g. <c>hdd_only</c>.</param>
/// <param name="HeatingBalancePoint">Its heating balance point, if any.</param>
/// <param name="CoolingBalancePoint">Its cooling balance point, if any.</param>
/// <param name="AdjustedRSquared">The selection criterion (NaN when not fitted).</param>
/// <param name="Status">Outcome.</param>
/// <param name="Reasons">Why it was disqualified or not attempted, e.g. <c>beta_hdd &lt; 0</c>.</param>
public sealed record CandidateOutcome(
    string ModelType,
    double? HeatingBalancePoint,
    double? CoolingBalancePoint,
    double AdjustedRSquared,
    CandidateStatus Status,
    IReadOnlyList<string> Reasons);

/// <summary>How the model was selected among candidates.</summary>
/// <param name="Rule">The rule in words, e.g. "highest adjusted R² among qualified candidates; first wins ties".</param>
/// <param name="Qualified">Candidates fitted and qualified.</param>
/// <param name="Disqualified">Candidates fitted and rejected.</param>
/// <param name="NotAttempted">Candidates whose preconditions failed.</param>
/// <param name="Singular">Candidates whose design was singular.</param>
/// <param name="DisqualifiedBetterThanSelected">Disqualified candidates whose criterion beat the selected model's
/// (best first, at most a handful): what was rejected, and why.</param>
public sealed record CandidateSummary(
    string Rule,
    int Qualified,
    int Disqualified,
    int NotAttempted,
    int Singular,
    IReadOnlyList<CandidateOutcome> DisqualifiedBetterThanSelected);
