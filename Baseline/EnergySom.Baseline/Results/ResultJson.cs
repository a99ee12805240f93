using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace EnergySom.Baseline.Results;

/// <summary>
/// JSON for baseline and savings records: snake_case names, a <c>schema_version</c> on every document, NaN and
/// infinities as the strings <c>"NaN"</c>/<c>"Infinity"</c>. Reading accepts every version ever written (older
/// ones are migrated in memory) and refuses newer ones with a clear message. No I/O: strings in, strings out.
/// </summary>
public static class ResultJson
{
    /// <summary>The version written today.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The options used for every record (shared so callers embedding a record write it the same way).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serialises <paramref name="record"/> (indented).</summary>
    public static string Serialize<T>(T record) => JsonSerializer.Serialize(record, Options);

    /// <summary>Serialises <paramref name="record"/> to a JSON node, e.g. to embed it in a larger document.</summary>
    public static JsonNode? ToNode<T>(T record) => JsonSerializer.SerializeToNode(record, Options);

    /// <summary>Reads a <see cref="BaselineResult"/> of any schema version up to <see cref="CurrentSchemaVersion"/>.</summary>
    /// <exception cref="FormatException">Not JSON, no or an unknown schema version, or a required field missing.</exception>
    public static BaselineResult DeserializeBaselineResult(string json) => Read<BaselineResult>(json, "baseline result");

    /// <summary>Reads a record of type <typeparamref name="T"/> written by this class.</summary>
    public static T Read<T>(string json, string what)
    {
        JsonObject document;
        try
        {
            document = JsonNode.Parse(json) as JsonObject ?? throw new FormatException($"a {what} must be a JSON object");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the {what} is not valid JSON: {ex.Message}", ex);
        }

        var version = document["schema_version"] is JsonValue v && v.TryGetValue<int>(out var n)
            ? n
            : throw new FormatException($"the {what} has no integer schema_version");
        if (version > CurrentSchemaVersion)
        {
            throw new FormatException($"the {what} has schema_version {version}, written by a newer EnergySom; this build reads up to {CurrentSchemaVersion}");
        }

        if (version < 1)
        {
            throw new FormatException($"the {what} has schema_version {version}; versions start at 1");
        }

        // Migrations go here, oldest first, each rewriting the document to the next version.
        document["schema_version"] = CurrentSchemaVersion;
        try
        {
            return document.Deserialize<T>(Options) ?? throw new FormatException($"the {what} is empty");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the {what} does not match schema_version {version}: {ex.Message}", ex);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            RespectNullableAnnotations = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,

            // Records are files and API bodies, not HTML: keep ' + < > readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new InstantJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
