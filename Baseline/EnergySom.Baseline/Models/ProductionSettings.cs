namespace EnergySom.Baseline.Models;

/// <summary>
/// Degree-day balance points and the variable-selection thresholds of the production model. The thresholds default
/// to DOE EnPI Lite's regression validity rules (reference/standards.md §1.2: each variable p &lt; 0.2 and at least
/// one p &lt; 0.1, model F-test p &lt; 0.1, R² ≥ 0.5).
/// </summary>
public sealed record ProductionSettings
{
    /// <summary>Use heating degree-days when temperatures are given.</summary>
    public bool UseHeatingDegreeDays { get; init; } = true;

    /// <summary>Use cooling degree-days when temperatures are given (false for gas, which has no cooling load).</summary>
    public bool UseCoolingDegreeDays { get; init; } = true;

    /// <summary>Heating balance points to search (one value = given), in the temperature's unit. Default 8–22 °C by 1.</summary>
    public IReadOnlyList<double> HeatingBalancePoints { get; init; } = Range(8, 22);

    /// <summary>Cooling balance points to search (one value = given). Default 14–30 °C by 1; cooling ≥ heating.</summary>
    public IReadOnlyList<double> CoolingBalancePoints { get; init; } = Range(14, 30);

    /// <summary>Backward elimination drops the least significant variable while its p-value is at least this (EnPI Lite: 0.2).</summary>
    public double RemovalPValue { get; init; } = 0.2;

    /// <summary>At least one kept variable must have a p-value below this (EnPI Lite: 0.1).</summary>
    public double RequiredPValue { get; init; } = 0.1;

    /// <summary>The model's overall F-test p-value must be below this (EnPI Lite: 0.1).</summary>
    public double ModelPValue { get; init; } = 0.1;

    /// <summary>The model's R² must be at least this (EnPI Lite: 0.5).</summary>
    public double MinimumRSquared { get; init; } = 0.5;

    /// <summary>Variables never removed by elimination (e.g. the product the contract is about).</summary>
    public IReadOnlyList<string> ForcedVariables { get; init; } = [];

    private static double[] Range(int from, int to) => [.. Enumerable.Range(from, to - from + 1).Select(i => (double)i)];

    internal void Validate()
    {
        foreach (var (name, value) in new[] { ("RemovalPValue", RemovalPValue), ("RequiredPValue", RequiredPValue), ("ModelPValue", ModelPValue), ("MinimumRSquared", MinimumRSquared) })
        {
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentException($"{name} must be within [0, 1], got {value}");
            }
        }

        if ((UseHeatingDegreeDays && HeatingBalancePoints.Count == 0) || (UseCoolingDegreeDays && CoolingBalancePoints.Count == 0)
            || HeatingBalancePoints.Concat(CoolingBalancePoints).Any(b => !double.IsFinite(b)))
        {
            throw new ArgumentException("balance points must be finite, and at least one is needed for each degree-day term in use");
        }
    }
}
