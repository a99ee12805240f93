namespace EnergySom.Firmware.Registers;

/// <summary>
/// Unsigned packed binary-coded decimal: two decimal digits per byte, most significant digit first, as
/// Chinese flow totalizers, volume correctors and DL/T 645 meters keep their totals.
/// </summary>
public static class PackedBcd
{
    /// <summary>Reads big-endian packed BCD; false when a nibble is not a decimal digit (A–F).</summary>
    public static bool TryRead(ReadOnlySpan<byte> bigEndian, out long value)
    {
        value = 0;
        foreach (var b in bigEndian)
        {
            var high = b >> 4;
            var low = b & 0x0F;
            if (high > 9 || low > 9)
            {
                value = 0;
                return false;
            }

            value = (value * 100) + (high * 10) + low;
        }

        return true;
    }

    /// <summary>
    /// Writes <paramref name="value"/> as big-endian packed BCD filling <paramref name="bigEndian"/>. The value is
    /// reduced modulo 10^digits first, as a BCD totalizer rolls over from all nines to zero.
    /// </summary>
    public static void Write(long value, Span<byte> bigEndian)
    {
        var digits = bigEndian.Length * 2;
        var modulus = 1L;
        for (var i = 0; i < digits && modulus <= long.MaxValue / 10; i++)
        {
            modulus *= 10;
        }

        var rest = ((value % modulus) + modulus) % modulus;
        for (var i = bigEndian.Length - 1; i >= 0; i--)
        {
            var low = (int)(rest % 10);
            rest /= 10;
            var high = (int)(rest % 10);
            rest /= 10;
            bigEndian[i] = (byte)((high << 4) | low);
        }
    }
}
