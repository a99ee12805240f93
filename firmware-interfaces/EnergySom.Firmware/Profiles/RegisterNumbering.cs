namespace EnergySom.Firmware.Profiles;

/// <summary>How a profile's <c>register</c> numbers map to on-wire (zero-based PDU) addresses.</summary>
public enum RegisterNumbering
{
    /// <summary>
    /// Modicon style with the table prefix: input register 30001 is address 0, holding 40001 is address 0,
    /// discrete input 10001 is address 0, coil 1 is address 0 (Eastron, most meters). Profile spelling <c>modicon</c>.
    /// </summary>
    Modicon,

    /// <summary>
    /// One-based without a table prefix: register N is address N − 1 in the table the point's kind names
    /// (Schneider PowerLogic lists "register 3060" for address 3059). Profile spelling <c>one-based</c>.
    /// </summary>
    OneBased,
}
