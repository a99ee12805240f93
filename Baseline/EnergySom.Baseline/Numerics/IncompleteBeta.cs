namespace EnergySom.Baseline.Numerics;

/// <summary>The regularized incomplete beta function I_x(a, b) and its complement.</summary>
public static class IncompleteBeta
{
    private const int MaxIterations = 10_000;
    private const double Epsilon = 1e-16;
    private const double Tiny = 1e-300;

    /// <summary>I_x(a, b) = B(x; a, b) / B(a, b) for a, b &gt; 0 and 0 ≤ x ≤ 1.</summary>
    /// <param name="oneMinusX">1 − x, passed separately when the caller knows it more accurately than 1 − x
    /// would compute it (e.g. t²/(ν + t²) for Student t near the centre). NaN means "compute 1 − x".</param>
    /// <remarks>
    /// Continued fraction of Abramowitz and Stegun 26.5.8, evaluated by the modified Lentz method, on the side
    /// of the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges fast (x &lt; (a + 1)/(a + b + 2)).
    /// The complement is never formed by subtraction on the slow side: <see cref="Complement"/> evaluates it
    /// directly, so tail probabilities (p-values) keep their relative precision.
    /// </remarks>
    public static double Regularized(double a, double b, double x, double oneMinusX = double.NaN)
    {
        var y = double.IsNaN(oneMinusX) ? 1 - x : oneMinusX;
        if (!Valid(a, b, x, y))
        {
            return double.NaN;
        }

        if (x == 0)
        {
            return 0;
        }

        if (y == 0)
        {
            return 1;
        }

        return x < (a + 1) / (a + b + 2)
            ? Front(a, b, x, y) / a
            : 1 - (Front(b, a, y, x) / b);
    }

    /// <summary>1 − I_x(a, b) = I_{1−x}(b, a), evaluated without cancellation.</summary>
    public static double Complement(double a, double b, double x, double oneMinusX = double.NaN)
    {
        var y = double.IsNaN(oneMinusX) ? 1 - x : oneMinusX;
        if (!Valid(a, b, x, y))
        {
            return double.NaN;
        }

        if (x == 0)
        {
            return 1;
        }

        if (y == 0)
        {
            return 0;
        }

        return y < (b + 1) / (a + b + 2)
            ? Front(b, a, y, x) / b
            : 1 - (Front(a, b, x, y) / a);
    }

    private static bool Valid(double a, double b, double x, double y) =>
        a > 0 && b > 0 && x >= 0 && y >= 0 && double.IsFinite(a) && double.IsFinite(b) && Math.Abs(x + y - 1) < 1e-12;

    /// <summary>a · I_x(a, b) = x^a (1−x)^b / B(a, b) · CF, the continued fraction part included.</summary>
    private static double Front(double a, double b, double x, double y)
    {
        var logFront = (a * Math.Log(x)) + (b * Math.Log(y)) - LogGamma.Beta(a, b);
        return Math.Exp(logFront) * ContinuedFraction(a, b, x);
    }

    /// <summary>1 / (1 + d1/(1 + d2/(1 + …))) by the modified Lentz method (Lentz 1976; Thompson and Barnett 1986).</summary>
    private static double ContinuedFraction(double a, double b, double x)
    {
        var qab = a + b;
        var qap = a + 1;
        var qam = a - 1;
        var c = 1.0;
        var d = 1 - (qab * x / qap);
        d = Math.Abs(d) < Tiny ? Tiny : d;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= MaxIterations; m++)
        {
            var m2 = 2 * m;

            // Even step: d_2m = m (b − m) x / ((a + 2m − 1)(a + 2m)).
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            h *= d * c;

            // Odd step: d_2m+1 = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                return h;
            }
        }

        return h; // not reached for the (a, b) of Student t and F with ν ≤ 10⁷
    }
}
