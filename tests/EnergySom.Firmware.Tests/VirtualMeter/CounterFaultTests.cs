using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;
using EnergySom.Firmware.Simulation;
using EnergySom.Firmware.VirtualMeter;
using NodaTime;

namespace EnergySom.Firmware.Tests.VirtualMeter;

/// <summary>Counter faults change what the registers show, exactly as a real meter's registers would.</summary>
public class CounterFaultTests
{
    private const string CounterMeter = """
        schema: energysom.profile/1
        id: counter-meter
        manufacturer: Test
        model: counters of every width
        source: { datasheet: "test", firmware: "1", confidence: V }
        defaults: { kind: holding, order: ABCD }
        points:
          - { name: energy_u32, address: 0, type: u32, quantity: active_energy_import_total, unit: Wh }
          - { name: energy_i64, address: 2, type: i64, quantity: reactive_energy_import_total, unit: varh }
          - { name: energy_f32, address: 6, type: f32, quantity: active_energy_export_total, unit: kWh }
          - { name: serial, address: 8, type: u32, quantity: serial_number, unit: "1" }
          - { name: energy_u16, address: 10, type: u16, scale: 0.1, quantity: gas_volume_std_total, unit: Nm3 }
        """;

    private static readonly Instant T0 = Instant.FromUtc(2025, 5, 1, 0, 0);

    private sealed class Ramp : IPointValueSource
    {
        // Every counter grows at 1 unit (kWh, kvarh, Nm³) per second from 100.
        public double? ValueOf(RegisterPoint point, Instant now) =>
            point.Quantity.Kind == Quantities.QuantityKind.Counter ? 100 + (now - T0).TotalSeconds : null;
    }

    private static (VirtualMeterUnit Unit, DeviceProfile Profile) Meter()
    {
        var profile = ProfileLoader.Parse(CounterMeter, "counter-meter.yaml");
        return (new VirtualMeterUnit(5, profile, new Ramp()), profile);
    }

    private static byte[] Read(VirtualMeterUnit unit, Instant now)
    {
        var image = new byte[11 * 2];
        Assert.Equal(0, unit.ReadImage(RegisterKind.Holding, 0, 11, now, image));
        return image;
    }

    private static long Raw(byte[] image, RegisterPoint point) =>
        RegisterCodec.DecodeInt64(image.AsSpan(point.Address * 2, point.Length * 2), point.Type, point.Order);

    [Fact]
    public void Rollover_U32WattHours_WrapsAtTwoToThe32()
    {
        var (unit, profile) = Meter();
        var point = profile.Point("energy_u32");
        unit.Faults.RollOverCounters(5); // 5 kWh before the wrap

        Assert.Equal(4_294_967_296L - 5_000, Raw(Read(unit, T0), point));
        Assert.Equal(4_294_967_296L - 1_000, Raw(Read(unit, T0.Plus(Duration.FromSeconds(4))), point));
        Assert.Equal(1_000, Raw(Read(unit, T0.Plus(Duration.FromSeconds(6))), point)); // wrapped, and counts on
        Assert.Equal(2_000, Raw(Read(unit, T0.Plus(Duration.FromSeconds(7))), point));
    }

    [Fact]
    public void Rollover_SignedI64_GoesFromTheLargestPositiveToTheMostNegative()
    {
        var (unit, profile) = Meter();
        var point = profile.Point("energy_i64");
        unit.Faults.RollOverCounters(2); // 2 kvarh = 2000 varh

        Assert.Equal(long.MaxValue - 1_999, Raw(Read(unit, T0), point));
        Assert.Equal(long.MinValue + 1_000, Raw(Read(unit, T0.Plus(Duration.FromSeconds(3))), point));
    }

    [Fact]
    public void Rollover_U16InTenths_WrapsAt65536Counts()
    {
        var (unit, profile) = Meter();
        var point = profile.Point("energy_u16");
        unit.Faults.RollOverCounters(1); // 1 Nm³ = 10 counts

        Assert.Equal(65_536 - 10, Raw(Read(unit, T0), point));
        Assert.Equal(10, Raw(Read(unit, T0.Plus(Duration.FromSeconds(2))), point));
    }

    [Fact]
    public void Rollover_LeavesFloatCountersAlone()
    {
        var (unit, profile) = Meter();
        var point = profile.Point("energy_f32");
        unit.Faults.RollOverCounters(5);

        Assert.Equal(110, point.Decode(Read(unit, T0.Plus(Duration.FromSeconds(10))).AsSpan(point.Address * 2, 4)));
    }

    [Fact]
    public void Reset_ClearsEveryCounter_WhichThenKeepsCounting()
    {
        var (unit, profile) = Meter();
        Read(unit, T0);
        unit.Faults.ResetCounters();
        Assert.True(unit.Faults.CounterFaultPending);

        var atReset = Read(unit, T0.Plus(Duration.FromSeconds(50)));
        Assert.False(unit.Faults.CounterFaultPending);
        Assert.Equal(0, Raw(atReset, profile.Point("energy_u32")));
        Assert.Equal(0f, (float)RegisterCodec.Decode(atReset.AsSpan(12, 4), RegisterDataType.F32, WordOrder.ABCD));

        var later = Read(unit, T0.Plus(Duration.FromSeconds(53)));
        Assert.Equal(3_000, Raw(later, profile.Point("energy_u32")));
        Assert.Equal(3f, (float)RegisterCodec.Decode(later.AsSpan(12, 4), RegisterDataType.F32, WordOrder.ABCD));
    }

    [Fact]
    public void Replacement_StartsNearZero_WithANewSerialNumber()
    {
        var (unit, profile) = Meter();
        var serial = profile.Point("serial");
        Assert.Equal(20_240_005, Raw(Read(unit, T0), serial));

        unit.Faults.ReplaceMeter(startValue: 0.25, serialNumber: 31_000_123);
        var image = Read(unit, T0.Plus(Duration.FromSeconds(1_000)));

        Assert.Equal(31_000_123, Raw(image, serial));
        Assert.Equal(250, Raw(image, profile.Point("energy_u32")));
        Assert.Equal(31_000_123, unit.SerialNumber);

        unit.Faults.ReplaceMeter();
        Read(unit, T0.Plus(Duration.FromSeconds(1_001)));
        Assert.Equal(31_000_124, unit.SerialNumber); // no serial given: the next one
    }

    [Fact]
    public void Reset_AfterRollover_ClearsTheWrapOffsetToo()
    {
        var (unit, profile) = Meter();
        unit.Faults.RollOverCounters(5);
        Read(unit, T0);
        unit.Faults.ResetCounters();

        Assert.Equal(0, Raw(Read(unit, T0.Plus(Duration.FromSeconds(1))), profile.Point("energy_u32")));
    }

    [Fact]
    public void Replacement_OfATimeOfUseMeter_RestartsTheBandRegistersAtZero()
    {
        var profile = ProfileLibrary.LoadBundled().Get("acrel-adl400");
        var values = new LoadModelValues(_ => 3_600, T0, 10_000); // 1 kWh per second
        var unit = new VirtualMeterUnit(1, profile, values);
        unit.Faults.ReplaceMeter(startValue: 2);

        var now = T0.Plus(Duration.FromSeconds(30));
        Assert.Equal(2, unit.CanonicalValue(profile.Point("active_energy_import"), Read0x84C(unit, now, out _)), 9);
        Assert.Equal(0, unit.CanonicalValue(profile.Point("active_energy_import_peak"), now), 9);

        var later = now.Plus(Duration.FromSeconds(10));
        Assert.Equal(12, unit.CanonicalValue(profile.Point("active_energy_import"), later), 6);
    }

    [Fact]
    public void NegativeOrNotFiniteFaultValues_AreRefused()
    {
        var faults = new VirtualMeterFaults();
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.ResetCounters(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.RollOverCounters(double.NaN));
        Assert.False(faults.CounterFaultPending);
    }

    private static Instant Read0x84C(VirtualMeterUnit unit, Instant now, out byte[] image)
    {
        image = new byte[12 * 2];
        Assert.Equal(0, unit.ReadImage(RegisterKind.Holding, 0x084C, 12, now, image));
        return now;
    }
}
