using EnergySom.Baseline.Results;

namespace EnergySom.Baseline.Models;

/// <summary>One fitted candidate inside a search (a value type: searches allocate nothing per candidate).</summary>
internal struct CalTrackCandidate
{
    public const int InterceptOnly = 0;
    public const int HddOnly = 1;
    public const int CddOnly = 2;
    public const int CddHdd = 3;

    public const int NegativeIntercept = 1;
    public const int NegativeHdd = 2;
    public const int NegativeCdd = 4;
    public const int HddPValue = 8;
    public const int CddPValue = 16;

    public int Form;
    public double Hbp;
    public double Cbp;
    public double Intercept;
    public double BetaHdd;
    public double BetaCdd;
    public double AdjustedRSquared;
    public CandidateStatus Status;
    public int Reasons;
}
