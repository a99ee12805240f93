namespace EnergySom.Firmware.Registers;

/// <summary>
/// Order of the bytes of a multi-register value on the wire, named as Telegraf and most meter manuals
/// name it for 32-bit values: the value's bytes from most to least significant are A B C D.
/// </summary>
/// <remarks>
/// For 64-bit values the same rule extends to eight bytes A…H: <see cref="ABCD"/> is big-endian,
/// <see cref="CDAB"/> reverses the order of the 16-bit words but keeps each word big-endian,
/// <see cref="BADC"/> keeps the word order but swaps the two bytes of every word, and
/// <see cref="DCBA"/> is fully little-endian. Single-register values only distinguish byte swap
/// (<see cref="BADC"/>, <see cref="DCBA"/>) from none.
/// </remarks>
public enum WordOrder
{
    /// <summary>Big-endian, high word first: the Modbus default.</summary>
    ABCD,

    /// <summary>Low word first, bytes within each word big-endian ("word swap").</summary>
    CDAB,

    /// <summary>High word first, bytes within each word swapped ("byte swap").</summary>
    BADC,

    /// <summary>Fully little-endian.</summary>
    DCBA,
}

public static class WordOrderExtensions
{
    /// <summary>True when the words of a multi-register value come low word first.</summary>
    public static bool LowWordFirst(this WordOrder order) => order is WordOrder.CDAB or WordOrder.DCBA;

    /// <summary>True when the two bytes inside each register are swapped.</summary>
    public static bool SwapBytes(this WordOrder order) => order is WordOrder.BADC or WordOrder.DCBA;

    public static bool TryParse(string text, out WordOrder order) => Enum.TryParse(text, ignoreCase: false, out order)
        && Enum.IsDefined(order) && text.Length == 4;
}
