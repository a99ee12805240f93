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

    /// <summary>Converts a raw decoded value (before scale) to the quantity's canonical unit.</summary>
    public double ToCanonical(double raw) => Unit.Canonicalize((raw * Scale) + Offset);

    /// <summary>Converts a canonical value back to the raw register value (used by the virtual meter).</summary>
    public double FromCanonical(double canonical) => (((canonical - Unit.CanonicalOffset) / Unit.ToCanonical) - Offset) / Scale;
}
