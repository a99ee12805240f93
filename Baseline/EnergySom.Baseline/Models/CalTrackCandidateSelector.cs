using System.Runtime.CompilerServices;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Models;

/// <summary>
/// CalTRACK's qualification and selection rule, applied candidate by candidate as a search produces them:
/// a candidate qualifies when its intercept and slopes are ≥ 0 (and their p-values within the screen, if any);
/// the qualified candidate with the highest adjusted R² wins, the first one on a tie (eemeter's order).
/// </summary>
/// <remarks>
/// Each candidate arrives as centred sums of its normal equations (intercept eliminated), so fitting it is a
/// 1×1 or 2×2 solve: for slopes β, Sxx β = Sxy, μ = ȳ − Σ βⱼ x̄ⱼ, SSR = Syy − βᵀSxy, R² = 1 − SSR/Syy,
/// adjusted R² = 1 − (1 − R²)(n − 1)/(n − k − 1). Centring keeps the small system well conditioned whatever the
/// level of usage; the selected model is refitted by Householder QR afterwards.
/// </remarks>
internal ref struct CalTrackCandidateSelector
{
    private readonly CalTrackSearchSettings _settings;
    private readonly CalTrackSearchWorkspace _workspace;
    private readonly int _n;
    private readonly double _meanY;
    private readonly double _syy;
    private readonly double _adjust1;
    private readonly double _adjust2;
    private readonly double _tie;
    private readonly bool _screen;
    private CalTrackCandidate _best;
    private double _bestAdjusted;
    private double _rememberAbove;
    private bool _hasBest;

    public CalTrackCandidateSelector(CalTrackSearchSettings settings, CalTrackSearchWorkspace workspace, int n, double meanY, double syy)
    {
        _settings = settings;
        _workspace = workspace;
        _n = n;
        _meanY = meanY;
        _syy = syy;

        // adjusted R² = 1 − SSR · (n − 1) / ((n − k − 1) · Syy): one multiplication per candidate.
        _adjust1 = (n - 1.0) / ((n - 2.0) * syy);
        _adjust2 = (n - 1.0) / ((n - 3.0) * syy);
        _tie = settings.TieTolerance;
        _screen = settings.MaximumSlopePValue < 1;
        _bestAdjusted = double.NegativeInfinity;
        _rememberAbove = double.NegativeInfinity;
        workspace.TopCount = 0;
    }

    public int Qualified;
    public int Disqualified;
    public int NotAttempted;
    public int Singular;

    /// <summary>
    /// The intercept-only candidate, then every one-slope candidate in eemeter's order (hdd_only by heating balance point,
    /// then cdd_only by cooling balance point when cooling is fitted) from the workspace's column moments; a column
    /// whose degree-day conditions failed counts as not attempted. The column sums divided by
    /// <paramref name="sumDivisor"/> are the column means (n for sums, 1 when the workspace already holds means).
    /// </summary>
    /// <returns>False when cooling is not fitted (the search ends here).</returns>
    public bool InterceptAndOneSlopeCandidates(double sumDivisor)
    {
        InterceptOnly();
        var heating = _settings.Heating;
        for (var j = 0; j < heating.Length; j++)
        {
            if (!_workspace.HOk[j])
            {
                NotAttempted++;
                continue;
            }

            OneSlope(true, heating[j], _workspace.HSum[j] / sumDivisor, _workspace.HSxx[j], _workspace.HSxy[j], _workspace.HSq[j]);
        }

        if (!_settings.FitCooling)
        {
            return false;
        }

        var cooling = _settings.Cooling;
        for (var j = 0; j < cooling.Length; j++)
        {
            if (!_workspace.COk[j])
            {
                NotAttempted++;
                continue;
            }

            OneSlope(false, cooling[j], _workspace.CSum[j] / sumDivisor, _workspace.CSxx[j], _workspace.CSxy[j], _workspace.CSq[j]);
        }

        return true;
    }

    /// <summary>μ = ȳ, adjusted R² defined as 0 (eemeter), qualified when μ ≥ 0.</summary>
    public void InterceptOnly()
    {
        var c = new CalTrackCandidate
        {
            Form = CalTrackCandidate.InterceptOnly,
            Hbp = double.NaN,
            Cbp = double.NaN,
            Intercept = _meanY,
            AdjustedRSquared = 0,
            Reasons = _meanY < 0 ? CalTrackCandidate.NegativeIntercept : 0,
        };
        Judge(ref c);
    }

    /// <summary>One slope: x = HDD (heating) or CDD; sums centred on the (weighted) means.</summary>
    /// <param name="meanX">(Weighted) mean of the degree-day column.</param>
    /// <param name="sxx">Σ w (x − x̄)².</param>
    /// <param name="sxy">Σ w (x − x̄)(y − ȳ).</param>
    /// <param name="sumSq">Σ w x² (scale for the singularity test).</param>
    public void OneSlope(bool heating, double balancePoint, double meanX, double sxx, double sxy, double sumSq)
    {
        if (_n - 2 <= 0)
        {
            NotAttempted++;
            return;
        }

        if (!(sxx > 1e-13 * sumSq))
        {
            Singular++;
            return;
        }

        var beta = sxy / sxx;
        var ssr = _syy - (beta * sxy);
        var c = new CalTrackCandidate
        {
            Form = heating ? CalTrackCandidate.HddOnly : CalTrackCandidate.CddOnly,
            Hbp = heating ? balancePoint : double.NaN,
            Cbp = heating ? double.NaN : balancePoint,
            Intercept = _meanY - (beta * meanX),
            BetaHdd = heating ? beta : 0,
            BetaCdd = heating ? 0 : beta,
            AdjustedRSquared = Adjusted(ssr, 1),
        };
        c.Reasons = (c.Intercept < 0 ? CalTrackCandidate.NegativeIntercept : 0)
            | (beta < 0 ? (heating ? CalTrackCandidate.NegativeHdd : CalTrackCandidate.NegativeCdd) : 0);
        if (_settings.MaximumSlopePValue < 1 && PValue(beta, ssr, 1, 1 / sxx) > _settings.MaximumSlopePValue)
        {
            c.Reasons |= heating ? CalTrackCandidate.HddPValue : CalTrackCandidate.CddPValue;
        }

        Judge(ref c);
    }

    /// <summary>HDD and CDD together: the 2×2 centred system [[Shh, Shc], [Shc, Scc]] β = [Shy, Scy].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void TwoSlopes(
        double hbp, double meanH, double shh, double shy,
        double cbp, double meanC, double scc, double scy,
        double shc)
    {
        if (_n - 3 <= 0)
        {
            NotAttempted++;
            return;
        }

        var det = (shh * scc) - (shc * shc);
        if (!(det > 1e-12 * shh * scc))
        {
            Singular++;
            return;
        }

        var inverse = 1 / det;
        var bh = ((scc * shy) - (shc * scy)) * inverse;
        var bc = ((shh * scy) - (shc * shy)) * inverse;
        var intercept = _meanY - (bh * meanH) - (bc * meanC);
        var adjusted = 1 - ((_syy - (bh * shy) - (bc * scy)) * _adjust2);
        var reasons = (intercept < 0 ? CalTrackCandidate.NegativeIntercept : 0)
            | (bh < 0 ? CalTrackCandidate.NegativeHdd : 0)
            | (bc < 0 ? CalTrackCandidate.NegativeCdd : 0);
        if (_screen)
        {
            var ssr = _syy - (bh * shy) - (bc * scy);
            reasons |= PValue(bh, ssr, 2, scc * inverse) > _settings.MaximumSlopePValue ? CalTrackCandidate.HddPValue : 0;
            reasons |= PValue(bc, ssr, 2, shh * inverse) > _settings.MaximumSlopePValue ? CalTrackCandidate.CddPValue : 0;
        }

        // Most candidates neither win nor enter the remembered few: count them and move on without building anything.
        if (reasons == 0)
        {
            Qualified++;
            if (adjusted > _bestAdjusted + _tie)
            {
                Keep(CalTrackCandidate.CddHdd, hbp, cbp, intercept, bh, bc, adjusted);
            }
        }
        else
        {
            Disqualified++;
            if (adjusted > _rememberAbove)
            {
                var c = new CalTrackCandidate { Form = CalTrackCandidate.CddHdd, Hbp = hbp, Cbp = cbp, Intercept = intercept, BetaHdd = bh, BetaCdd = bc, AdjustedRSquared = adjusted, Status = CandidateStatus.Disqualified, Reasons = reasons };
                Remember(ref c);
            }
        }
    }

    /// <summary>The adjusted R² a qualified candidate must beat (by more than the tie tolerance) to win.</summary>
    public readonly double BestAdjusted => _hasBest ? _bestAdjusted : double.NegativeInfinity;

    /// <summary>The adjusted R² a disqualified candidate must beat to be remembered.</summary>
    public readonly double RememberAbove => _rememberAbove;

    /// <summary>True when qualification also screens p-values (then pairs go through <see cref="TwoSlopes"/>).</summary>
    public readonly bool Screens => _screen;

    /// <summary>A qualified HDD+CDD pair that beat the best (found by an inlined loop).</summary>
    public void WinningPair(double hbp, double cbp, double intercept, double bh, double bc, double adjusted) =>
        Keep(CalTrackCandidate.CddHdd, hbp, cbp, intercept, bh, bc, adjusted);

    /// <summary>A disqualified HDD+CDD pair good enough to remember (found by an inlined loop).</summary>
    public void RememberedPair(double hbp, double cbp, double intercept, double bh, double bc, double adjusted)
    {
        var c = new CalTrackCandidate
        {
            Form = CalTrackCandidate.CddHdd, Hbp = hbp, Cbp = cbp, Intercept = intercept, BetaHdd = bh, BetaCdd = bc, AdjustedRSquared = adjusted, Status = CandidateStatus.Disqualified,
            Reasons = (intercept < 0 ? CalTrackCandidate.NegativeIntercept : 0) | (bh < 0 ? CalTrackCandidate.NegativeHdd : 0) | (bc < 0 ? CalTrackCandidate.NegativeCdd : 0),
        };
        Remember(ref c);
    }

    /// <summary>(n − 1)/((n − 3)·Syy): adjusted R² of a pair = 1 − SSR × this.</summary>
    public readonly double PairAdjustment => _adjust2;

    /// <summary>The winner (form null when nothing qualified).</summary>
    public readonly CalTrackSelection Result() => _hasBest
        ? new CalTrackSelection(CalTrackSelection.FormName(_best.Form), _best.Hbp, _best.Cbp, _best.Intercept, _best.BetaHdd, _best.BetaCdd, _best.AdjustedRSquared, Qualified, Disqualified, NotAttempted, Singular)
        : new CalTrackSelection(null, double.NaN, double.NaN, double.NaN, 0, 0, double.NaN, Qualified, Disqualified, NotAttempted, Singular);

    private readonly double Adjusted(double ssr, int slopes) => 1 - (ssr * (slopes == 1 ? _adjust1 : _adjust2));

    private void Keep(int form, double hbp, double cbp, double intercept, double bh, double bc, double adjusted)
    {
        _best = new CalTrackCandidate { Form = form, Hbp = hbp, Cbp = cbp, Intercept = intercept, BetaHdd = bh, BetaCdd = bc, AdjustedRSquared = adjusted, Status = CandidateStatus.Qualified };
        _bestAdjusted = adjusted;
        _hasBest = true;
    }

    private readonly double PValue(double beta, double ssr, int slopes, double inverseGramDiagonal)
    {
        var dof = _n - slopes - 1;
        var se = Math.Sqrt(Math.Max(ssr, 0) / dof * inverseGramDiagonal);
        return StudentT.TwoSidedPValue(beta / se, dof);
    }

    private void Judge(ref CalTrackCandidate c)
    {
        if (c.Reasons == 0)
        {
            c.Status = CandidateStatus.Qualified;
            Qualified++;
            // As eemeter: the best starts at −∞ and a NaN criterion never wins.
            if (c.AdjustedRSquared > _bestAdjusted + _tie)
            {
                Keep(c.Form, c.Hbp, c.Cbp, c.Intercept, c.BetaHdd, c.BetaCdd, c.AdjustedRSquared);
            }

            return;
        }

        c.Status = CandidateStatus.Disqualified;
        Disqualified++;
        if (c.AdjustedRSquared > _rememberAbove)
        {
            Remember(ref c);
        }
    }

    /// <summary>Keeps the few best disqualified candidates, best first, in a fixed buffer.</summary>
    private void Remember(ref CalTrackCandidate c)
    {
        if (double.IsNaN(c.AdjustedRSquared))
        {
            return;
        }

        var top = _workspace.TopDisqualified;
        var count = _workspace.TopCount;
        var at = count;
        while (at > 0 && top[at - 1].AdjustedRSquared < c.AdjustedRSquared)
        {
            at--;
        }

        if (at >= top.Length)
        {
            return;
        }

        for (var i = Math.Min(count, top.Length - 1); i > at; i--)
        {
            top[i] = top[i - 1];
        }

        top[at] = c;
        _workspace.TopCount = Math.Min(count + 1, top.Length);
        if (_workspace.TopCount == top.Length)
        {
            _rememberAbove = top[^1].AdjustedRSquared;
        }
    }
}
