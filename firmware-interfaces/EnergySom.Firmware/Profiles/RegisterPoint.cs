using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;

namespace EnergySom.Firmware.Profiles;

/// <summary>
/// One value a meter exposes: where it sits in the register map and how to turn its raw registers into a
/// quantity in its canonical unit.
/// </summary>
/// <param name="Name">Unique within the profile; used as the measurement name of the series.</param>
/// <param name="Kind">Modbus table.</param>
/// <param name="Address">Zero-based on-wire (PDU) address. Datasheet register 30001 or 40001 is address 0.</param>
/// <param name="Type">Raw data type.</param>
/// <param name="Order">Byte and word order of multi-register values.</param>
/// <param name="Scale">Raw value × scale + offset gives the value in <paramref name="Unit"/>.</param>
/// <param name="Offset">Added after scaling.</param>
/// <param name="Unit">Unit of the scaled value, converted to the quantity's canonical unit when decoded.</param>
/// <param name="Quantity">What the value measures.</param>
/// <param name="Poll">Poll class.</param>
/// <param name="Line">Line in the profile file where the point is defined (for error messages).</param>
public sealed record RegisterPoint(
    string Name,
    RegisterKind Kind,
    ushort Address,
    RegisterDataType Type,
    WordOrder Order,
    double Scale,
    double Offset,
    Unit Unit,
    Quantity Quantity,
    PollClass Poll,
    string? Description = null,
    int Line = 0)
{
    private readonly double[] _invalidRaw = [];

    /// <summary>A manufacturer encoding applied to the raw value before scale (e.g. Schneider's 4Q FP PF).</summary>
    public PointDecoding Decoding { get; init; } = PointDecoding.None;

    /// <summary>
    /// Raw values (as decoded by <see cref="RegisterCodec.Decode"/>, before scale) that the meter uses to say
    /// "not available", e.g. 0x8000 in an i16 or 0x8000000000000000 in an i64. They decode to NaN.
    /// NaN floats need no entry: they are never a valid reading.
    /// </summary>
    public IReadOnlyList<double> InvalidRaw
    {
        get => _invalidRaw;
        init => _invalidRaw = [.. value];
    }

    /// <summary>Whether the value is before (secondary) or after (primary) the CT/PT ratios.</summary>
    public TransformerSide Side { get; init; } = TransformerSide.Primary;

    /// <summary>V, S or R for this point when it differs from the profile's source; null means the profile's.</summary>
    public string? Confidence { get; init; }

    /// <summary>A caveat about this point's source (conflicting transcriptions, unverified scale …).</summary>
    public string? Note { get; init; }

    /// <summary>Number of registers (or bits) the point occupies.</summary>
    public int Length => Type.RegisterCount();

    /// <summary>One past the last address the point occupies.</summary>
    public int End => Address + Length;

    /// <summary>The datasheet-style register number (30001-based for input, 40001-based for holding …).</summary>
    public int RegisterNumber => Kind switch
    {
        RegisterKind.Coil => 1 + Address,
        RegisterKind.DiscreteInput => 10001 + Address,
        RegisterKind.Input => 30001 + Address,
        RegisterKind.Holding => 40001 + Address,
        _ => Address,
    };

    /// <summary>
    /// Converts a raw decoded value (before scale) to the quantity's canonical unit; NaN when the raw value is one
    /// of the meter's "not available" sentinels. A secondary-side value is returned as read (no CT/PT applied):
    /// use <see cref="ToCanonical(double, TransformerRatios)"/> when the ratios are known.
    /// </summary>
    public double ToCanonical(double raw)
    {
        if (_invalidRaw.Length > 0 && IsInvalid(raw))
        {
            return double.NaN;
        }

        var value = Decoding == PointDecoding.None ? raw : Decoding.Apply(raw);
        return Unit.Canonicalize((value * Scale) + Offset);
    }

    /// <summary>
    /// Converts a raw decoded value to the canonical unit on the primary side: a secondary-side value is
    /// multiplied by the CT, PT or CT × PT ratio its quantity calls for.
    /// </summary>
    public double ToCanonical(double raw, TransformerRatios ratios) =>
        Side == TransformerSide.Secondary ? ToCanonical(raw) * ratios.MultiplierFor(Quantity) : ToCanonical(raw);

    /// <summary>Converts a canonical value back to the raw register value (used by the virtual meter).</summary>
    public double FromCanonical(double canonical) =>
        Decoding.Invert((((canonical - Unit.CanonicalOffset) / Unit.ToCanonical) - Offset) / Scale);

    /// <summary>Converts a primary-side canonical value to the raw register value, dividing by the ratios first for a secondary-side point.</summary>
    public double FromCanonical(double canonical, TransformerRatios ratios) =>
        FromCanonical(Side == TransformerSide.Secondary ? canonical / ratios.MultiplierFor(Quantity) : canonical);

    /// <summary>
    /// Decodes the point from its registers as they came off the wire (<paramref name="wire"/> starts at the
    /// point's first register; one byte per bit for coils and discrete inputs) into the canonical unit.
    /// </summary>
    public double Decode(ReadOnlySpan<byte> wire, TransformerRatios? ratios = null)
    {
        var raw = Kind.IsBit() ? (wire[0] != 0 ? 1 : 0) : RegisterCodec.Decode(wire, Type, Order);
        return Side == TransformerSide.Secondary && ratios is not null ? ToCanonical(raw, ratios) : ToCanonical(raw);
    }

    private bool IsInvalid(double raw)
    {
        foreach (var sentinel in _invalidRaw)
        {
            if (raw.Equals(sentinel))
            {
                return true;
            }
        }

        return false;
    }
}
