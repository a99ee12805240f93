using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;

namespace EnergySom.Firmware.Tests.Profiles.Golden;

/// <summary>
/// Acrel ADL400: float32 measurements at 0x0800 and UINT32 energy registers in 0.1 kWh with the meter's own
/// 尖峰平谷 band split (reference/standards.md §4.3).
/// </summary>
public class Adl400GoldenTests
{
    private static readonly DeviceProfile Profile = ProfileLibrary.LoadBundled().Get("acrel-adl400");

    // 0x0800..0x0835: the measurement block.
    private static GoldenBlock Measurements() => new GoldenBlock(RegisterKind.Holding, 0x0800, 0x36)
        .Put(0x0800, 0x4366, 0x8000)  // Ua 230.5 V
        .Put(0x080C, 0x4144, 0xCCCD)  // Ia 12.3 A
        .Put(0x081A, 0x4104, 0x5D10)  // P total 8.27272 kW
        .Put(0x0832, 0x3F6B, 0x851F)  // PF 0.92
        .Put(0x0834, 0x4247, 0xF5C3); // 49.99 Hz

    // 0x084C..0x0857: forward total and its four bands, reverse total; raw counts of 0.1 kWh.
    private static GoldenBlock Energies() => new GoldenBlock(RegisterKind.Holding, 0x084C, 12)
        .Put(0x084C, 0x075B, 0xCD15)  // total    123,456,789 → 12,345,678.9 kWh
        .Put(0x084E, 0x000F, 0x4240)  // 尖         1,000,000 →    100,000.0 kWh
        .Put(0x0850, 0x01C9, 0xC380)  // 峰        30,000,000 →  3,000,000.0 kWh
        .Put(0x0852, 0x02FA, 0xF080)  // 平        50,000,000 →  5,000,000.0 kWh
        .Put(0x0854, 0x0287, 0xD6D5)  // 谷        42,456,789 →  4,245,678.9 kWh
        .Put(0x0856, 0x0000, 0x0457); // reverse      1,111 →        111.1 kWh

    [Fact]
    public void Measurements_DecodeToCanonicalUnits()
    {
        var block = Measurements();
        GoldenBlock.AssertClose(230.5, block.Decode(Profile, "voltage_l1"));
        GoldenBlock.AssertClose(12.3, block.Decode(Profile, "current_l1"));
        GoldenBlock.AssertClose(8.27272, block.Decode(Profile, "active_power"));
        GoldenBlock.AssertClose(0.92, block.Decode(Profile, "power_factor"));
        GoldenBlock.AssertClose(49.99, block.Decode(Profile, "frequency"));
    }

    [Fact]
    public void EnergyRegisters_AreTenthsOfKilowattHours_AndTheBandsSumToTheTotal()
    {
        var block = Energies();
        var total = block.Decode(Profile, "active_energy_import");
        Assert.Equal(12_345_678.9, total, 6);
        Assert.Equal(100_000.0, block.Decode(Profile, "active_energy_import_critical_peak"), 6);
        Assert.Equal(3_000_000.0, block.Decode(Profile, "active_energy_import_peak"), 6);
        Assert.Equal(5_000_000.0, block.Decode(Profile, "active_energy_import_flat"), 6);
        Assert.Equal(4_245_678.9, block.Decode(Profile, "active_energy_import_valley"), 6);
        Assert.Equal(111.1, block.Decode(Profile, "active_energy_export"), 9);

        var bands = new[] { "critical_peak", "peak", "flat", "valley" }.Sum(b => block.Decode(Profile, "active_energy_import_" + b));
        Assert.Equal(total, bands, 6);
    }

    [Fact]
    public void RatioRegisters_AreNamedByTheProfile()
    {
        var block = new GoldenBlock(RegisterKind.Holding, 0x008D, 2).Put(0x008D, 100, 40); // 10 kV/100 V, 200 A/5 A
        Assert.Equal("ct_ratio", Profile.Ratios!.Ct);
        Assert.Equal(100, block.Decode(Profile, Profile.Ratios.Pt!));
        Assert.Equal(40, block.Decode(Profile, Profile.Ratios.Ct!));
        Assert.Equal(9600, Profile.Link.Baud);
        Assert.Equal("even", Profile.Link.Parity);
    }

    [Fact]
    public void VirtualMeter_ServesTheDatasheetWords()
    {
        Measurements().AssertVirtualMeterServes(
            Profile,
            new Dictionary<string, double> { ["voltage_l1"] = 230.5, ["current_l1"] = 12.3, ["active_power"] = 8.27272, ["power_factor"] = 0.92, ["frequency"] = 49.99 },
            "voltage_l1", "current_l1", "active_power", "power_factor", "frequency");
        Energies().AssertVirtualMeterServes(
            Profile,
            new Dictionary<string, double>
            {
                ["active_energy_import"] = 12_345_678.9, ["active_energy_import_critical_peak"] = 100_000, ["active_energy_import_peak"] = 3_000_000,
                ["active_energy_import_flat"] = 5_000_000, ["active_energy_import_valley"] = 4_245_678.9, ["active_energy_export"] = 111.1,
            },
            "active_energy_import", "active_energy_import_critical_peak", "active_energy_import_peak", "active_energy_import_flat", "active_energy_import_valley", "active_energy_export");
    }
}
