using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;

namespace EnergySom.Firmware.Tests.Profiles.Golden;

/// <summary>
/// Natural-gas flow totalizer / volume corrector: the worked reply frame of the vendor's protocol sheet (read
/// 03 from 0x000A, 20 registers), as transcribed in a public PLC integration.
/// </summary>
public class FxGasFlowTotalizerGoldenTests
{
    private const double Sm3ToNm3 = 273.15 / 293.15; // 20 °C → 0 °C at 101.325 kPa

    private static readonly DeviceProfile Profile = ProfileLibrary.LoadBundled().Get("fx-gas-flow-totalizer");

    // The 40 data bytes of the example reply: XX 03 28 {…} CRC.
    private static GoldenBlock VendorExample() => new GoldenBlock(RegisterKind.Holding, 0x000A, 20)
        .Put(0x000A, 0x4B3C, 0x6156)          // 工况总量 float   12345686 m³
        .Put(0x000C, 0x449B, 0x6392)          // 标况总量 float   1243.1116
        .Put(0x000E, 0x0000, 0x0000)          // 预置瞬时值        0 (not mapped)
        .Put(0x0010, 0x4022, 0x0C4A)          // 标况瞬时         2.532
        .Put(0x0012, 0x0000, 0x1243, 0x1116)  // 标况总量 BCD     1243.1116
        .Put(0x0015, 0x4020, 0x0000)          // 工况瞬时         2.5 m³/h
        .Put(0x0017, 0x1228, 0x5686, 0x4222)  // 工况总量 BCD     12285686.4222 (the sheet's comment says 12345686)
        .Put(0x001A, 0x41AD, 0x3127)          // 温度             21.649 °C
        .Put(0x001C, 0x42CC, 0x6C8B);         // 压力             102.212 kPa

    [Fact]
    public void TheExampleFrame_IsTwentyRegistersFromTenHex()
    {
        Assert.Equal(0x000A, Profile.Points.Min(p => p.Address));
        Assert.Equal(0x000A + 20, Profile.Points.Max(p => p.End));
    }

    [Fact]
    public void VendorExample_DecodesToCanonicalUnits()
    {
        var block = VendorExample();
        Assert.Equal(12_345_686, block.Decode(Profile, "volume_line_float"));
        Assert.Equal(12_285_686.4222, block.Decode(Profile, "volume_line"), 6);
        Assert.Equal(1243.1116 * Sm3ToNm3, block.Decode(Profile, "volume_std"), 9); // Sm³ (20 °C) → Nm³
        GoldenBlock.AssertClose(1243.1116 * Sm3ToNm3, block.Decode(Profile, "volume_std_float"));
        GoldenBlock.AssertClose(2.532 * Sm3ToNm3, block.Decode(Profile, "flow_std"));
        Assert.Equal(2.5, block.Decode(Profile, "flow_line"));
        GoldenBlock.AssertClose(21.649, block.Decode(Profile, "temperature"));
        GoldenBlock.AssertClose(102.212, block.Decode(Profile, "pressure"));
    }

    [Fact]
    public void BcdTotal_IsExactWhereTheFloatCopyIsNot()
    {
        var block = VendorExample();
        var bcd = block.Decode(Profile, "volume_std") / Sm3ToNm3;
        var single = block.Decode(Profile, "volume_std_float") / Sm3ToNm3;
        Assert.Equal(1243.1116, bcd, 9);
        Assert.NotEqual(1243.1116, single, 9); // 1243.111572… in float32
    }

    [Fact]
    public void VirtualMeter_ServesTheDatasheetWords()
    {
        VendorExample().AssertVirtualMeterServes(
            Profile,
            new Dictionary<string, double>
            {
                ["volume_line_float"] = 12_345_686, ["volume_line"] = 12_285_686.4222, ["volume_std"] = 1243.1116 * Sm3ToNm3,
                ["volume_std_float"] = 1243.1116 * Sm3ToNm3, ["flow_line"] = 2.5,
            },
            "volume_line_float", "volume_line", "volume_std", "volume_std_float", "flow_line");
    }
}
