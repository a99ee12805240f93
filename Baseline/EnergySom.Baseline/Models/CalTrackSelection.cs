using EnergySom.Baseline.Results;

namespace EnergySom.Baseline.Models;

/// <summary>The winner of a CalTRACK candidate search, and what happened to the others.</summary>
/// <param name="ModelType">One of <see cref="CalTrackModelTypes"/>, or null when no candidate qualified.</param>
/// <param name="HeatingBalancePoint">NaN when the form has no heating term.</param>
/// <param name="CoolingBalancePoint">NaN when the form has no cooling term.</param>
/// <param name="Intercept">μ from the search's centred normal equations (the final fit recomputes it by QR).</param>
/// <param name="BetaHdd">β_H (0 when absent).</param>
/// <param name="BetaCdd">β_C (0 when absent).</param>
/// <param name="AdjustedRSquared">The selection criterion of the winner.</param>
public readonly record struct CalTrackSelection(
    string? ModelType,
    double HeatingBalancePoint,
    double CoolingBalancePoint,
    double Intercept,
    double BetaHdd,
    double BetaCdd,
    double AdjustedRSquared,
    int Qualified,
    int Disqualified,
    int NotAttempted,
    int Singular)
{
    /// <summary>Candidates looked at.</summary>
    public int Candidates => Qualified + Disqualified + NotAttempted + Singular;

    internal static CandidateOutcome Outcome(in CalTrackCandidate c) => new(
        FormName(c.Form),
        double.IsNaN(c.Hbp) ? null : c.Hbp,
        double.IsNaN(c.Cbp) ? null : c.Cbp,
        c.AdjustedRSquared,
        c.Status,
        Reasons(c.Reasons));

    internal static string FormName(int form) => form switch
    {
        CalTrackCandidate.InterceptOnly => CalTrackModelTypes.InterceptOnly,
        CalTrackCandidate.HddOnly => CalTrackModelTypes.HddOnly,
        CalTrackCandidate.CddOnly => CalTrackModelTypes.CddOnly,
        _ => CalTrackModelTypes.CddHdd,
    };

    private static string[] Reasons(int flags)
    {
        var reasons = new List<string>();
        if ((flags & CalTrackCandidate.NegativeIntercept) != 0)
        {
            reasons.Add("intercept < 0");
        }

        if ((flags & CalTrackCandidate.NegativeHdd) != 0)
        {
            reasons.Add("beta_hdd < 0");
        }

        if ((flags & CalTrackCandidate.NegativeCdd) != 0)
        {
            reasons.Add("beta_cdd < 0");
        }

        if ((flags & CalTrackCandidate.HddPValue) != 0)
        {
            reasons.Add("beta_hdd p-value above the maximum");
        }

        if ((flags & CalTrackCandidate.CddPValue) != 0)
        {
            reasons.Add("beta_cdd p-value above the maximum");
        }

        return [.. reasons];
    }
}
