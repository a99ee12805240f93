using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnergySom.Baseline.Results;

/// <summary>
/// A structured warning: a stable machine-readable code, a sentence for people, and the numbers behind it
/// (in the spirit of eemeter's <c>qualified_name</c> + <c>data</c>), so a tool can act on it and an auditor can check it.
/// </summary>
/// <param name="Code">Stable dotted code, e.g. <c>caltrack.sufficiency.too_many_days_with_missing_data</c>. Never reworded.</param>
/// <param name="Description">What it means, in one sentence.</param>
/// <param name="Data">The numbers behind it (counts, limits, dates), snake_case keys.</param>
/// <param name="Critical">True when the condition makes the baseline insufficient (the fit is refused unless overridden).</param>
public sealed record BaselineWarning(string Code, string Description, JsonObject Data, bool Critical = false)
{
    /// <summary>The value of one data entry as a double (NaN when absent or not a number).</summary>
    public double Number(string key) =>
        Data.TryGetPropertyValue(key, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? value.Deserialize<double>()
            : double.NaN;
}
