using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;
using EnergySom.Firmware.VirtualMeter;
using NodaTime;

namespace EnergySom.Firmware.Tests.VirtualMeter;

public class VirtualMeterUnitTests
{
    private sealed class FixedValues(Dictionary<string, double> values) : IPointValueSource
    {
        public double? ValueOf(RegisterPoint point, Instant now) => values.TryGetValue(point.Name, out var v) ? v : null;
    }

    [Fact]
    public void ReadImage_PutsEachValueWhereTheDatasheetDoes()
    {
        var profile = ProfileLibrary.LoadBundled().Get("eastron-sdm630");
        var unit = new VirtualMeterUnit(1, profile, new FixedValues(new() { ["voltage_l1"] = 230.1, ["active_power"] = 8.27272 }));
        var registers = new byte[0x36 * 2];

        var code = unit.ReadImage(RegisterKind.Input, 0, 0x36, Instant.FromUnixTimeSeconds(0), registers);

        Assert.Equal(0, code);
        Assert.Equal(new byte[] { 0x43, 0x66, 0x19, 0x9A }, registers[..4]);
        Assert.Equal(8272.72f, (float)RegisterCodec.Decode(registers.AsSpan(0x34 * 2), RegisterDataType.F32, WordOrder.ABCD), 2); // kW served as W
        Assert.All(registers[(0x12 * 2)..(0x1E * 2)], b => Assert.Equal(0, b)); // gap reads zero
    }

    [Fact]
    public void ReadImage_BeyondTheMap_IsIllegalDataAddress()
    {
        var profile = ProfileLibrary.LoadBundled().Get("eastron-sdm630");
        var unit = new VirtualMeterUnit(1, profile, new FixedValues([]));
        var registers = new byte[250];

        Assert.Equal(0x02, unit.ReadImage(RegisterKind.Input, 0x56, 10, Instant.MinValue, registers));
        Assert.Equal(0x02, unit.ReadImage(RegisterKind.Holding, 0, 1, Instant.MinValue, registers));
    }
}
