using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Savings;

/// <summary>
/// The uncertainty of avoided energy determined with a regression baseline, by the formulas the field uses:
/// ASHRAE Guideline 14 Annex B, CalTRACK 2.0 §4.3.2.4, and eemeter 3.2.0's error bands.
/// </summary>
public static class SavingsUncertainty
{
    /// <summary>CalTRACK 2.0 §4.3.2.4 daily polynomial coefficients (a, b, d) of aM² + bM + d.</summary>
    public static readonly (double A, double B, double D) DailyPolynomial = (-0.00024, 0.03535, 1.00286);

    /// <summary>CalTRACK 2.0 §4.3.2.4 billing polynomial coefficients.</summary>
    public static readonly (double A, double B, double D) BillingPolynomial = (-0.00022, 0.03306, 0.94054);

    /// <summary>The effective number of baseline points under a correction policy.</summary>
    public static double EffectiveN(int n, double rho, AutocorrelationCorrection correction) => correction switch
    {
        AutocorrelationCorrection.Never => n,
        AutocorrelationCorrection.WhenAtLeastHalf when !(rho >= 0.5) => n,
        _ => ResidualAutocorrelation.EffectiveSampleSize(n, rho),
    };

    /// <summary>
    /// Absolute uncertainty of the savings over m reporting periods, ASHRAE Guideline 14-2014 Annex B (Reddy and
    /// Claridge): ΔE = t · 1.26 · CV · √((n/n′)(1 + 2/n′)/m) · E_base, so that the fractional savings uncertainty is
    /// ΔE/E_save = t · 1.26 · CV · √((n/n′)(1 + 2/n′)/m) / F with F = E_save/E_base.
    /// </summary>
    /// <param name="confidence">Two-sided confidence, e.g. 0.68, 0.90, 0.95; t has n − p degrees of freedom.</param>
    /// <param name="cvRmse">CV(RMSE) of the baseline as a fraction (Guideline 14 convention).</param>
    /// <param name="adjustedBaselineTotal">E_base: the adjusted baseline over the reporting period.</param>
    /// <remarks>1.26 is the empirical factor derived for monthly data (reference/standards.md §1.2).</remarks>
    public static double Guideline14(double confidence, int n, int parameters, double cvRmse, double nPrime, int m, double adjustedBaselineTotal) =>
        StudentT.TwoSidedCritical(confidence, n - parameters) * 1.26 * cvRmse * Math.Sqrt(n / nPrime * (1 + (2 / nPrime)) / m) * Math.Abs(adjustedBaselineTotal);

    /// <summary>
    /// CalTRACK 2.0 §4.3.2.4: ΔE = t · (aM² + bM + d) · CV · √((P/P′)(1 + 2/P′)/Q) · E_base, M months in the reporting
    /// period, Q reporting periods, P baseline periods, P′ corrected for autocorrelation; (a, b, d) daily or billing.
    /// </summary>
    public static double CalTrack(double confidence, int n, int explanatory, double cvRmse, double nPrime, int q, double months, bool billing, double adjustedBaselineTotal)
    {
        var (a, b, d) = billing ? BillingPolynomial : DailyPolynomial;
        var polynomial = (a * months * months) + (b * months) + d;
        return StudentT.TwoSidedCritical(confidence, n - explanatory) * polynomial * cvRmse * Math.Sqrt(n / nPrime * (1 + (2 / nPrime)) / q) * Math.Abs(adjustedBaselineTotal);
    }

    /// <summary>
    /// eemeter 3.2.0's error bands of metered savings at 90 % (its <c>error_bands_confidence_0.90</c>), from the
    /// baseline totals' statistics (reference/caltrack-method.md): t = t.ppf(0.95, n − c), rmse = √(SSE/(n − c)),
    /// OLS model = t·rmse·m/√n·√(1 + (base_avg − post_avg)²/base_var), OLS noise = t·rmse·√(m·n/n′),
    /// OLS = √(model² + noise²), FSU = base_avg·n · t·(aM² + bM + c)·(rmse/base_avg)·√((n/n′)(1 + 2/n′)/m) with
    /// M = m/30 (daily) or m (billing).
    /// </summary>
    /// <param name="m">Daily: reporting rows with observed and predicted; billing: round(reporting span days / 30).</param>
    /// <param name="postAverage">Mean observed reporting total over the rows with both values.</param>
    public static EemeterErrorBands Eemeter(UncertaintyBasis basis, int m, double postAverage)
    {
        var n = basis.N;
        var t = StudentT.Quantile(0.95, n - basis.ExplanatoryCount);
        var rmse = basis.RmseCalTrack;
        var nPrime = ResidualAutocorrelation.EffectiveSampleSize(n, basis.Autocorrelation);
        var model = t * rmse * m / Math.Sqrt(n) * Math.Sqrt(1 + (Math.Pow(basis.MeanObserved - postAverage, 2) / basis.ObservedVariance));
        var noise = t * rmse * Math.Sqrt(m * n / nPrime);
        var (a, b, c) = basis.Billing ? BillingPolynomial : DailyPolynomial;
        var months = basis.Billing ? m : m / 30.0;
        var fsu = basis.MeanObserved * n * t * ((a * months * months) + (b * months) + c) * (rmse / basis.MeanObserved)
            * Math.Sqrt(n / nPrime * (1 + (2 / nPrime)) / m);
        return new EemeterErrorBands(0.90, model, noise, Math.Sqrt((model * model) + (noise * noise)), fsu, m, t, nPrime);
    }
}
