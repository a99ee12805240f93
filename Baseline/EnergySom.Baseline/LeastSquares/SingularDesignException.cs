namespace EnergySom.Baseline.LeastSquares;

/// <summary>The design matrix has (numerically) dependent columns, so the coefficients are not determined.</summary>
public sealed class SingularDesignException(int column, string? columnName, string detail)
    : Exception($"the design is singular: column {columnName ?? column.ToString(System.Globalization.CultureInfo.InvariantCulture)} {detail}")
{
    /// <summary>Index of the first column found dependent on the ones before it.</summary>
    public int Column { get; } = column;

    public string? ColumnName { get; } = columnName;
}
