namespace EnergySom.Firmware.VirtualMeter;

/// <summary>
/// CRC-16/MODBUS of an RTU frame: polynomial 0xA001 (reflected 0x8005), initial value 0xFFFF, sent low byte
/// first (Modbus over Serial Line v1.02, §6.2.2).
/// </summary>
public static class ModbusCrc
{
    private static readonly ushort[] Table = BuildTable();

    /// <summary>The CRC of <paramref name="frame"/>.</summary>
    public static ushort Compute(ReadOnlySpan<byte> frame)
    {
        ushort crc = 0xFFFF;
        foreach (var b in frame)
        {
            crc = (ushort)((crc >> 8) ^ Table[(crc ^ b) & 0xFF]);
        }

        return crc;
    }

    /// <summary>True when the last two bytes of <paramref name="frame"/> are the CRC of the bytes before them.</summary>
    public static bool Check(ReadOnlySpan<byte> frame) =>
        frame.Length >= 4 && Compute(frame[..^2]) == (ushort)(frame[^2] | (frame[^1] << 8));

    /// <summary>Writes the CRC of the first <paramref name="frameLength"/> bytes of <paramref name="buffer"/> into the two bytes after them, low byte first.</summary>
    public static void Append(Span<byte> buffer, int frameLength)
    {
        var crc = Compute(buffer[..frameLength]);
        buffer[frameLength] = (byte)(crc & 0xFF);
        buffer[frameLength + 1] = (byte)(crc >> 8);
    }

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
