using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;

namespace EnergySom.Firmware.Tests.Profiles;

public class ProfileLoaderTests
{
    private const string Valid = """
        schema: energysom.profile/1
        id: test-meter
        manufacturer: Test
        model: T1
        source:
          datasheet: "Test datasheet, table 1"
          firmware: "1.0"
          confidence: V
        defaults:
          kind: input
          type: f32
          order: ABCD
        points:
          - { name: voltage_l1, register: 30001, quantity: voltage, unit: V }
          - { name: active_power, address: 0x34, quantity: active_power, unit: W }
          - { name: energy, kind: holding, address: 0, type: u32, quantity: active_energy_import_total, unit: Wh }
        """;

    [Fact]
    public void BundledSdm630_LoadsWithDatasheetAddresses()
    {
        var profile = ProfileLibrary.LoadBundled().Get("eastron-sdm630");

        var power = profile.Point("active_power");
        Assert.Equal(RegisterKind.Input, power.Kind);
        Assert.Equal(0x34, power.Address);
        Assert.Equal(30053, power.RegisterNumber);
        Assert.Equal(RegisterDataType.F32, power.Type);
        Assert.Same(Quantity.ActivePower, power.Quantity);
        Assert.Equal(0.001, power.ToCanonical(1), 12); // W → kW

        var energy = profile.Point("active_energy_import");
        Assert.Equal(0x48, energy.Address);
        Assert.Equal(PollClass.Slow, energy.Poll);
        Assert.False(string.IsNullOrWhiteSpace(profile.Source.Datasheet));
    }

    [Fact]
    public void Valid_ParsesDefaultsRegisterNumbersAndUnits()
    {
        var profile = ProfileLoader.Parse(Valid, "test.yaml");

        Assert.Equal(0, profile.Point("voltage_l1").Address);
        Assert.Equal(RegisterKind.Holding, profile.Point("energy").Kind);
        Assert.Equal(RegisterDataType.U32, profile.Point("energy").Type);
        Assert.Equal(12_345.678, profile.Point("energy").ToCanonical(12_345_678), 9); // Wh → kWh
    }

    [Theory]
    [InlineData("type: u32", "type: u33", 16, "points[2].type", "unknown data type 'u33'")]
    [InlineData("type: f32", "type: f16", 11, "defaults.type", "unknown data type 'f16'")]
    [InlineData("order: ABCD", "order: ACBD", 12, "defaults.order", "unknown byte/word order 'ACBD'")]
    [InlineData("address: 0x34", "address: 0x01", 15, "points[1].address", "overlaps 'voltage_l1'")]
    [InlineData(", unit: W }", " }", 15, "points[1].unit", "is required")]
    [InlineData("register: 30001", "register: 30001, address: 1", 14, "points[0].register", "off by one")]
    [InlineData("quantity: voltage", "quantity: volts", 14, "points[0].quantity", "unknown quantity 'volts'")]
    [InlineData("unit: V }", "unit: kWh }", 14, "points[0].unit", "measures active_energy")]
    [InlineData("kind: holding, address: 0, type: u32", "kind: coil, address: 0, type: u32", 16, "points[2].type", "does not fit register kind")]
    [InlineData("confidence: V", "confidence: maybe", 8, "source.confidence", "expected V, S or R")]
    public void Mistake_IsRefusedWithFileLineAndField(string find, string replace, int line, string field, string problem)
    {
        var yaml = Valid.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Valid, yaml);

        var error = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(yaml, "bad.yaml"));

        Assert.Equal("bad.yaml", error.File);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);

        Assert.StartsWith($"bad.yaml:{error.Line}: {field}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKey_IsRefused()
    {
        var yaml = Valid.Replace("model: T1", "model: T1\nmodle: typo", StringComparison.Ordinal);
        var error = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(yaml, "bad.yaml"));
        Assert.Equal("modle", error.Field);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void YamlSyntaxError_NamesTheLine()
    {
        var error = Assert.Throws<ProfileException>(() => ProfileLoader.Parse("schema: [unclosed\nid: x\n", "broken.yaml"));
        Assert.Equal("(syntax)", error.Field);
        Assert.True(error.Line >= 1);
    }
}
