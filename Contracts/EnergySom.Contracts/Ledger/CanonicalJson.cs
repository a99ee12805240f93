using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// Canonical JSON: one byte sequence per document, so that its SHA-256 identifies it. Object members sorted by
/// name (UTF-16 code units, as RFC 8785 JCS §3.2.3), no insignificant whitespace, strings escaped the JCS way
/// (only <c>"</c>, <c>\</c> and control characters; everything else as raw UTF-8), duplicate names refused.
/// </summary>
/// <remarks>
/// One deliberate difference from RFC 8785: numbers are kept exactly as written, not re-serialised as IEEE
/// doubles, so a money amount such as <c>287.30</c> keeps its digits and scale (JCS would turn it into
/// <c>287.3</c>, and would round amounts beyond 2^53 fen). Producers must therefore write numbers
/// deterministically themselves, which System.Text.Json does for decimal and double.
/// </remarks>
public static class CanonicalJson
{
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    /// <summary>The canonical form of a JSON document.</summary>
    /// <exception cref="FormatException">Not JSON, a duplicate member name, or a string that is not valid Unicode; the message says where.</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), Strict);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var output = new ArrayBufferWriter<byte>(utf8Json.Length + 16);
            Write(document.RootElement, output, "$");
            return output.WrittenSpan.ToArray();
        }
    }

    /// <summary>Canonical form of a JSON text.</summary>
    public static byte[] Canonicalize(string json) => Canonicalize(Encoding.UTF8.GetBytes(json));

    /// <summary>Whether <paramref name="utf8Json"/> is already canonical (and valid JSON).</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return Canonicalize(utf8Json).AsSpan().SequenceEqual(utf8Json);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Serialises <paramref name="value"/> with System.Text.Json (camelCase names by default) and canonicalises it.</summary>
    public static byte[] Serialize<T>(T value, JsonSerializerOptions? options = null) =>
        Canonicalize(JsonSerializer.SerializeToUtf8Bytes(value, options ?? JsonSerializerOptions.Web));

    /// <summary>SHA-256 of a payload.</summary>
    public static byte[] Digest(ReadOnlySpan<byte> payload) => SHA256.HashData(payload);

    /// <summary>SHA-256 of a payload, as lower-case hex.</summary>
    public static string DigestHex(ReadOnlySpan<byte> payload) => Convert.ToHexStringLower(SHA256.HashData(payload));

    private static void Write(JsonElement element, ArrayBufferWriter<byte> output, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<(string Name, JsonElement Value)>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var name = ReadString(() => property.Name, path);
                    if (!seen.Add(name))
                    {
                        throw new FormatException($"{path}: duplicate member '{name}'");
                    }

                    members.Add((name, property.Value));
                }

                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                output.Write("{"u8);
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Write(","u8);
                    }

                    WriteString(members[i].Name, output);
                    output.Write(":"u8);
                    Write(members[i].Value, output, $"{path}.{members[i].Name}");
                }

                output.Write("}"u8);
                break;
            case JsonValueKind.Array:
                output.Write("["u8);
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index > 0)
                    {
                        output.Write(","u8);
                    }

                    Write(item, output, string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]"));
                    index++;
                }

                output.Write("]"u8);
                break;
            case JsonValueKind.String:
                WriteString(ReadString(element.GetString, path)!, output);
                break;
            case JsonValueKind.Number:
                output.Write(Encoding.UTF8.GetBytes(element.GetRawText()));
                break;
            case JsonValueKind.True:
                output.Write("true"u8);
                break;
            case JsonValueKind.False:
                output.Write("false"u8);
                break;
            case JsonValueKind.Null:
                output.Write("null"u8);
                break;
            default:
                throw new FormatException($"{path}: unexpected JSON value kind {element.ValueKind}");
        }
    }

    private static string ReadString(Func<string?> read, string path)
    {
        try
        {
            return read() ?? "";
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"{path}: string is not valid Unicode ({ex.Message})", ex);
        }
    }

    private static void WriteString(string value, ArrayBufferWriter<byte> output)
    {
        output.Write("\""u8);
        Span<byte> scratch = stackalloc byte[6];
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])))
            {
                throw new FormatException($"string contains a lone surrogate U+{(int)c:X4}");
            }

            if (char.IsHighSurrogate(c))
            {
                i++;
                continue;
            }

            ReadOnlySpan<byte> escape = c switch
            {
                '"' => "\\\""u8,
                '\\' => "\\\\"u8,
                '\b' => "\\b"u8,
                '\f' => "\\f"u8,
                '\n' => "\\n"u8,
                '\r' => "\\r"u8,
                '\t' => "\\t"u8,
                < ' ' => Hex(c, scratch),
                _ => default,
            };
            if (escape.IsEmpty)
            {
                continue;
            }

            WriteUtf8(value.AsSpan(runStart, i - runStart), output);
            output.Write(escape);
            runStart = i + 1;
        }

        WriteUtf8(value.AsSpan(runStart), output);
        output.Write("\""u8);
    }

    private static ReadOnlySpan<byte> Hex(char c, Span<byte> scratch)
    {
        "\\u00"u8.CopyTo(scratch);
        scratch[4] = (byte)"0123456789abcdef"[c >> 4];
        scratch[5] = (byte)"0123456789abcdef"[c & 0xF];
        return scratch;
    }

    private static void WriteUtf8(ReadOnlySpan<char> text, ArrayBufferWriter<byte> output)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
