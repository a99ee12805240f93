namespace EnergySom.Contracts.Definition;

/// <summary>One mistake in a contract or tariff file: where it is (file, line, column, field path) and what is wrong.</summary>
/// <param name="Line">1-based line, 0 when the file could not be read at all.</param>
/// <param name="Field">Dotted path of the field, with list indexes: <c>payment_terms.shared_savings.esco_share_by_year[2]</c>.</param>
public sealed record DefinitionError(string File, int Line, int Column, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Field}: {Message}";
}
