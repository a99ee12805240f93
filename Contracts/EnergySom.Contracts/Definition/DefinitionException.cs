namespace EnergySom.Contracts.Definition;

/// <summary>A contract or tariff file that cannot be used. Nothing is returned from it; every error found is listed.</summary>
public sealed class DefinitionException : Exception
{
    public DefinitionException(IReadOnlyList<DefinitionError> errors, Exception? inner = null)
        : base(Format(errors), inner)
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("a definition exception needs at least one error", nameof(errors));
        }

        Errors = errors;
    }

    public IReadOnlyList<DefinitionError> Errors { get; }

    private static string Format(IReadOnlyList<DefinitionError> errors) => errors.Count switch
    {
        0 => "invalid definition",
        1 => errors[0].ToString(),
        _ => $"{errors[0]} (and {errors.Count - 1} more error{(errors.Count == 2 ? "" : "s")})",
    };
}
