using EnergySom.Baseline.Numerics;

namespace EnergySom.Baseline.Statistics;

/// <summary>Computes <see cref="ModelStatistics"/> from observed and predicted values.</summary>
public static class GoodnessOfFit
{
    /// <summary>The conventions <see cref="Compute"/> follows, recorded in every <see cref="ModelStatistics"/>.</summary>
    public const string Convention =
        "R2 = 1 - SSE/SST (weighted and centred on the weighted mean for WLS, as statsmodels); adjusted R2 = 1 - (1 - R2)(n - 1)/(n - p); " +
        "RMSE, CV(RMSE) and NMBE unweighted, fractions, residual = measured - predicted; " +
        "Guideline 14: divide by n - p, p = all coefficients incl. intercept, over mean(y); " +
        "CalTRACK/eemeter: divide by n - c, c = coefficients excl. intercept, over mean(|y|); " +
        "rho = Pearson lag-1 autocorrelation of consecutive residuals (eemeter), n' = n(1 - rho)/(1 + rho)";

    /// <summary>
    /// Goodness of fit over the rows where observed, predicted (and weight) are all finite, in row order.
    /// </summary>
    /// <param name="observed">Measured values.</param>
    /// <param name="predicted">Model values for the same rows.</param>
    /// <param name="weights">WLS weights, or empty for OLS (weights only enter R², adjusted R² and F).</param>
    /// <param name="parameterCount">p: coefficients including the intercept.</param>
    /// <param name="explanatoryCount">c: coefficients excluding the intercept.</param>
    /// <param name="criteria">Guideline 14 limits to assess against; <see cref="Guideline14Criteria.Default"/> when null.</param>
    /// <remarks>
    /// CV(RMSE) = √(Σ(yᵢ−ŷᵢ)²/(n−p)) / ȳ, NMBE = Σ(yᵢ−ŷᵢ)/((n−p)ȳ) (ASHRAE Guideline 14-2014 Annex B);
    /// CalTRACK 2.0 uses n − c. Sums are compensated, in row order, so the figures are the same on every machine.
    /// Quantities whose degrees of freedom are not positive are NaN.
    /// </remarks>
    public static ModelStatistics Compute(
        ReadOnlySpan<double> observed,
        ReadOnlySpan<double> predicted,
        ReadOnlySpan<double> weights,
        int parameterCount,
        int explanatoryCount,
        Guideline14Criteria? criteria = null)
    {
        if (observed.Length != predicted.Length || (!weights.IsEmpty && weights.Length != observed.Length))
        {
            throw new ArgumentException($"observed ({observed.Length}), predicted ({predicted.Length}) and weights ({weights.Length}) must have the same length");
        }

        var weighted = !weights.IsEmpty;
        var sumY = new CompensatedSum();
        var sumAbsY = new CompensatedSum();
        var sumW = new CompensatedSum();
        var sumWy = new CompensatedSum();
        var n = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            var w = weighted ? weights[i] : 1;
            if (!Usable(observed[i], predicted[i], w))
            {
                continue;
            }

            n++;
            sumY.Add(observed[i]);
            sumAbsY.Add(Math.Abs(observed[i]));
            sumW.Add(w);
            sumWy.Add(w * observed[i]);
        }

        var mean = sumY.Value / n;
        var meanAbs = sumAbsY.Value / n;
        var weightedMean = sumWy.Value / sumW.Value;
        var sse = new CompensatedSum();
        var bias = new CompensatedSum();
        var sseW = new CompensatedSum();
        var sstW = new CompensatedSum();
        var ss = new CompensatedSum();
        var residuals = new double[n];
        var k = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            var w = weighted ? weights[i] : 1;
            if (!Usable(observed[i], predicted[i], w))
            {
                continue;
            }

            var r = observed[i] - predicted[i];
            residuals[k++] = r;
            sse.Add(r * r);
            bias.Add(r);
            sseW.Add(w * r * r);
            var centred = observed[i] - mean;
            ss.Add(centred * centred);
            var d = observed[i] - weightedMean;
            sstW.Add(w * d * d);
        }

        var p = parameterCount;
        var c = explanatoryCount;
        var dof = n - p;
        var rSquared = sstW.Value > 0 ? 1 - (sseW.Value / sstW.Value) : double.NaN;
        var adjusted = dof > 0 ? 1 - ((1 - rSquared) * (n - 1) / dof) : double.NaN;
        var rmse = dof > 0 ? Math.Sqrt(sse.Value / dof) : double.NaN;
        var rmseCalTrack = n - c > 0 ? Math.Sqrt(sse.Value / (n - c)) : double.NaN;
        var rho = ResidualAutocorrelation.Lag1(residuals);
        double f = double.NaN, fP = double.NaN;
        if (p > 1 && dof > 0 && sseW.Value > 0)
        {
            f = (sstW.Value - sseW.Value) / (p - 1) / (sseW.Value / dof);
            fP = FisherF.UpperTail(f, p - 1, dof);
        }

        var cv = rmse / mean;
        var nmbe = dof > 0 ? bias.Value / (dof * mean) : double.NaN;
        return new ModelStatistics
        {
            N = n,
            ParameterCount = p,
            ExplanatoryCount = c,
            RSquared = rSquared,
            AdjustedRSquared = adjusted,
            Rmse = rmse,
            CvRmse = cv,
            Nmbe = nmbe,
            CvRmseCalTrack = rmseCalTrack / meanAbs,
            NmbeCalTrack = n - c > 0 ? bias.Value / ((n - c) * meanAbs) : double.NaN,
            MeanObserved = mean,
            ObservedVariance = ss.Value / n,
            SumSquaredErrors = sse.Value,
            ResidualAutocorrelation = rho,
            EffectiveN = ResidualAutocorrelation.EffectiveSampleSize(n, rho),
            FStatistic = f,
            FPValue = fP,
            Weighted = weighted,
            Convention = Convention,
            Guideline14 = (criteria ?? Guideline14Criteria.Default).Assess(cv, nmbe),
        };
    }

    private static bool Usable(double observed, double predicted, double weight) =>
        double.IsFinite(observed) && double.IsFinite(predicted) && double.IsFinite(weight) && weight >= 0;
}
