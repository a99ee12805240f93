using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;
using NodaTime;

namespace EnergySom.Firmware.VirtualMeter;

/// <summary>
/// One meter behind a virtual gateway: a unit id, the profile whose register map it serves and the source of
/// its values. Builds the register image a read asks for, exactly where the datasheet puts each value.
/// </summary>
public sealed class VirtualMeterUnit
{
    private readonly Dictionary<RegisterKind, RegisterPoint[]> _pointsByKind;
    private readonly Dictionary<RegisterKind, int> _tableEnd;

    public VirtualMeterUnit(byte unitId, DeviceProfile profile, IPointValueSource values)
    {
        UnitId = unitId;
        Profile = profile;
        Values = values;
        _pointsByKind = profile.Points.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Address).ToArray());
        _tableEnd = _pointsByKind.ToDictionary(kv => kv.Key, kv => kv.Value.Max(p => p.End));
    }

    public byte UnitId { get; }

    public DeviceProfile Profile { get; }

    public IPointValueSource Values { get; }

    /// <summary>
    /// Fills <paramref name="registers"/> (2 bytes per register, or one byte per bit for bit tables) with the
    /// image of <paramref name="count"/> registers from <paramref name="start"/>. Addresses inside the map
    /// but between points read 0; a range that leaves the map is refused with exception 0x02 (illegal data
    /// address), as real meters do.
    /// </summary>
    /// <returns>0 on success, else the Modbus exception code.</returns>
    public byte ReadImage(RegisterKind kind, ushort start, ushort count, Instant now, Span<byte> registers)
    {
        if (!_pointsByKind.TryGetValue(kind, out var points) || start + count > _tableEnd[kind])
        {
            return 0x02;
        }

        var bitTable = kind.IsBit();
        registers[..(bitTable ? count : count * 2)].Clear();
        Span<byte> scratch = stackalloc byte[8];
        foreach (var point in points)
        {
            if (point.End <= start || point.Address >= start + count)
            {
                continue;
            }

            var value = Values.ValueOf(point, now) ?? 0;
            if (bitTable)
            {
                registers[point.Address - start] = value != 0 ? (byte)1 : (byte)0;
                continue;
            }

            var bytes = scratch[..(point.Length * 2)];
            RegisterCodec.Encode(point.FromCanonical(value), point.Type, point.Order, bytes);

            // Copy only the registers of the point that fall inside the requested range.
            for (var r = 0; r < point.Length; r++)
            {
                var address = point.Address + r;
                if (address >= start && address < start + count)
                {
                    bytes.Slice(r * 2, 2).CopyTo(registers.Slice((address - start) * 2, 2));
                }
            }
        }

        return 0;
    }
}
