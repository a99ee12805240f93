using EnergySom.Baseline.Numerics;

namespace EnergySom.Baseline.Statistics;

/// <summary>Student's t distribution with ν degrees of freedom (ν &gt; 0, not necessarily an integer).</summary>
public static class StudentT
{
    /// <summary>P(T ≤ <paramref name="t"/>).</summary>
    /// <remarks>P(T &gt; |t|) = ½ I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz and Stegun 26.7.1 with 26.5.27); the lower and
    /// upper tails are each evaluated directly, so neither loses relative precision.</remarks>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t) || !(degreesOfFreedom > 0))
        {
            return double.NaN;
        }

        if (double.IsInfinity(t))
        {
            return t > 0 ? 1 : 0;
        }

        var tail = 0.5 * TwoSidedTail(Math.Abs(t), degreesOfFreedom);
        return t > 0 ? 1 - tail : tail;
    }

    /// <summary>P(|T| ≥ |t|): the two-sided p-value of a t statistic.</summary>
    public static double TwoSidedPValue(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t) || !(degreesOfFreedom > 0))
        {
            return double.NaN;
        }

        return double.IsInfinity(t) ? 0 : TwoSidedTail(Math.Abs(t), degreesOfFreedom);
    }

    /// <summary>The density of T at <paramref name="t"/>.</summary>
    public static double Density(double t, double degreesOfFreedom)
    {
        var v = degreesOfFreedom;
        var logDensity = LogGamma.Of((v + 1) / 2) - LogGamma.Of(v / 2) - (0.5 * Math.Log(v * Math.PI))
            - ((v + 1) / 2 * Math.Log(1 + (t * t / v)));
        return Math.Exp(logDensity);
    }

    /// <summary>The quantile: the t with P(T ≤ t) = <paramref name="p"/>.</summary>
    /// <remarks>
    /// Closed forms for ν = 1 (Cauchy) and ν = 2; otherwise Newton's method on the tail probability from a
    /// Cornish–Fisher start, kept inside a bracket that bisection falls back to, to full double precision.
    /// Used for confidence and prediction intervals and for the t of ASHRAE Guideline 14's savings uncertainty.
    /// </remarks>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        var v = degreesOfFreedom;
        if (double.IsNaN(p) || p < 0 || p > 1 || !(v > 0))
        {
            return double.NaN;
        }

        if (p == 0)
        {
            return double.NegativeInfinity;
        }

        if (p == 1)
        {
            return double.PositiveInfinity;
        }

        if (p == 0.5)
        {
            return 0;
        }

        // Work on the upper tail q = P(T > t) with t > 0, then restore the sign.
        var upper = p > 0.5;
        var q = upper ? 1 - p : p;
        if (upper && 1 - q != p)
        {
            q = 1 - p; // p close to 1 already rounded; q is as good as it gets
        }

        double t;
        if (v == 1)
        {
            t = 1 / Math.Tan(Math.PI * q); // cot(πq): no cancellation in ½ − q
        }
        else if (v == 2)
        {
            t = (1 - (2 * q)) / Math.Sqrt(2 * q * (1 - q));
        }
        else
        {
            t = SolveUpperTail(q, v);
        }

        return upper ? t : -t;
    }

    /// <summary>Two-sided critical value: the t with P(|T| ≤ t) = <paramref name="confidence"/>.</summary>
    public static double TwoSidedCritical(double confidence, double degreesOfFreedom) =>
        Quantile(0.5 + (confidence / 2), degreesOfFreedom);

    private static double TwoSidedTail(double absT, double v)
    {
        // x = ν/(ν + t²), 1 − x = t²/(ν + t²): both formed without subtraction.
        var t2 = absT * absT;
        var denominator = v + t2;
        return IncompleteBeta.Regularized(v / 2, 0.5, v / denominator, t2 / denominator);
    }

    private static double SolveUpperTail(double q, double v)
    {
        // Start: normal quantile with the first two Cornish–Fisher terms (Abramowitz and Stegun 26.7.5).
        var z = NormalApproximation.UpperQuantile(q);
        var z3 = z * z * z;
        var t = z + ((z3 + z) / (4 * v)) + (((5 * z3 * z * z) + (16 * z3) + (3 * z)) / (96 * v * v));
        if (!(t > 0) || !double.IsFinite(t))
        {
            t = 1;
        }

        // Bracket [lo, hi] with tail(lo) > q > tail(hi); tail is decreasing in t.
        double lo = 0, hi = t;
        while (UpperTail(hi, v) > q)
        {
            lo = hi;
            hi *= 2;
            if (hi > 1e300)
            {
                return double.PositiveInfinity;
            }
        }

        for (var i = 0; i < 200; i++)
        {
            var f = UpperTail(t, v) - q;
            if (f == 0)
            {
                return t;
            }

            if (f > 0)
            {
                lo = t;
            }
            else
            {
                hi = t;
            }

            var next = t + (f / Density(t, v));
            if (!(next > lo && next < hi))
            {
                next = 0.5 * (lo + hi);
            }

            if (Math.Abs(next - t) <= 4 * double.Epsilon * Math.Max(1, Math.Abs(t)) || hi - lo <= 2e-16 * hi)
            {
                return next;
            }

            t = next;
        }

        return t;
    }

    private static double UpperTail(double t, double v) => 0.5 * TwoSidedTail(t, v);
}
