namespace EnergySom.Firmware.Registers;

/// <summary>How a value is laid out in consecutive 16-bit registers.</summary>
public enum RegisterDataType
{
    /// <summary>A single bit (coil or discrete input).</summary>
    Bit,
    U16,
    I16,
    U32,
    I32,
    U64,
    I64,

    /// <summary>IEEE-754 binary32 across two registers.</summary>
    F32,

    /// <summary>IEEE-754 binary64 across four registers.</summary>
    F64,
}

public static class RegisterDataTypeExtensions
{
    /// <summary>Number of 16-bit registers the type occupies (1 for a bit).</summary>
    public static int RegisterCount(this RegisterDataType type) => type switch
    {
        RegisterDataType.Bit or RegisterDataType.U16 or RegisterDataType.I16 => 1,
        RegisterDataType.U32 or RegisterDataType.I32 or RegisterDataType.F32 => 2,
        RegisterDataType.U64 or RegisterDataType.I64 or RegisterDataType.F64 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Width of the raw integer in bits, for counter rollover (0 for floats and bits).</summary>
    public static int IntegerBits(this RegisterDataType type) => type switch
    {
        RegisterDataType.U16 or RegisterDataType.I16 => 16,
        RegisterDataType.U32 or RegisterDataType.I32 => 32,
        RegisterDataType.U64 or RegisterDataType.I64 => 64,
        _ => 0,
    };

    public static bool IsFloat(this RegisterDataType type) => type is RegisterDataType.F32 or RegisterDataType.F64;

    public static string ToProfileName(this RegisterDataType type) => type switch
    {
        RegisterDataType.Bit => "bit",
        RegisterDataType.U16 => "u16",
        RegisterDataType.I16 => "i16",
        RegisterDataType.U32 => "u32",
        RegisterDataType.I32 => "i32",
        RegisterDataType.U64 => "u64",
        RegisterDataType.I64 => "i64",
        RegisterDataType.F32 => "f32",
        RegisterDataType.F64 => "f64",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParseProfileName(string text, out RegisterDataType type)
    {
        foreach (var candidate in Enum.GetValues<RegisterDataType>())
        {
            if (candidate.ToProfileName() == text)
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
