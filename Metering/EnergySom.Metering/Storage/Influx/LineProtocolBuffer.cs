using System.Globalization;
using System.Text;
using NodaTime;

namespace EnergySom.Metering.Storage.Influx;

/// <summary>
/// Builds InfluxDB line protocol into a reusable byte buffer: <c>measurement[,tag=value…] field=value[,…] [timestamp]\n</c>.
/// Escaping follows the line protocol reference (InfluxDB 1.x and 2.x alike): in measurements, commas and spaces;
/// in tag keys, tag values and field keys, commas, equals signs and spaces; in string field values, double quotes
/// and backslashes. Lines end with <c>\n</c> only (<c>\r\n</c> is refused by the server).
/// </summary>
/// <remarks>
/// <para>What line protocol cannot carry is refused with <see cref="ArgumentException"/> rather than written wrong:
/// an empty name or tag value, a newline or carriage return anywhere, a name ending in a backslash (it would
/// escape the separator after it), a measurement starting with <c>#</c> (a comment line), a NaN or infinite
/// float, text that is not valid UTF-16.</para>
/// <para>Nothing is allocated per line once the buffer has grown to its working size.</para>
/// </remarks>
public sealed class LineProtocolBuffer
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private byte[] _bytes;
    private bool _inFields;

    public LineProtocolBuffer(int capacity = 1 << 16) => _bytes = new byte[Math.Max(capacity, 256)];

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The lines written so far.</summary>
    public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, Length);

    /// <summary>The lines written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _bytes.AsSpan(0, Length);

    /// <summary>Forgets everything written (the buffer is kept).</summary>
    public void Clear()
    {
        Length = 0;
        _inFields = false;
    }

    /// <summary>Cuts back to <paramref name="length"/> bytes (drops a line begun but not finished).</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        Length = length;
        _inFields = false;
    }

    /// <summary>Starts a line with its measurement.</summary>
    public LineProtocolBuffer Measurement(ReadOnlySpan<char> name)
    {
        if (name.Length > 0 && name[0] == '#')
        {
            throw new ArgumentException($"measurement '{name}' starts with '#', which line protocol reads as a comment", nameof(name));
        }

        _inFields = false;
        WriteEscaped(name, Escaping.Measurement, "measurement");
        return this;
    }

    /// <summary>Adds a tag; tags must come before the first field.</summary>
    public LineProtocolBuffer Tag(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        if (_inFields)
        {
            throw new InvalidOperationException("tags must come before fields");
        }

        Append((byte)',');
        WriteEscaped(key, Escaping.Key, "tag key");
        Append((byte)'=');
        WriteEscaped(value, Escaping.Key, "tag value");
        return this;
    }

    /// <summary>Adds a float field (written so that it reads back to exactly the same double).</summary>
    public LineProtocolBuffer Field(ReadOnlySpan<char> key, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"field '{key}' is {value}; line protocol has no NaN or infinity", nameof(value));
        }

        FieldKey(key);
        Format(value);
        return this;
    }

    /// <summary>Adds a signed integer field (<c>123i</c>).</summary>
    public LineProtocolBuffer Field(ReadOnlySpan<char> key, long value)
    {
        FieldKey(key);
        Format(value);
        Append((byte)'i');
        return this;
    }

    /// <summary>Adds a boolean field.</summary>
    public LineProtocolBuffer Field(ReadOnlySpan<char> key, bool value)
    {
        FieldKey(key);
        Append(value ? (byte)'t' : (byte)'f');
        return this;
    }

    /// <summary>Adds a string field (quoted; double quotes and backslashes escaped).</summary>
    public LineProtocolBuffer StringField(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        FieldKey(key);
        Append((byte)'"');
        WriteEscaped(value, Escaping.StringValue, "string field value");
        Append((byte)'"');
        return this;
    }

    /// <summary>Ends the line with a timestamp in <paramref name="precision"/> (floored to it).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The instant does not fit in 64-bit nanoseconds (before 1677 or after 2262).</exception>
    public void End(Instant time, TimestampPrecision precision)
    {
        EndFields();
        Append((byte)' ');
        Format(Timestamp(time, precision));
        Append((byte)'\n');
    }

    /// <summary>Ends the line without a timestamp (the server stamps it).</summary>
    public void End()
    {
        EndFields();
        Append((byte)'\n');
    }

    /// <summary>Appends bytes already in line protocol (a cached series prefix).</summary>
    public void AppendRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Appends a finite double in a form that reads back to exactly the same double (<see cref="DoubleFormatter"/>).</summary>
    public void Format(double value)
    {
        Ensure(DoubleFormatter.MaxLength);
        Length += DoubleFormatter.Format(value, _bytes.AsSpan(Length));
    }

    /// <summary>Appends an integer in decimal.</summary>
    public void Format(long value)
    {
        Ensure(20);
        value.TryFormat(_bytes.AsSpan(Length), out var written, default, CultureInfo.InvariantCulture);
        Length += written;
    }

    /// <summary>Appends one byte.</summary>
    public void Append(byte value)
    {
        Ensure(1);
        _bytes[Length++] = value;
    }

    /// <summary>The timestamp of <paramref name="time"/> in units of <paramref name="precision"/>, floored.</summary>
    public static long Timestamp(Instant time, TimestampPrecision precision)
    {
        var ticks = time.ToUnixTimeTicks();
        var perUnit = precision.TicksPerUnit();
        if (perUnit == 0)
        {
            if (ticks is > long.MaxValue / 100 or < long.MinValue / 100)
            {
                throw new ArgumentOutOfRangeException(nameof(time), time, "InfluxDB stores times from 1677-09-21 to 2262-04-11 (64-bit nanoseconds)");
            }

            return ticks * 100;
        }

        return Math.DivRem(ticks, perUnit, out var remainder) - (remainder < 0 ? 1 : 0);
    }

    private void FieldKey(ReadOnlySpan<char> key)
    {
        Append(_inFields ? (byte)',' : (byte)' ');
        _inFields = true;
        WriteEscaped(key, Escaping.Key, "field key");
        Append((byte)'=');
    }

    private void EndFields()
    {
        if (!_inFields)
        {
            throw new InvalidOperationException("a line needs at least one field");
        }

        _inFields = false;
    }

    private enum Escaping
    {
        Measurement,
        Key,
        StringValue,
    }

    /// <summary>
    /// UTF-8 encodes <paramref name="text"/> straight into the buffer, then inserts the escapes in place (from the
    /// end, so each byte moves once). Special characters are ASCII, and UTF-8 never hides ASCII inside a
    /// multi-byte sequence, so escaping the encoded bytes is exact.
    /// </summary>
    private void WriteEscaped(ReadOnlySpan<char> text, Escaping escaping, string what)
    {
        if (escaping != Escaping.StringValue && text.IsEmpty)
        {
            throw new ArgumentException($"a {what} cannot be empty in line protocol");
        }

        if (text.ContainsAny('\n', '\r'))
        {
            throw new ArgumentException($"{what} '{text.ToString().Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)}' contains a line break, which line protocol cannot carry");
        }

        if (escaping != Escaping.StringValue && text[^1] == '\\')
        {
            throw new ArgumentException($"{what} '{text}' ends with a backslash, which would escape the separator after it");
        }

        var maxBytes = Utf8.GetMaxByteCount(text.Length);
        Ensure(maxBytes * 2);
        int encoded;
        try
        {
            encoded = Utf8.GetBytes(text, _bytes.AsSpan(Length));
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException($"{what} is not valid text (a lone surrogate)", ex);
        }

        var span = _bytes.AsSpan(Length, encoded);
        var specials = 0;
        foreach (var b in span)
        {
            if (NeedsEscape(b, escaping))
            {
                specials++;
            }
        }

        if (specials > 0)
        {
            var source = Length + encoded - 1;
            var target = source + specials;
            while (source >= Length)
            {
                var b = _bytes[source--];
                _bytes[target--] = b;
                if (NeedsEscape(b, escaping))
                {
                    _bytes[target--] = (byte)'\\';
                }
            }
        }

        Length += encoded + specials;
    }

    private static bool NeedsEscape(byte b, Escaping escaping) => escaping switch
    {
        Escaping.Measurement => b is (byte)',' or (byte)' ',
        Escaping.Key => b is (byte)',' or (byte)'=' or (byte)' ',
        _ => b is (byte)'"' or (byte)'\\',
    };

    private void Ensure(int extra)
    {
        if (Length + extra <= _bytes.Length)
        {
            return;
        }

        Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + extra));
    }
}
