using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;

namespace EnergySom.Firmware.Tests.Profiles.Golden;

/// <summary>
/// Schneider PowerLogic PM5000: holding registers numbered one-based (register 3060 is address 3059), float32
/// ABCD, INT64 Wh energies, four-quadrant float power factor (reference/standards.md §4.2).
/// </summary>
public class Pm5000GoldenTests
{
    private static readonly DeviceProfile Profile = ProfileLibrary.LoadBundled().Get("schneider-pm5000");

    // Registers 3000..3111 (addresses 2999..3110) as one read of 112 registers.
    private static GoldenBlock Measurements() => new GoldenBlock(RegisterKind.Holding, 2999, 112)
        .Put(2999, 0x4148, 0x0000)  // register 3000 current A 12.5 A
        .Put(3027, 0x4366, 0x199A)  // register 3028 voltage A-N 230.1 V
        .Put(3059, 0x4104, 0x5D10)  // register 3060 active power total 8.27272 kW
        .Put(3077, 0x3F73, 0x3333)  // register 3078 PF A: 0.95 (quadrant 1: PF = register)
        .Put(3079, 0x3F99, 0x999A)  // register 3080 PF B: 1.2 (quadrant 4: PF = 2 − 1.2 = 0.8)
        .Put(3081, 0xBFA6, 0x6666)  // register 3082 PF C: −1.3 (quadrant 2: PF = −2 − (−1.3) = −0.7)
        .Put(3083, 0xBF19, 0x999A)  // register 3084 PF total: −0.6 (quadrant 3: PF = register)
        .Put(3109, 0x4247, 0xF5C3); // register 3110 frequency 49.99 Hz

    // Registers 3204..3227: energy delivered 12,345,678,901 Wh; received "not available".
    private static GoldenBlock Energies() => new GoldenBlock(RegisterKind.Holding, 3203, 24)
        .Put(3203, 0x0000, 0x0002, 0xDFDC, 0x1C35)  // register 3204 INT64 Wh
        .Put(3207, 0x8000, 0x0000, 0x0000, 0x0000)  // register 3208: 0x8000000000000000 = not available
        .Put(3219, 0x0000, 0x0000, 0x0012, 0xD687); // register 3220 reactive delivered 1,234,567 varh

    [Fact]
    public void OneBasedRegisterNumbers_AreAddressMinusOne()
    {
        Assert.Equal(RegisterNumbering.OneBased, Profile.Numbering);
        Assert.Equal(3059, Profile.Point("active_power").Address);
        Assert.Equal(3203, Profile.Point("active_energy_import").Address);
        Assert.Equal(3204, Profile.DatasheetRegister(Profile.Point("active_energy_import")));
        Assert.Equal(129, Profile.Point("serial_number").Address);
    }

    [Fact]
    public void Measurements_DecodeToCanonicalUnits_WithTheFourQuadrantPowerFactor()
    {
        var block = Measurements();
        GoldenBlock.AssertClose(12.5, block.Decode(Profile, "current_l1"));
        GoldenBlock.AssertClose(230.1, block.Decode(Profile, "voltage_l1"));
        GoldenBlock.AssertClose(8.27272, block.Decode(Profile, "active_power"));
        GoldenBlock.AssertClose(0.95, block.Decode(Profile, "power_factor_l1"));
        GoldenBlock.AssertClose(0.8, block.Decode(Profile, "power_factor_l2"));
        GoldenBlock.AssertClose(-0.7, block.Decode(Profile, "power_factor_l3"));
        GoldenBlock.AssertClose(-0.6, block.Decode(Profile, "power_factor"));
        GoldenBlock.AssertClose(49.99, block.Decode(Profile, "frequency"));
    }

    [Fact]
    public void Int64WattHours_DecodeExactlyToKilowattHours_AndTheSentinelIsInvalid()
    {
        var block = Energies();
        Assert.Equal(12_345_678.901, block.Decode(Profile, "active_energy_import"), 6);
        Assert.True(double.IsNaN(block.Decode(Profile, "active_energy_export")));
        Assert.Equal(1_234.567, block.Decode(Profile, "reactive_energy_import"), 9);
    }

    [Fact]
    public void SerialNumber_IsAnUnsigned32BitRegister()
    {
        var block = new GoldenBlock(RegisterKind.Holding, 129, 2).Put(129, 0x0134, 0xD6E5); // 20,240,101
        Assert.Equal(20_240_101, block.Decode(Profile, "serial_number"));
    }

    [Fact]
    public void VirtualMeter_ServesTheDatasheetWords()
    {
        Measurements().AssertVirtualMeterServes(
            Profile,
            new Dictionary<string, double> { ["current_l1"] = 12.5, ["voltage_l1"] = 230.1, ["active_power"] = 8.27272, ["power_factor_l1"] = 0.95, ["power_factor"] = -0.6, ["frequency"] = 49.99 },
            "current_l1", "voltage_l1", "active_power", "power_factor_l1", "power_factor", "frequency");
        Energies().AssertVirtualMeterServes(
            Profile,
            new Dictionary<string, double> { ["active_energy_import"] = 12_345_678.901, ["reactive_energy_import"] = 1_234.567 },
            "active_energy_import", "reactive_energy_import");
    }
}
