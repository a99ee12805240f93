namespace EnergySom.Baseline.Statistics;

/// <summary>Whether a baseline model meets ASHRAE Guideline 14's acceptance criteria, with the limits used.</summary>
/// <param name="Meets">True when every criterion checked is met.</param>
/// <param name="CvRmseLimit">Largest acceptable CV(RMSE), fraction (0.20 = 20 %).</param>
/// <param name="NmbeLimit">Largest acceptable |NMBE|, fraction.</param>
/// <param name="Basis">Which clause and which variant of the limits, with the source's confidence.</param>
/// <param name="Failures">The criteria not met, with the numbers, e.g. "CV(RMSE) 0.27 > 0.20".</param>
public sealed record Guideline14Assessment(bool Meets, double CvRmseLimit, double NmbeLimit, string Basis, IReadOnlyList<string> Failures);
