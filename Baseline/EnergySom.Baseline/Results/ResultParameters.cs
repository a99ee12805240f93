using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnergySom.Baseline.Results;

/// <summary>
/// Writing and reading the model-specific numbers a result keeps in its <c>parameters</c> (and a segment's), so each
/// model family stores and restores them the same way: NaN and infinities as their names (as <see cref="ResultJson"/>
/// writes doubles), a missing key named in the error.
/// </summary>
internal static class ResultParameters
{
    /// <summary>A JSON array of doubles (NaN kept).</summary>
    public static JsonArray Array(ReadOnlySpan<double> values)
    {
        var array = new JsonArray();
        foreach (var v in values)
        {
            array.Add(Number(v));
        }

        return array;
    }

    /// <summary>A JSON array of strings.</summary>
    public static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    /// <summary>A double as a JSON node: a number, or the string NaN/Infinity/-Infinity.</summary>
    public static JsonNode Number(double value) => double.IsFinite(value)
        ? JsonValue.Create(value)
        : JsonValue.Create(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");

    /// <summary>The double under <paramref name="key"/> (a number or a named literal).</summary>
    /// <exception cref="FormatException">Absent or not a number.</exception>
    public static double ReadDouble(JsonObject parameters, string key, string what) =>
        parameters[key] is { } node ? ToDouble(node, key, what) : throw new FormatException($"{what}: parameters.{key} is missing");

    /// <summary>The double under <paramref name="key"/>, or null when absent or JSON null.</summary>
    public static double? ReadOptionalDouble(JsonObject parameters, string key, string what) =>
        parameters[key] is { } node ? ToDouble(node, key, what) : null;

    /// <summary>The array of doubles under <paramref name="key"/>.</summary>
    /// <exception cref="FormatException">Absent or not an array of numbers.</exception>
    public static double[] ReadDoubles(JsonObject parameters, string key, string what)
    {
        if (parameters[key] is not JsonArray array)
        {
            throw new FormatException($"{what}: parameters.{key} is missing or not an array");
        }

        var values = new double[array.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = array[i] is { } node ? ToDouble(node, $"{key}[{i}]", what) : throw new FormatException($"{what}: parameters.{key}[{i}] is null");
        }

        return values;
    }

    /// <summary>The string under <paramref name="key"/>.</summary>
    public static string ReadString(JsonObject parameters, string key, string what) =>
        parameters[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"{what}: parameters.{key} is missing or not a string");

    /// <summary>The array of strings under <paramref name="key"/>.</summary>
    public static string[] ReadStrings(JsonObject parameters, string key, string what)
    {
        if (parameters[key] is not JsonArray array)
        {
            throw new FormatException($"{what}: parameters.{key} is missing or not an array");
        }

        return [.. array.Select((n, i) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"{what}: parameters.{key}[{i}] is not a string"))];
    }

    /// <summary>The sufficiency outcome a context records, or null.</summary>
    public static SufficiencyOutcome? Sufficiency(FitContext context) => context.Sufficiency is { } report
        ? new SufficiencyOutcome(report.Criteria, report.Passed, !report.Passed && context.FittedDespiteInsufficientData)
        : null;

    /// <summary>The context's data-preparation warnings (sufficiency first), then the model's own.</summary>
    public static IReadOnlyList<BaselineWarning> Warnings(FitContext context, IEnumerable<BaselineWarning> own)
    {
        var all = new List<BaselineWarning>();
        if (context.Sufficiency is { } report)
        {
            all.AddRange(report.Warnings);
        }

        all.AddRange(context.Warnings);
        all.AddRange(own);
        return all;
    }

    private static double ToDouble(JsonNode node, string key, string what)
    {
        if (node is JsonValue value)
        {
            if (value.GetValueKind() == JsonValueKind.Number)
            {
                return value.GetValue<double>();
            }

            if (value.TryGetValue<string>(out var text))
            {
                switch (text)
                {
                    case "NaN":
                        return double.NaN;
                    case "Infinity":
                        return double.PositiveInfinity;
                    case "-Infinity":
                        return double.NegativeInfinity;
                }
            }
        }

        throw new FormatException($"{what}: parameters.{key} is not a number");
    }
}
