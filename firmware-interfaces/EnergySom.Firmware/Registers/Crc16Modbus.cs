namespace EnergySom.Firmware.Registers;

/// <summary>
/// CRC-16/MODBUS: the error check of every Modbus RTU frame (the collector's client and the virtual meter share it).
/// </summary>
/// <remarks>
/// Polynomial 0x8005 reflected (0xA001), initial value 0xFFFF, no final XOR; the check value of the ASCII
/// string "123456789" is 0x4B37. The CRC is sent low byte first, the only little-endian field of Modbus.
/// Source: MODBUS over Serial Line Specification and Implementation Guide V1.02, §2.5.1.2 and appendix B;
/// catalogue entry CRC-16/MODBUS in Greg Cook's "Catalogue of parametrised CRC algorithms".
/// </remarks>
public static class Crc16Modbus
{
    private static readonly ushort[] Table = BuildTable();

    /// <summary>The CRC of <paramref name="data"/>.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        var table = Table;
        ushort crc = 0xFFFF;
        foreach (var b in data)
        {
            crc = (ushort)((crc >> 8) ^ table[(crc ^ b) & 0xFF]);
        }

        return crc;
    }

    /// <summary>Appends the CRC of <paramref name="frame"/>[..<paramref name="length"/>] after it, low byte first.</summary>
    /// <returns>The length of the frame with its CRC.</returns>
    public static int Append(Span<byte> frame, int length)
    {
        var crc = Compute(frame[..length]);
        frame[length] = (byte)(crc & 0xFF);
        frame[length + 1] = (byte)(crc >> 8);
        return length + 2;
    }

    /// <summary>True when the last two bytes of <paramref name="frame"/> are the CRC of the bytes before them.</summary>
    public static bool Check(ReadOnlySpan<byte> frame) =>
        frame.Length >= 2 && Compute(frame[..^2]) == (ushort)(frame[^2] | (frame[^1] << 8));

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ushort)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
            }

            table[i] = crc;
        }

        return table;
    }
}
