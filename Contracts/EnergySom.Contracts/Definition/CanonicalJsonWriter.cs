using System.Buffers;
using System.Globalization;
using System.Text;

namespace EnergySom.Contracts.Definition;

/// <summary>
/// Writes canonical JSON: UTF-8 without BOM, no whitespace, members in the order the caller writes them (a fixed
/// schema order), strings escaped as RFC 8785 (JCS) does (only <c>"</c>, <c>\</c> and control characters, the
/// short forms \b \f \n \r \t, otherwise \u00xx in lower case), decimals in their shortest exact form (no
/// exponent, no trailing zeros, <c>0</c> for zero). The same document gives the same bytes on every machine.
/// </summary>
public sealed class CanonicalJsonWriter
{
    private static readonly SearchValues<char> MustEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Stack<bool> _first = new();
    private bool _afterName;

    public byte[] ToArray()
    {
        if (_first.Count != 0)
        {
            throw new InvalidOperationException("unclosed object or array");
        }

        return _buffer.WrittenSpan.ToArray();
    }

    public CanonicalJsonWriter BeginObject()
    {
        Separator();
        Raw("{");
        _first.Push(true);
        return this;
    }

    public CanonicalJsonWriter EndObject()
    {
        _first.Pop();
        Raw("}");
        return this;
    }

    public CanonicalJsonWriter BeginArray()
    {
        Separator();
        Raw("[");
        _first.Push(true);
        return this;
    }

    public CanonicalJsonWriter EndArray()
    {
        _first.Pop();
        Raw("]");
        return this;
    }

    public CanonicalJsonWriter Name(string name)
    {
        Separator();
        WriteString(name);
        Raw(":");
        _afterName = true;
        return this;
    }

    public CanonicalJsonWriter Value(string? value)
    {
        if (value is null)
        {
            return Null();
        }

        Separator();
        WriteString(value);
        return this;
    }

    public CanonicalJsonWriter Value(decimal value)
    {
        Separator();
        Raw(Format(value));
        return this;
    }

    public CanonicalJsonWriter Value(long value)
    {
        Separator();
        Raw(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public CanonicalJsonWriter Value(bool value)
    {
        Separator();
        Raw(value ? "true" : "false");
        return this;
    }

    public CanonicalJsonWriter Null()
    {
        Separator();
        Raw("null");
        return this;
    }

    public CanonicalJsonWriter Property(string name, string? value) => Name(name).Value(value);

    public CanonicalJsonWriter Property(string name, decimal value) => Name(name).Value(value);

    public CanonicalJsonWriter Property(string name, decimal? value) => value is { } v ? Name(name).Value(v) : Name(name).Null();

    public CanonicalJsonWriter Property(string name, long value) => Name(name).Value(value);

    public CanonicalJsonWriter Property(string name, bool value) => Name(name).Value(value);

    public CanonicalJsonWriter StringArray(string name, IEnumerable<string> values)
    {
        Name(name).BeginArray();
        foreach (var value in values)
        {
            Value(value);
        }

        return EndArray();
    }

    public CanonicalJsonWriter NumberArray(string name, IEnumerable<decimal> values)
    {
        Name(name).BeginArray();
        foreach (var value in values)
        {
            Value(value);
        }

        return EndArray();
    }

    /// <summary>Shortest exact text of a decimal: trailing zeros dropped, no exponent.</summary>
    public static string Format(decimal value)
    {
        if (value == 0m)
        {
            return "0";
        }

        // Dividing by 1 with 28 zero decimals normalises the scale to the fewest digits that represent the value.
        var normalised = value / 1.0000000000000000000000000000m;
        return normalised.ToString(CultureInfo.InvariantCulture);
    }

    private void Separator()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_first.Count > 0)
        {
            if (_first.Peek())
            {
                _first.Pop();
                _first.Push(false);
            }
            else
            {
                Raw(",");
            }
        }
    }

    private void WriteString(string value)
    {
        if (value.AsSpan().IndexOfAny(MustEscape) < 0)
        {
            // Most strings need no escape: quote and encode them straight into the buffer.
            var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length) + 2);
            span[0] = (byte)'"';
            var written = Encoding.UTF8.GetBytes(value, span[1..]);
            span[written + 1] = (byte)'"';
            _buffer.Advance(written + 2);
            return;
        }

        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
        Raw(builder.ToString());
    }

    private void Raw(string text)
    {
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = Encoding.UTF8.GetBytes(text, span);
        _buffer.Advance(written);
    }
}
