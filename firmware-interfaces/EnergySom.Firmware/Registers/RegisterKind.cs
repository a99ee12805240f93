namespace EnergySom.Firmware.Registers;

/// <summary>The four Modbus data tables (Modbus Application Protocol v1.1b3, §4.3).</summary>
public enum RegisterKind
{
    /// <summary>Read/write single bits, read with function 01.</summary>
    Coil,

    /// <summary>Read-only single bits, read with function 02.</summary>
    DiscreteInput,

    /// <summary>Read/write 16-bit words, read with function 03.</summary>
    Holding,

    /// <summary>Read-only 16-bit words, read with function 04.</summary>
    Input,
}

public static class RegisterKindExtensions
{
    /// <summary>The read function code for this table.</summary>
    public static byte ReadFunctionCode(this RegisterKind kind) => kind switch
    {
        RegisterKind.Coil => 0x01,
        RegisterKind.DiscreteInput => 0x02,
        RegisterKind.Holding => 0x03,
        RegisterKind.Input => 0x04,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>True for the bit tables (coils, discrete inputs).</summary>
    public static bool IsBit(this RegisterKind kind) => kind is RegisterKind.Coil or RegisterKind.DiscreteInput;

    /// <summary>Spelling used in profile files.</summary>
    public static string ToProfileName(this RegisterKind kind) => kind switch
    {
        RegisterKind.Coil => "coil",
        RegisterKind.DiscreteInput => "discrete",
        RegisterKind.Holding => "holding",
        RegisterKind.Input => "input",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParseProfileName(string text, out RegisterKind kind)
    {
        switch (text)
        {
            case "coil": kind = RegisterKind.Coil; return true;
            case "discrete": kind = RegisterKind.DiscreteInput; return true;
            case "holding": kind = RegisterKind.Holding; return true;
            case "input": kind = RegisterKind.Input; return true;
            default: kind = default; return false;
        }
    }
}
