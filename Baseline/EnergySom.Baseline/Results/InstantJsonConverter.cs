using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace EnergySom.Baseline.Results;

/// <summary>Writes an <see cref="Instant"/> as ISO-8601 UTC (<c>2016-12-26T00:00:00Z</c>) and reads it back.</summary>
public sealed class InstantJsonConverter : JsonConverter<Instant>
{
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("an instant must be a string");
        var parsed = InstantPattern.ExtendedIso.Parse(text);
        return parsed.Success ? parsed.Value : throw new JsonException($"'{text}' is not an ISO-8601 UTC instant");
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
        writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
}
