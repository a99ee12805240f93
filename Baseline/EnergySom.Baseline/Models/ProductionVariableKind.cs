namespace EnergySom.Baseline.Models;

/// <summary>What a numeric driver of the production model measures; recorded with the result.</summary>
public enum ProductionVariableKind
{
    /// <summary>Production output of one product (t, pieces, m² … per period).</summary>
    Production,

    /// <summary>Operating hours per period.</summary>
    OperatingHours,

    /// <summary>Number of shifts run per period.</summary>
    Shifts,

    /// <summary>Any other routine driver (occupancy, raw-material moisture …).</summary>
    Other,
}
