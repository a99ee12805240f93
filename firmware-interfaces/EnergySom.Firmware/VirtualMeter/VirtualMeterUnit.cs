using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;
using NodaTime;

namespace EnergySom.Firmware.VirtualMeter;

/// <summary>
/// One meter behind a virtual gateway: a unit id, the profile whose register map it serves and the source of
/// its values. Builds the register image a read asks for, exactly where the datasheet puts each value, and
/// carries the meter's own state: its serial number, its CT/PT ratios and what counter faults did to its
/// cumulative registers.
/// </summary>
public sealed class VirtualMeterUnit
{
    private readonly Dictionary<RegisterKind, RegisterPoint[]> _pointsByKind;
    private readonly Dictionary<RegisterKind, int> _tableEnd;
    private readonly RegisterPoint[] _counters;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CounterOffset> _offsets = new(StringComparer.Ordinal);
    private long _serialNumber;

    /// <param name="unitId">Modbus unit id (slave address) the unit answers to.</param>
    /// <param name="profile">The register map served.</param>
    /// <param name="values">Primary-side values in canonical units.</param>
    /// <param name="ratios">CT/PT ratios the meter is set to: served in the profile's ratio points, and used to turn
    /// primary values into secondary-side registers. Direct connection (1, 1) when null.</param>
    /// <param name="serialNumber">Serial number served in <c>serial_number</c> points (default 20,240,000 + unit id).</param>
    public VirtualMeterUnit(byte unitId, DeviceProfile profile, IPointValueSource values, TransformerRatios? ratios = null, long? serialNumber = null)
    {
        UnitId = unitId;
        Profile = profile;
        Values = values;
        Ratios = ratios ?? TransformerRatios.None;
        _serialNumber = serialNumber ?? (20_240_000 + unitId);
        _pointsByKind = profile.Points.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Address).ToArray());
        _tableEnd = _pointsByKind.ToDictionary(kv => kv.Key, kv => kv.Value.Max(p => p.End));
        _counters = [.. profile.Points.Where(p => p.Quantity.Kind == QuantityKind.Counter)];
    }

    public byte UnitId { get; }

    public DeviceProfile Profile { get; }

    public IPointValueSource Values { get; }

    /// <summary>The CT/PT ratios the meter is configured with.</summary>
    public TransformerRatios Ratios { get; }

    /// <summary>The fault switches and counter faults of this unit.</summary>
    public VirtualMeterFaults Faults { get; } = new();

    /// <summary>The serial number the meter reports now (changes when the meter is replaced).</summary>
    public long SerialNumber
    {
        get
        {
            lock (_gate)
            {
                return _serialNumber;
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="registers"/> (2 bytes per register, or one byte per bit for bit tables) with the
    /// image of <paramref name="count"/> registers from <paramref name="start"/>. Addresses inside the map
    /// but between points read 0; a range that leaves the map is refused with exception 0x02 (illegal data
    /// address), as real meters do. Pending counter faults are applied first, at <paramref name="now"/>.
    /// </summary>
    /// <returns>0 on success, else the Modbus exception code.</returns>
    public byte ReadImage(RegisterKind kind, ushort start, ushort count, Instant now, Span<byte> registers)
    {
        ApplyPendingFaults(now);
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

            if (bitTable)
            {
                registers[point.Address - start] = CanonicalValue(point, now) != 0 ? (byte)1 : (byte)0;
                continue;
            }

            var bytes = scratch[..(point.Length * 2)];
            Encode(point, now, bytes);

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

    /// <summary>
    /// Builds every point's registers once at <paramref name="now"/> (pending faults stay pending), so that a value
    /// source that integrates (the load model) has caught up, and the encoding code is compiled, before the first
    /// request rather than during it.
    /// </summary>
    public void CatchUp(Instant now)
    {
        Span<byte> scratch = stackalloc byte[8];
        foreach (var point in Profile.Points.Where(p => !p.Kind.IsBit()))
        {
            Encode(point, now, scratch[..(point.Length * 2)]);
        }
    }

    /// <summary>
    /// The value a point shows now, in its canonical unit on the primary side, counter faults included (what a
    /// correct reader decodes, before any register wrap).
    /// </summary>
    public double CanonicalValue(RegisterPoint point, Instant now)
    {
        // Quantities are singletons: compare references, not record values, on this per-point path.
        var value = ReferenceEquals(point.Quantity, Quantity.SerialNumber) ? SerialNumber
            : point.Name == Profile.Ratios?.Ct ? Ratios.Ct
            : point.Name == Profile.Ratios?.Pt ? Ratios.Pt
            : Values.ValueOf(point, now) ?? 0;
        if (point.Quantity.Kind == QuantityKind.Counter)
        {
            lock (_gate)
            {
                if (_offsets.TryGetValue(point.Name, out var offset))
                {
                    value += offset.Canonical;
                }
            }
        }

        return value;
    }

    private void Encode(RegisterPoint point, Instant now, Span<byte> bytes)
    {
        var raw = point.FromCanonical(CanonicalValue(point, now), Ratios);
        if (point.Quantity.Kind == QuantityKind.Counter && !point.Type.IsFloat())
        {
            long rawOffset;
            lock (_gate)
            {
                rawOffset = _offsets.TryGetValue(point.Name, out var offset) ? offset.Raw : 0;
            }

            // The offset of a rolled-over counter lives in raw counts so that the wrap happens exactly at the width.
            RegisterCodec.EncodeInt64(unchecked(RawInteger(raw) + rawOffset), point.Type, point.Order, bytes);
            return;
        }

        RegisterCodec.Encode(point.Type.IsFloat() ? raw : RawInteger(raw), point.Type, point.Order, bytes);
    }

    private void ApplyPendingFaults(Instant now)
    {
        while (Faults.TryTakeCounterFault(out var fault))
        {
            // Read the true values outside the lock: the value source has its own.
            var truth = _counters.ToDictionary(p => p.Name, p => Values.ValueOf(p, now) ?? 0, StringComparer.Ordinal);
            lock (_gate)
            {
                switch (fault.Kind)
                {
                    case CounterFaultKind.Reset:
                    case CounterFaultKind.Replacement:
                        foreach (var point in _counters)
                        {
                            // Band registers of a time-of-use meter restart empty; the totals from the start value.
                            var start = IsTariffBand(point.Quantity) ? 0 : fault.Value;
                            _offsets[point.Name] = new CounterOffset(start - truth[point.Name], 0);
                        }

                        if (fault.Kind == CounterFaultKind.Replacement)
                        {
                            _serialNumber = fault.SerialNumber ?? _serialNumber + 1;
                        }

                        break;
                    case CounterFaultKind.Rollover:
                        foreach (var point in _counters.Where(p => !p.Type.IsFloat()))
                        {
                            var current = _offsets.GetValueOrDefault(point.Name) ?? new CounterOffset(0, 0);
                            var rawNow = RawInteger(point.FromCanonical(truth[point.Name] + current.Canonical, Ratios));
                            var margin = Math.Max(1, RawInteger(point.FromCanonical(fault.Value, Ratios) - point.FromCanonical(0, Ratios)));
                            var target = unchecked(WrapPoint(point.Type) - margin);
                            _offsets[point.Name] = current with { Raw = unchecked(target - rawNow) };
                        }

                        break;
                }
            }
        }
    }

    /// <summary>The raw value at which a register of this type wraps, as a 64-bit pattern (2^64 is 0).</summary>
    private static long WrapPoint(RegisterDataType type)
    {
        if (type.IsBcd())
        {
            return (long)type.WrapModulus();
        }

        var bits = type.IntegerBits();
        return type.IsSigned()
            ? unchecked(1L << (bits - 1))
            : bits == 64 ? 0 : 1L << bits;
    }

    private static long RawInteger(double raw)
    {
        if (double.IsNaN(raw))
        {
            return 0;
        }

        var rounded = Math.Round(raw, MidpointRounding.AwayFromZero);
        return rounded switch
        {
            >= 9.2233720368547758E18 => long.MaxValue,
            <= -9.2233720368547758E18 => long.MinValue,
            _ => (long)rounded,
        };
    }

    private static bool IsTariffBand(Quantity quantity) =>
        quantity == Quantity.ActiveEnergyImportCriticalPeakTotal || quantity == Quantity.ActiveEnergyImportPeakTotal
        || quantity == Quantity.ActiveEnergyImportFlatTotal || quantity == Quantity.ActiveEnergyImportValleyTotal;

    /// <summary>What faults did to one counter: an offset in canonical units (reset, replacement) and in raw counts (rollover).</summary>
    private sealed record CounterOffset(double Canonical, long Raw);
}
