using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;

namespace EnergySom.Firmware.Tests.Profiles.Golden;

/// <summary>Eastron SDM630: input registers, IEEE-754 float32 high word first (reference/standards.md §4.1).</summary>
public class Sdm630GoldenTests
{
    private static readonly DeviceProfile Profile = ProfileLibrary.LoadBundled().Get("eastron-sdm630");

    // One read of 30001..30080 as the meter returns it (same values as the pymodbus peer's static unit 1).
    private static GoldenBlock Block() => new GoldenBlock(RegisterKind.Input, 0x0000, 0x50)
        .Put(0x00, 0x4366, 0x199A)  // V L1  230.1 V
        .Put(0x02, 0x4367, 0x6666)  // V L2  231.4 V
        .Put(0x04, 0x4365, 0x999A)  // V L3  229.6 V
        .Put(0x06, 0x4148, 0x0000)  // I L1  12.5 A
        .Put(0x34, 0x4601, 0x42E1)  // total system power 8272.72 W
        .Put(0x3E, 0x3F6B, 0x851F)  // total PF 0.92
        .Put(0x46, 0x4248, 0x0000)  // frequency 50 Hz
        .Put(0x48, 0x4640, 0xE6B6); // import active energy 12345.678 kWh

    [Fact]
    public void DatasheetBlock_DecodesToCanonicalUnits()
    {
        var block = Block();
        GoldenBlock.AssertClose(230.1, block.Decode(Profile, "voltage_l1"));
        GoldenBlock.AssertClose(231.4, block.Decode(Profile, "voltage_l2"));
        GoldenBlock.AssertClose(229.6, block.Decode(Profile, "voltage_l3"));
        GoldenBlock.AssertClose(12.5, block.Decode(Profile, "current_l1"));
        GoldenBlock.AssertClose(8.27272, block.Decode(Profile, "active_power")); // W → kW
        GoldenBlock.AssertClose(0.92, block.Decode(Profile, "power_factor"));
        GoldenBlock.AssertClose(50.0, block.Decode(Profile, "frequency"));
        GoldenBlock.AssertClose(12_345.678, block.Decode(Profile, "active_energy_import"));
        Assert.Equal(0, block.Decode(Profile, "current_l2")); // not set in the block: reads 0
    }

    [Fact]
    public void VirtualMeter_ServesTheDatasheetWords()
    {
        Block().AssertVirtualMeterServes(
            Profile,
            new Dictionary<string, double> { ["voltage_l1"] = 230.1, ["voltage_l2"] = 231.4, ["voltage_l3"] = 229.6, ["current_l1"] = 12.5, ["active_power"] = 8.27272, ["power_factor"] = 0.92, ["frequency"] = 50, ["active_energy_import"] = 12_345.678 },
            "voltage_l1", "voltage_l2", "voltage_l3", "current_l1", "active_power", "power_factor", "frequency", "active_energy_import");
    }
}
