using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;

namespace EnergySom.Firmware.Tests.Profiles.Golden;

/// <summary>
/// CHINT DTSU666: holding registers, float32 ABCD holding scaled values (V × 10, A × 1000, W × 10, PF × 1000,
/// Hz × 100) at 0x2000, energies in kWh at 0x101E.
/// </summary>
public class Dtsu666GoldenTests
{
    private static readonly DeviceProfile Profile = ProfileLibrary.LoadBundled().Get("chint-dtsu666");

    private static GoldenBlock Measurements() => new GoldenBlock(RegisterKind.Holding, 0x2000, 0x46)
        .Put(0x2006, 0x450F, 0xD000)  // Ua raw 2301.0 → 230.1 V
        .Put(0x200C, 0x4643, 0x5000)  // Ia raw 12500.0 → 12.5 A
        .Put(0x2012, 0x47A1, 0x939A)  // Pt raw 82727.2 → 8272.72 W → 8.27272 kW
        .Put(0x202A, 0x4466, 0x0000)  // PFt raw 920 → 0.92
        .Put(0x2044, 0x459C, 0x3800); // Freq raw 4999 → 49.99 Hz (the manual's example)

    private static GoldenBlock Energies() => new GoldenBlock(RegisterKind.Holding, 0x101E, 12)
        .Put(0x101E, 0x449A, 0x5000)  // ImpEp 1234.5 kWh
        .Put(0x1028, 0x4000, 0x0000); // ExpEp 2.0 kWh

    [Fact]
    public void Measurements_AreScaledFloats()
    {
        var block = Measurements();
        GoldenBlock.AssertClose(230.1, block.Decode(Profile, "voltage_l1"));
        GoldenBlock.AssertClose(12.5, block.Decode(Profile, "current_l1"));
        GoldenBlock.AssertClose(8.27272, block.Decode(Profile, "active_power"));
        GoldenBlock.AssertClose(0.92, block.Decode(Profile, "power_factor"));
        GoldenBlock.AssertClose(49.99, block.Decode(Profile, "frequency"));
    }

    [Fact]
    public void Energies_AreKilowattHourFloats()
    {
        var block = Energies();
        Assert.Equal(1234.5, block.Decode(Profile, "active_energy_import"));
        Assert.Equal(2.0, block.Decode(Profile, "active_energy_export"));
        Assert.Equal("R", Profile.Point("active_energy_import").Confidence);
    }

    [Fact]
    public void RatioRegisters_UrAtIsStoredTimesTen()
    {
        var block = new GoldenBlock(RegisterKind.Holding, 0x0006, 2).Put(0x0006, 1, 10); // IrAt 1, UrAt 10 = 1.0
        Assert.Equal(1, block.Decode(Profile, "ct_ratio"));
        Assert.Equal(1.0, block.Decode(Profile, "pt_ratio"), 12);
    }

    [Fact]
    public void VirtualMeter_ServesTheDatasheetWords()
    {
        Measurements().AssertVirtualMeterServes(
            Profile,
            new Dictionary<string, double> { ["voltage_l1"] = 230.1, ["current_l1"] = 12.5, ["active_power"] = 8.27272, ["power_factor"] = 0.92, ["frequency"] = 49.99 },
            "voltage_l1", "current_l1", "active_power", "power_factor", "frequency");
        Energies().AssertVirtualMeterServes(Profile, new Dictionary<string, double> { ["active_energy_import"] = 1234.5, ["active_energy_export"] = 2 }, "active_energy_import", "active_energy_export");
    }
}
