namespace EnergySom.Contracts.Terms;

/// <summary>
/// The baseline model the parties agreed on in the M&amp;V plan (its method and independent variables), as words
/// the auditor can check the frozen result against; the fit itself is the <see cref="BaselineResultReference"/>.
/// </summary>
/// <param name="Method">Method code, e.g. <c>caltrack-daily</c>, <c>caltrack-hourly</c>, <c>change-point</c>, <c>towt</c>, <c>production</c>.</param>
/// <param name="Drivers">Independent variables, e.g. <c>temperature</c>, <c>production</c>.</param>
public sealed record BaselineModelSpec(string Method, IReadOnlyList<string> Drivers, string? Description)
{
    public static readonly IReadOnlyList<string> KnownMethods =
        ["caltrack-daily", "caltrack-billing", "caltrack-hourly", "change-point", "towt", "production", "stipulated"];
}
