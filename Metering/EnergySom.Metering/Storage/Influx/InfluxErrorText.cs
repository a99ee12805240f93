using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EnergySom.Metering.Storage.Influx;

/// <summary>Reads InfluxDB's error bodies: <c>{"error":"…"}</c> (1.x), <c>{"code":…,"message":"…"}</c> (2.x), or plain text.</summary>
internal static partial class InfluxErrorText
{
    /// <summary>The error message of a response body.</summary>
    public static string Extract(string body)
    {
        var trimmed = body.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                foreach (var name in new[] { "error", "message" })
                {
                    if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return value.GetString()!;
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: use the text.
            }
        }

        return trimmed.Length > 2000 ? trimmed[..2000] + "…" : trimmed;
    }

    /// <summary>
    /// Parses a 400 write error into the offending lines, the type conflicts and the dropped count. InfluxDB 1.x
    /// writes <c>unable to parse '&lt;line&gt;': &lt;reason&gt;</c> per bad line (joined by newlines),
    /// <c>field type conflict: input field "f" on measurement "m" is type T, already exists as type U</c>, and
    /// ends with <c>dropped=N</c>.
    /// </summary>
    public static InfluxWriteException ParseWriteError(string message)
    {
        var partial = message.StartsWith("partial write", StringComparison.Ordinal);
        var lines = new List<string>();
        foreach (Match match in UnableToParse().Matches(message))
        {
            lines.Add(match.Groups["line"].Value);
        }

        var conflicts = new List<InfluxTypeConflict>();
        foreach (Match match in TypeConflict().Matches(message))
        {
            conflicts.Add(new InfluxTypeConflict(match.Groups["measurement"].Value, match.Groups["field"].Value, match.Value));
        }

        var dropped = Dropped().Match(message);
        return new InfluxWriteException(
            message, partial, lines, conflicts,
            dropped.Success ? int.Parse(dropped.Groups["n"].Value, CultureInfo.InvariantCulture) : null);
    }

    // The line is everything between "unable to parse '" and the last "': " before the reason on the same line.
    [GeneratedRegex(@"unable to parse '(?<line>.*)': ", RegexOptions.CultureInvariant)]
    private static partial Regex UnableToParse();

    [GeneratedRegex(@"field type conflict: input field ""(?<field>[^""]*)"" on measurement ""(?<measurement>[^""]*)"" is type \w+, already exists as type \w+", RegexOptions.CultureInvariant)]
    private static partial Regex TypeConflict();

    [GeneratedRegex(@"dropped=(?<n>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex Dropped();
}
