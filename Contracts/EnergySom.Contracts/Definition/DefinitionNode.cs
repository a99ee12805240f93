using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using YamlDotNet.RepresentationModel;

namespace EnergySom.Contracts.Definition;

/// <summary>
/// A field of a definition file with its path and place. Readers return null (and record an error) when the value
/// is absent where required, of the wrong shape or out of range; an absent node reads as null without a second error.
/// </summary>
internal sealed partial class DefinitionNode
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    private readonly YamlNode? _yaml;

    public DefinitionNode(DefinitionDocument document, YamlNode? yaml, string path, int line, int column)
    {
        Document = document;
        _yaml = yaml;
        Path = path;
        Line = line;
        Column = column;
        if (yaml is not null)
        {
            document.Remember(path, line, column);
        }
    }

    public DefinitionDocument Document { get; }

    public string Path { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>False for a field that is not in the file (already reported if it was required).</summary>
    public bool Present => _yaml is not null && !IsNull;

    private bool IsNull => _yaml is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "~" or "null" or "" };

    public void Error(string message) => Document.Error(this, message);

    public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    // ---- mappings ----------------------------------------------------------------------------------------

    /// <summary>Reads this node as a mapping with only <paramref name="allowed"/> keys; an unknown key is an error (with a suggestion).</summary>
    public MappingReader? Mapping(params string[] allowed)
    {
        if (!Present)
        {
            return null;
        }

        if (_yaml is not YamlMappingNode map)
        {
            Error($"expected a mapping of {string.Join(", ", allowed.Take(4))}{(allowed.Length > 4 ? ", …" : "")}");
            return null;
        }

        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                var suggestion = Suggest(name, allowed);
                Document.Error(Child(name), (int)key.Start.Line, (int)key.Start.Column,
                    $"unknown field '{name}'" + (suggestion is null ? $" (allowed: {string.Join(", ", allowed)})" : $" (did you mean '{suggestion}'?)"));
            }
        }

        return new MappingReader(this, map);
    }

    // ---- sequences ---------------------------------------------------------------------------------------

    /// <summary>Reads this node as a list of at least <paramref name="minCount"/> items.</summary>
    public IReadOnlyList<DefinitionNode>? Items(int minCount = 0)
    {
        if (!Present)
        {
            return null;
        }

        if (_yaml is not YamlSequenceNode sequence)
        {
            Error("expected a list");
            return null;
        }

        if (sequence.Children.Count < minCount)
        {
            Error(minCount == 1 ? "must list at least one item" : $"must list at least {minCount} items");
        }

        return sequence.Children
            .Select((item, i) => new DefinitionNode(Document, item, $"{Path}[{i}]", (int)item.Start.Line, (int)item.Start.Column))
            .ToList();
    }

    // ---- scalars -----------------------------------------------------------------------------------------

    private string? Scalar(string expected)
    {
        if (!Present)
        {
            return null;
        }

        if (_yaml is not YamlScalarNode scalar)
        {
            Error($"expected {expected}, found a {(_yaml is YamlMappingNode ? "mapping" : "list")}");
            return null;
        }

        return scalar.Value ?? "";
    }

    public string? String(int maxLength = 500)
    {
        var value = Scalar("text");
        if (value is null)
        {
            return null;
        }

        if (value.Trim().Length == 0)
        {
            Error("must not be empty");
            return null;
        }

        if (value.Length > maxLength)
        {
            Error($"is longer than {maxLength} characters");
            return null;
        }

        return value;
    }

    /// <summary>An identifier: letters, digits, '.', '_', '-', 1–64 characters, starting with a letter or digit.</summary>
    public string? Identifier()
    {
        var value = Scalar("an identifier");
        if (value is null)
        {
            return null;
        }

        if (!IdentifierRegex().IsMatch(value))
        {
            Error($"'{value}' is not an identifier (letters, digits, '.', '_' and '-', up to 64 characters, starting with a letter or digit)");
            return null;
        }

        return value;
    }

    public decimal? Decimal(decimal? min = null, decimal? max = null, bool minExclusive = false)
    {
        var text = Scalar("a number");
        if (text is null)
        {
            return null;
        }

        var cleaned = text.Replace("_", "", StringComparison.Ordinal);
        if (!decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            Error($"'{text}' is not a number (write digits with a decimal point, e.g. 0.65)");
            return null;
        }

        if (min is { } lo && (minExclusive ? value <= lo : value < lo))
        {
            Error($"{Format(value)} must be {(minExclusive ? "more than" : "at least")} {Format(lo)}");
            return null;
        }

        if (max is { } hi && value > hi)
        {
            Error($"{Format(value)} must be at most {Format(hi)}");
            return null;
        }

        return value;
    }

    /// <summary>A fraction 0..1; <c>70%</c> is read as 0.70.</summary>
    public decimal? Fraction()
    {
        var text = Scalar("a fraction");
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        if (trimmed.EndsWith('%'))
        {
            if (!decimal.TryParse(trimmed[..^1].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
            {
                Error($"'{text}' is not a percentage");
                return null;
            }

            trimmed = (percent / 100m).ToString(CultureInfo.InvariantCulture);
        }

        if (!decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            Error($"'{text}' is not a fraction (write 0.70 or 70%)");
            return null;
        }

        if (value is < 0 or > 1)
        {
            Error($"{Format(value)} is not a fraction between 0 and 1 (write 0.70 or 70%)");
            return null;
        }

        return value;
    }

    public int? Int(int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Scalar("a whole number");
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error($"'{text}' is not a whole number");
            return null;
        }

        if (value < min || value > max)
        {
            Error(max == int.MaxValue ? $"{value} must be at least {min}" : $"{value} must be between {min} and {max}");
            return null;
        }

        return value;
    }

    public bool? Bool()
    {
        var text = Scalar("true or false");
        if (text is null)
        {
            return null;
        }

        switch (text)
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                Error($"'{text}' is not true or false");
                return null;
        }
    }

    public LocalDate? Date()
    {
        var text = Scalar("a date");
        if (text is null)
        {
            return null;
        }

        var result = DatePattern.Parse(text);
        if (!result.Success)
        {
            Error($"'{text}' is not a date (write YYYY-MM-DD)");
            return null;
        }

        return result.Value;
    }

    /// <summary>A local time <c>HH:mm</c>; with <paramref name="endOfDay"/>, <c>24:00</c> is allowed and read as midnight (the end of the day).</summary>
    public LocalTime? Time(bool endOfDay = false)
    {
        var text = Scalar("a time");
        if (text is null)
        {
            return null;
        }

        if (endOfDay && text == "24:00")
        {
            return LocalTime.Midnight;
        }

        var result = TimePattern.Parse(text);
        if (!result.Success)
        {
            Error($"'{text}' is not a time of day (write HH:mm{(endOfDay ? ", or 24:00 for the end of the day" : "")})");
            return null;
        }

        return result.Value;
    }

    /// <summary>One of the codes in <paramref name="codes"/>.</summary>
    public T? Code<T>(IReadOnlyDictionary<string, T> codes)
        where T : struct
    {
        var text = Scalar($"one of {string.Join(", ", codes.Keys)}");
        if (text is null)
        {
            return null;
        }

        if (codes.TryGetValue(text, out var value))
        {
            return value;
        }

        var suggestion = Suggest(text, codes.Keys);
        Error($"'{text}' is not one of {string.Join(", ", codes.Keys)}" + (suggestion is null ? "" : $" (did you mean '{suggestion}'?)"));
        return null;
    }

    /// <summary>A SHA-256 digest: 64 lower-case hexadecimal characters.</summary>
    public string? Sha256()
    {
        var text = Scalar("a SHA-256 digest");
        if (text is null)
        {
            return null;
        }

        if (!Sha256Regex().IsMatch(text))
        {
            Error($"'{(text.Length > 20 ? text[..20] + "…" : text)}' is not a SHA-256 digest (64 lower-case hexadecimal characters)");
            return null;
        }

        return text;
    }

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The closest allowed word within a small edit distance, to turn a typo into a suggestion.</summary>
    private static string? Suggest(string given, IEnumerable<string> allowed)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in allowed)
        {
            var distance = EditDistance(given, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best is not null && bestDistance <= Math.Max(2, given.Length / 4) && bestDistance < given.Length ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdentifierRegex();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Regex();
}

/// <summary>The fields of a mapping node.</summary>
internal sealed class MappingReader(DefinitionNode owner, YamlMappingNode map)
{
    public DefinitionNode Owner { get; } = owner;

    public bool Has(string key) => Get(key) is { } node && !IsNullScalar(node);

    /// <summary>
    /// The field, or an absent node (reading as null) when it is not there. A field's place is the line of its key,
    /// where a reader looks for it (a block value starts on the next line).
    /// </summary>
    public DefinitionNode Optional(string key)
    {
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is YamlScalarNode { Value: var name } && string.Equals(name, key, StringComparison.Ordinal))
            {
                return new DefinitionNode(Owner.Document, value, Owner.Child(key), (int)keyNode.Start.Line, (int)keyNode.Start.Column);
            }
        }

        return new DefinitionNode(Owner.Document, null, Owner.Child(key), Owner.Line, Owner.Column);
    }

    /// <summary>The field; when it is missing (or null) the error names it at the mapping's line.</summary>
    public DefinitionNode Required(string key)
    {
        var node = Optional(key);
        if (!node.Present)
        {
            Owner.Document.Error(Owner.Child(key), Owner.Line, Owner.Column, "is required");
        }

        return node;
    }

    private YamlNode? Get(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static bool IsNullScalar(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "~" or "null" or "" };
}
