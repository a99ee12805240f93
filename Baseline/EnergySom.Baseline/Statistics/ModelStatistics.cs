using System.Text.Json.Serialization;

namespace EnergySom.Baseline.Statistics;

/// <summary>
/// Goodness of fit of a baseline model, in both degrees-of-freedom conventions the field uses, so a report can
/// state which one it quotes. Fractions, not percent (0.2 = 20 %). Residuals are measured − predicted.
/// </summary>
/// <remarks>
/// ASHRAE Guideline 14-2014 Annex B: CV(RMSE) = √(Σ(yᵢ−ŷᵢ)²/(n−p)) / ȳ and NMBE = Σ(yᵢ−ŷᵢ) / ((n−p) ȳ), p = all
/// coefficients including the intercept. CalTRACK 2.0 (and eemeter's <c>cvrmse_adj</c>) divide by n − c, c = the
/// explanatory variables without the intercept, and eemeter divides by mean |y|. See reference/standards.md §1.2.
/// </remarks>
public sealed record ModelStatistics
{
    /// <summary>Observations used (rows with both observed and predicted values).</summary>
    public required int N { get; init; }

    /// <summary>p: every coefficient, intercept included (Guideline 14).</summary>
    public required int ParameterCount { get; init; }

    /// <summary>c: explanatory variables without the intercept (CalTRACK, eemeter <c>num_parameters</c>).</summary>
    public required int ExplanatoryCount { get; init; }

    /// <summary>1 − SSE/SST (weighted and centred on the weighted mean for WLS, as statsmodels).</summary>
    public required double RSquared { get; init; }

    /// <summary>1 − (1 − R²)(n − 1)/(n − p), the selection criterion of CalTRACK.</summary>
    public required double AdjustedRSquared { get; init; }

    /// <summary>√(SSE/(n − p)), unweighted residuals, in the unit of the response.</summary>
    public required double Rmse { get; init; }

    /// <summary>Guideline 14 CV(RMSE) as a fraction: Rmse / ȳ.</summary>
    public required double CvRmse { get; init; }

    /// <summary>Guideline 14 NMBE as a fraction: Σ(y − ŷ) / ((n − p) ȳ).</summary>
    public required double Nmbe { get; init; }

    /// <summary>CalTRACK / eemeter CV(RMSE): √(SSE/(n − c)) / mean |y| (eemeter's <c>cvrmse_adj</c>).</summary>
    [JsonPropertyName("cv_rmse_caltrack")]
    public required double CvRmseCalTrack { get; init; }

    /// <summary>CalTRACK NMBE: Σ(y − ŷ) / ((n − c) · mean |y|).</summary>
    [JsonPropertyName("nmbe_caltrack")]
    public required double NmbeCalTrack { get; init; }

    /// <summary>ȳ, the mean of the observed values used.</summary>
    public required double MeanObserved { get; init; }

    /// <summary>Population variance (divided by n) of the observed values used: eemeter's <c>base_var</c>.</summary>
    public required double ObservedVariance { get; init; }

    /// <summary>Σ(y − ŷ)², unweighted.</summary>
    public required double SumSquaredErrors { get; init; }

    /// <summary>ρ, lag-1 autocorrelation of the residuals in row order.</summary>
    public required double ResidualAutocorrelation { get; init; }

    /// <summary>n′ = n (1 − ρ)/(1 + ρ), the effective number of independent observations.</summary>
    public required double EffectiveN { get; init; }

    /// <summary>F statistic of the regression against the intercept-only model (NaN without slopes).</summary>
    public double FStatistic { get; init; } = double.NaN;

    /// <summary>P(F &gt; FStatistic): the overall significance of the regression.</summary>
    [JsonPropertyName("f_p_value")]
    public double FPValue { get; init; } = double.NaN;

    /// <summary>True when the model was fitted by weighted least squares.</summary>
    public bool Weighted { get; init; }

    /// <summary>Which conventions the fields follow, in words.</summary>
    public required string Convention { get; init; }

    /// <summary>The verdict against Guideline 14, when assessed.</summary>
    public Guideline14Assessment? Guideline14 { get; init; }
}
