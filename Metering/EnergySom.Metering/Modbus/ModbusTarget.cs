using EnergySom.Firmware.Registers;

namespace EnergySom.Metering.Modbus;

/// <summary>Where a Modbus request went: the gateway, the unit behind it and the registers asked for.</summary>
/// <param name="Gateway">Name of the gateway (from the site configuration).</param>
/// <param name="Unit">Unit id (slave address) behind the gateway.</param>
/// <param name="Kind">Modbus table.</param>
/// <param name="Start">Zero-based on-wire (PDU) address of the first register or bit.</param>
/// <param name="Count">Number of registers or bits.</param>
public readonly record struct ModbusTarget(string Gateway, byte Unit, RegisterKind Kind, ushort Start, ushort Count)
{
    /// <summary>
    /// For example <c>gateway gw1 unit 3 input 52..53 (register 30053..30054)</c>: the on-wire addresses and
    /// the datasheet-style register numbers, because manuals use either.
    /// </summary>
    public override string ToString()
    {
        var last = Start + Math.Max(Count, (ushort)1) - 1;
        var number = Kind switch
        {
            RegisterKind.Coil => 1,
            RegisterKind.DiscreteInput => 10001,
            RegisterKind.Input => 30001,
            _ => 40001,
        };
        return $"gateway {Gateway} unit {Unit} {Kind.ToProfileName()} {Start}..{last} (register {number + Start}..{number + last})";
    }
}
