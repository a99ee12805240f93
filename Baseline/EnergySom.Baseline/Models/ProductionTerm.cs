namespace EnergySom.Baseline.Models;

/// <summary>A coefficient of the production model with its standard error, t statistic and two-sided p-value.</summary>
/// <param name="Name">intercept, a variable's name, hdd, cdd, weekend or holiday.</param>
/// <param name="Coefficient">Energy per unit of the variable (per period for the intercept and day-type terms).</param>
/// <param name="StandardError">√(σ²·[(XᵀX)⁻¹]ⱼⱼ), σ² = SSE/(n − k), k = coefficients.</param>
/// <param name="TStatistic">Coefficient / StandardError.</param>
/// <param name="PValue">P(|T| ≥ |t|) with n − k degrees of freedom.</param>
public sealed record ProductionTerm(string Name, double Coefficient, double StandardError, double TStatistic, double PValue);
