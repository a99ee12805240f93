using System.Text;

namespace EnergySom.Metering.Storage.Influx;

/// <summary>
/// Reads InfluxDB series keys as <c>SHOW SERIES</c> returns them (<c>measurement,tag=value,…</c>, escaped as in
/// line protocol), and quotes InfluxQL identifiers.
/// </summary>
public static class SeriesKeyText
{
    /// <summary>Splits a series key into its measurement and tags, undoing the line protocol escapes.</summary>
    /// <returns>False when the key is malformed.</returns>
    public static bool TryParse(string key, out string measurement, out Dictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(key);
        tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var parts = SplitUnescaped(key, ',');
        measurement = Unescape(parts[0]);
        for (var i = 1; i < parts.Count; i++)
        {
            var pair = SplitUnescaped(parts[i], '=');
            if (pair.Count != 2 || pair[0].Length == 0)
            {
                return false;
            }

            tags[Unescape(pair[0])] = Unescape(pair[1]);
        }

        return measurement.Length > 0;
    }

    /// <summary>A double-quoted InfluxQL identifier (backslashes and double quotes escaped).</summary>
    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static List<string> SplitUnescaped(string text, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is ',' or '=' or ' ')
            {
                i++;
                continue;
            }

            if (text[i] == separator)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is ',' or '=' or ' ')
            {
                builder.Append(text[++i]);
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }
}
