namespace EnergySom.Baseline.Results;

/// <summary>One fitted coefficient with its inference.</summary>
/// <param name="Name">Stable name, e.g. <c>intercept</c>, <c>beta_hdd</c>, <c>beta_cdd</c> (CalTRACK's names).</param>
/// <param name="Value">The estimate, in the unit of the response per unit of the regressor.</param>
/// <param name="StandardError">√(σ̂² [(XᵀWX)⁻¹]ⱼⱼ), σ̂² = weighted SSE / (n − p).</param>
/// <param name="TStatistic">Value / StandardError.</param>
/// <param name="PValue">Two-sided p-value of the t statistic with n − p degrees of freedom.</param>
public sealed record CoefficientEstimate(string Name, double Value, double StandardError, double TStatistic, double PValue);
