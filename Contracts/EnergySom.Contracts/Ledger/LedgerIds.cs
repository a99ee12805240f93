namespace EnergySom.Contracts.Ledger;

/// <summary>
/// Rules for the names the ledger files entries under (parties, contract, statement ids, periods): printable
/// text, no control characters, no surrounding spaces, at most 200 characters. They appear in messages, on
/// the command line and in indexed columns, and PostgreSQL text cannot hold a NUL.
/// </summary>
public static class LedgerIds
{
    public const int MaxLength = 200;

    /// <summary>Null when <paramref name="value"/> is acceptable, otherwise what is wrong with it.</summary>
    public static string? Check(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{what} is empty";
        }

        if (value.Length > MaxLength)
        {
            return $"{what} '{value[..40]}…' is {value.Length} characters long; at most {MaxLength}";
        }

        if (value.AsSpan().ContainsAnyInRange('\u0000', '\u001f') || value.AsSpan().ContainsAnyInRange('\u007f', '\u009f'))
        {
            return $"{what} '{value}' contains a control character";
        }

        return value.Trim() != value ? $"{what} '{value}' has leading or trailing spaces" : null;
    }

    /// <summary>Throws <see cref="WorkflowException"/> when <paramref name="value"/> is not acceptable.</summary>
    public static string Require(string? value, string what) =>
        Check(value, what) is { } problem ? throw new WorkflowException(problem) : value!;
}
