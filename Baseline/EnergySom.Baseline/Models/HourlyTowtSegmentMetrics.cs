using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Models;

/// <summary>
/// Fit metrics of one TOWT segment on its centre-month hours (weight 1), in the conventions of the reference
/// implementation's <c>ModelMetrics</c> (eemeter 3.2.0; reference/caltrack-method.md "Metrics").
/// </summary>
/// <remarks>
/// <c>Parameters</c> counts every model parameter (time-of-week coefficients and temperature features), as the
/// reference does for hourly segments. CV(RMSE) and NMBE are fractions here, not percent. NMBE and NMAE are the
/// reference's Σ(predicted − observed)/Σobserved and Σ|predicted − observed|/Σobserved, so a model that
/// over-predicts has positive NMBE (the opposite sign of Guideline 14's measured − predicted).
/// </remarks>
/// <param name="N">Centre-month hours compared.</param>
/// <param name="Parameters">All model parameters of the segment.</param>
/// <param name="ObservedMean">Mean of |observed|.</param>
/// <param name="RSquared">Squared Pearson correlation of observed and predicted.</param>
/// <param name="RSquaredAdjusted">1 − (1 − R²)(n − 1)/(n − p − 1).</param>
/// <param name="Rmse">√(SSR/n).</param>
/// <param name="RmseAdjusted">√(SSR/(n − p)).</param>
/// <param name="CvRmse">Rmse / ObservedMean.</param>
/// <param name="CvRmseAdjusted">RmseAdjusted / ObservedMean.</param>
/// <param name="Nmbe">Σ(predicted − observed)/Σobserved.</param>
/// <param name="Nmae">Σ|predicted − observed|/Σobserved.</param>
/// <param name="AutocorrelationLag1">Lag-1 autocorrelation of the residuals in time order (Pearson of consecutive pairs,
/// <see cref="ResidualAutocorrelation.Lag1(ReadOnlySpan{double}, ReadOnlySpan{double})"/>).</param>
/// <param name="NPrime">n(1 − ρ)/(1 + ρ), NaN when ρ is (the reference's arithmetic; the savings path uses
/// <see cref="ResidualAutocorrelation.EffectiveSampleSize"/>).</param>
public sealed record HourlyTowtSegmentMetrics(
    int N,
    int Parameters,
    double ObservedMean,
    double RSquared,
    double RSquaredAdjusted,
    double Rmse,
    double RmseAdjusted,
    double CvRmse,
    double CvRmseAdjusted,
    double Nmbe,
    double Nmae,
    double AutocorrelationLag1,
    double NPrime)
{
    /// <summary>Computes the metrics from observed and predicted values in time order (no NaN).</summary>
    public static HourlyTowtSegmentMetrics Compute(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted, int parameters)
    {
        if (observed.Length != predicted.Length)
        {
            throw new ArgumentException("observed and predicted differ in length");
        }

        var n = observed.Length;
        double sumObs = 0, sumAbsObs = 0, sumPred = 0;
        for (var i = 0; i < n; i++)
        {
            sumObs += observed[i];
            sumAbsObs += Math.Abs(observed[i]);
            sumPred += predicted[i];
        }

        double meanObs = sumObs / n, meanPred = sumPred / n;
        double ssr = 0, bias = 0, absolute = 0, so = 0, sp = 0, sop = 0;
        for (var i = 0; i < n; i++)
        {
            var e = predicted[i] - observed[i];
            ssr += e * e;
            bias += e;
            absolute += Math.Abs(e);
            double dObs = observed[i] - meanObs, dPred = predicted[i] - meanPred;
            so += dObs * dObs;
            sp += dPred * dPred;
            sop += dObs * dPred;
        }

        var rSquared = so > 0 && sp > 0 ? sop * sop / (so * sp) : double.NaN;
        var rmse = Math.Sqrt(ssr / n);
        var rmseAdjusted = n > parameters ? Math.Sqrt(ssr / (n - parameters)) : double.NaN;
        var absMean = sumAbsObs / n;
        var rho = ResidualAutocorrelation.Lag1(observed, predicted);
        return new HourlyTowtSegmentMetrics(
            n,
            parameters,
            absMean,
            rSquared,
            n - parameters - 1 > 0 ? 1 - ((1 - rSquared) * (n - 1) / (n - parameters - 1)) : double.NaN,
            rmse,
            rmseAdjusted,
            rmse / absMean,
            rmseAdjusted / absMean,
            bias / sumObs,
            absolute / sumObs,
            rho,
            n * (1 - rho) / (1 + rho));
    }
}
