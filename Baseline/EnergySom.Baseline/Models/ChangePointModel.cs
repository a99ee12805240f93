using System.Globalization;
using EnergySom.Baseline.LeastSquares;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Models;

/// <summary>
/// ASHRAE Guideline 14 change-point models (2P, 3P heating, 3P cooling, 4P, 5P) with an exhaustive change-point
/// search and a documented selection rule.
/// </summary>
/// <remarks>
/// <para>Search (IMT practice, Kissock, Haberl and Claridge 2003; reference/standards.md §1.3): for each form, every
/// distinct observed driver value is a candidate change point (5P: every ordered pair), or a uniform grid when
/// <see cref="ChangePointSettings.GridStep"/> is set; the candidate with the least sum of squared errors that passes
/// the population test (enough points each side) and the shape test (slope signs) wins. Each candidate costs O(1)
/// from sorted prefix sums (<see cref="ChangePointSearch"/>); the winner is refitted by Householder QR.</para>
/// <para>Qualification of a form: shape (3PH heating slope &lt; 0; 3PC cooling slope &gt; 0; 4P convex, slope below
/// &lt; slope above; 5P heating &lt; 0 &lt; cooling), population (each sloped side has at least
/// <see cref="ChangePointSettings.MinimumPointsPerSegment"/> points), significance (every slope has
/// |t| ≥ <see cref="ChangePointSettings.MinimumSlopeTStatistic"/>), and more periods than parameters.</para>
/// <para>Selection: the qualified form with the lowest Guideline 14 CV(RMSE), where p counts the change points as
/// parameters (2P → 2, 3P → 3, 4P → 4, 5P → 5), so an extra change point must pay for itself; on a tie (within 1e-9
/// relative) the form with fewer parameters. When no form qualifies — including a driver that never varies — the
/// mean (1P) model is returned with the reasons.</para>
/// <para>Standard errors use σ² = Σw(y − ŷ)²/(n − p) with the same p, i.e. they treat the change points as
/// estimated, and are conditional on them otherwise.</para>
/// </remarks>
public static class ChangePointModel
{
    private static readonly ChangePointForm[] ByParameters =
    [
        ChangePointForm.TwoParameter, ChangePointForm.ThreeParameterHeating, ChangePointForm.ThreeParameterCooling,
        ChangePointForm.FourParameter, ChangePointForm.FiveParameter,
    ];

    /// <summary>Parameters of a form as Guideline 14 counts them (coefficients plus change points).</summary>
    public static int ParameterCount(ChangePointForm form) => form switch
    {
        ChangePointForm.Mean => 1,
        ChangePointForm.TwoParameter => 2,
        ChangePointForm.ThreeParameterHeating or ChangePointForm.ThreeParameterCooling => 3,
        ChangePointForm.FourParameter => 4,
        ChangePointForm.FiveParameter => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, null),
    };

    /// <summary>
    /// Fits the forms in the settings and returns the selected one.
    /// </summary>
    /// <param name="driver">Driver per period, usually mean outdoor temperature (any unit; change points come out in it).</param>
    /// <param name="energy">Energy per period (kWh, m³ …); NaN = missing.</param>
    /// <param name="weights">Optional positive weights (e.g. days per billing period, for use per day); empty = OLS.</param>
    /// <exception cref="ArgumentException">Lengths differ, a setting is invalid, or no period has both values.</exception>
    public static ChangePointFit Fit(ReadOnlySpan<double> driver, ReadOnlySpan<double> energy, ReadOnlySpan<double> weights = default, ChangePointSettings? settings = null)
    {
        settings ??= new ChangePointSettings();
        settings.Validate();
        var (x, y, w, dropped) = Usable(driver, energy, weights);
        var n = x.Length;
        var candidates = new List<ChangePointCandidate>();
        var mean = FitForm(ChangePointForm.Mean, x, y, w, double.NaN, double.NaN, settings, out _, out _);

        double min = n > 0 ? x.Min() : double.NaN, max = n > 0 ? x.Max() : double.NaN;
        var constant = min == max;
        ChangePointSearch? search = null;
        ChangePointFit? best = null;
        foreach (var form in ByParameters)
        {
            if (!settings.Forms.Contains(form))
            {
                continue;
            }

            if (constant)
            {
                candidates.Add(new ChangePointCandidate(form, CandidateStatus.NotAttempted,
                    string.Create(CultureInfo.InvariantCulture, $"the driver does not vary (all {n} values are {min}); no slope or change point can be estimated"),
                    null, null, double.NaN, double.NaN, 0));
                continue;
            }

            double heating = double.NaN, cooling = double.NaN;
            long evaluated = 1;
            if (form != ChangePointForm.TwoParameter)
            {
                search ??= new ChangePointSearch(x, y, w, settings.GridStep);
                var result = search.Search(form, settings.MinimumPoints(n));
                evaluated = result.Evaluated;
                if (!result.Found)
                {
                    candidates.Add(new ChangePointCandidate(form, CandidateStatus.NotAttempted,
                        $"no change point leaves {settings.MinimumPoints(n)} points on each side with the required slope signs ({evaluated} evaluated)",
                        null, null, double.NaN, double.NaN, evaluated));
                    continue;
                }

                heating = result.HeatingChangePoint;
                cooling = result.CoolingChangePoint;
            }

            var fit = FitForm(form, x, y, w, heating, cooling, settings, out var rejection, out var singular);
            var status = fit is null ? (singular ? CandidateStatus.Singular : CandidateStatus.NotAttempted)
                : rejection is null ? CandidateStatus.Qualified : CandidateStatus.Disqualified;
            candidates.Add(new ChangePointCandidate(form, status, rejection ?? "qualified",
                fit?.HeatingChangePoint, fit?.CoolingChangePoint, fit?.Statistics?.CvRmse ?? double.NaN, fit?.Statistics?.AdjustedRSquared ?? double.NaN, evaluated));
            if (fit is null || rejection is not null)
            {
                continue;
            }

            if (best is null || fit.Statistics!.CvRmse < best.Statistics!.CvRmse * (1 - 1e-9))
            {
                best = fit;
            }
        }

        string reason;
        if (best is null)
        {
            reason = candidates.Count == 0
                ? "no weather form was requested; the mean model is used"
                : "no change-point form qualified, so the mean (1P) model is used: " +
                  string.Join("; ", candidates.Select(c => $"{c.Form}: {c.Reason}"));
            best = mean!;
        }
        else
        {
            reason = string.Create(CultureInfo.InvariantCulture,
                $"{best.Form} has the lowest Guideline 14 CV(RMSE) ({best.Statistics!.CvRmse:0.###%}, p = {best.Parameters}) among {candidates.Count(c => c.Qualified)} qualified forms");
        }

        return best.WithSelection(dropped, candidates, reason);
    }

    /// <summary>Fits one form at given change points (NaN where the form has none) and tests it; null when it cannot be fitted.</summary>
    private static ChangePointFit? FitForm(
        ChangePointForm form, double[] x, double[] y, double[] w, double heating, double cooling, ChangePointSettings settings, out string? rejection, out bool singular)
    {
        var n = x.Length;
        var names = ChangePointForms.CoefficientNames(form);
        var columns = names.Count;
        var parameters = ParameterCount(form);
        singular = false;
        if (form == ChangePointForm.FourParameter)
        {
            cooling = heating;
        }

        if (n < columns || n == 0)
        {
            rejection = $"{n} periods cannot determine {columns} coefficients";
            return null;
        }

        var design = new double[n * columns];
        Span<double> row = stackalloc double[columns];
        for (var i = 0; i < n; i++)
        {
            ChangePointForms.DesignRow(form, x[i], heating, cooling, 1, row);
            for (var j = 0; j < columns; j++)
            {
                design[(j * n) + i] = row[j];
            }
        }

        LinearFit regression;
        try
        {
            // The change points were searched, so they cost degrees of freedom like coefficients (Guideline 14).
            regression = LinearFit.Fit(design, n, names, y, w, searchedParameters: parameters - columns);
        }
        catch (SingularDesignException e)
        {
            rejection = e.Message;
            singular = true;
            return null;
        }

        var coefficients = regression.Estimates();
        var statistics = GoodnessOfFit.Compute(y, [.. regression.Fitted], w, parameters, parameters - 1);
        double heatingSlope = 0, coolingSlope = 0;
        switch (form)
        {
            case ChangePointForm.ThreeParameterHeating:
                heatingSlope = coefficients[1].Value;
                break;
            case ChangePointForm.ThreeParameterCooling:
                coolingSlope = coefficients[1].Value;
                break;
            case ChangePointForm.FourParameter:
            case ChangePointForm.FiveParameter:
                heatingSlope = coefficients[1].Value;
                coolingSlope = coefficients[2].Value;
                break;
        }

        rejection = Qualify(form, heatingSlope, coolingSlope, coefficients, regression.ResidualDegreesOfFreedom, settings);
        return new ChangePointFit(
            form,
            coefficients,
            double.IsNaN(heating) ? null : heating,
            double.IsNaN(cooling) ? null : cooling,
            [.. regression.InverseGramMatrix],
            regression.ResidualVariance,
            regression.ResidualDegreesOfFreedom,
            statistics,
            parameters,
            n,
            0,
            [],
            string.Empty,
            settings);
    }

    private static string? Qualify(ChangePointForm form, double heatingSlope, double coolingSlope, IReadOnlyList<CoefficientEstimate> terms, int dof, ChangePointSettings settings)
    {
        if (dof <= 0)
        {
            return $"no residual degrees of freedom (n − p = {dof})";
        }

        var shape = form switch
        {
            ChangePointForm.ThreeParameterHeating when !(heatingSlope < 0) => "heating slope is not negative",
            ChangePointForm.ThreeParameterCooling when !(coolingSlope > 0) => "cooling slope is not positive",
            ChangePointForm.FourParameter when !(heatingSlope < coolingSlope) => "slope below the change point is not below the slope above it (not convex)",
            ChangePointForm.FiveParameter when !(heatingSlope < 0 && coolingSlope > 0) => "heating slope is not negative or cooling slope is not positive",
            _ => null,
        };
        if (shape is not null)
        {
            return "shape test failed: " + shape;
        }

        foreach (var term in terms.Skip(1))
        {
            if (!(Math.Abs(term.TStatistic) >= settings.MinimumSlopeTStatistic))
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"significance test failed: {term.Name} has |t| = {Math.Abs(term.TStatistic):0.##} < {settings.MinimumSlopeTStatistic}");
            }
        }

        return null;
    }

    private static (double[] X, double[] Y, double[] W, int Dropped) Usable(ReadOnlySpan<double> driver, ReadOnlySpan<double> energy, ReadOnlySpan<double> weights)
    {
        if (driver.Length != energy.Length || (!weights.IsEmpty && weights.Length != driver.Length))
        {
            throw new ArgumentException($"driver ({driver.Length}), energy ({energy.Length}) and weights ({weights.Length}) must have the same length");
        }

        var keep = 0;
        for (var i = 0; i < driver.Length; i++)
        {
            if (Usable(driver, energy, weights, i))
            {
                keep++;
            }
        }

        if (keep == 0)
        {
            throw new ArgumentException($"none of the {driver.Length} periods has a finite driver, energy and positive weight; there is nothing to fit");
        }

        var x = new double[keep];
        var y = new double[keep];
        var w = weights.IsEmpty ? [] : new double[keep];
        for (int i = 0, r = 0; i < driver.Length; i++)
        {
            if (Usable(driver, energy, weights, i))
            {
                x[r] = driver[i];
                y[r] = energy[i];
                if (!weights.IsEmpty)
                {
                    w[r] = weights[i];
                }

                r++;
            }
        }

        return (x, y, w, driver.Length - keep);
    }

    private static bool Usable(ReadOnlySpan<double> driver, ReadOnlySpan<double> energy, ReadOnlySpan<double> weights, int i) =>
        double.IsFinite(driver[i]) && double.IsFinite(energy[i]) && (weights.IsEmpty || (double.IsFinite(weights[i]) && weights[i] > 0));
}
