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

    /// <summary>Unsigned packed BCD, 4 decimal digits in one register (0000–9999).</summary>
    Bcd16,

    /// <summary>Unsigned packed BCD, 8 decimal digits in two registers.</summary>
    Bcd32,

    /// <summary>
    /// Unsigned packed BCD, 12 decimal digits in three registers: the totalizers of many Chinese gas flow
    /// totalizers and volume correctors (e.g. 00 00 12 43 11 16 with four decimals = 1243.1116).
    /// </summary>
    Bcd48,
}

public static class RegisterDataTypeExtensions
{
    /// <summary>Number of 16-bit registers the type occupies (1 for a bit).</summary>
    public static int RegisterCount(this RegisterDataType type) => type switch
    {
        RegisterDataType.Bit or RegisterDataType.U16 or RegisterDataType.I16 => 1,
        RegisterDataType.U32 or RegisterDataType.I32 or RegisterDataType.F32 => 2,
        RegisterDataType.U64 or RegisterDataType.I64 or RegisterDataType.F64 => 4,
        RegisterDataType.Bcd16 => 1,
        RegisterDataType.Bcd32 => 2,
        RegisterDataType.Bcd48 => 3,
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

    /// <summary>True for the packed-BCD types.</summary>
    public static bool IsBcd(this RegisterDataType type) => type is RegisterDataType.Bcd16 or RegisterDataType.Bcd32 or RegisterDataType.Bcd48;

    /// <summary>True for the two's-complement signed integer types.</summary>
    public static bool IsSigned(this RegisterDataType type) => type is RegisterDataType.I16 or RegisterDataType.I32 or RegisterDataType.I64;

    /// <summary>Decimal digits of a BCD type (4 per register), 0 for the others.</summary>
    public static int BcdDigits(this RegisterDataType type) => type.IsBcd() ? 4 * type.RegisterCount() : 0;

    /// <summary>
    /// The number of raw counts after which a cumulative register of this type wraps back to where it started:
    /// 2^bits for binary integers (for signed types the bit pattern wraps the same way, from the largest positive
    /// value to the most negative), 10^digits for BCD, and 0 for floats and bits, which do not wrap at a width.
    /// Exact as a double (powers of two and of ten up to 2^64 and 10^12).
    /// </summary>
    public static double WrapModulus(this RegisterDataType type) => type switch
    {
        RegisterDataType.U16 or RegisterDataType.I16 => 65_536d,
        RegisterDataType.U32 or RegisterDataType.I32 => 4_294_967_296d,
        RegisterDataType.U64 or RegisterDataType.I64 => 18_446_744_073_709_551_616d,
        RegisterDataType.Bcd16 => 1e4,
        RegisterDataType.Bcd32 => 1e8,
        RegisterDataType.Bcd48 => 1e12,
        _ => 0,
    };

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
        RegisterDataType.Bcd16 => "bcd16",
        RegisterDataType.Bcd32 => "bcd32",
        RegisterDataType.Bcd48 => "bcd48",
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
