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

    private const string Extended = """
        schema: energysom.profile/1
        id: test-ct-meter
        manufacturer: Test
        model: T2
        source:
          datasheet: "Test datasheet, table 2"
          firmware: "2.0"
          confidence: S
          url: "https://example.invalid/t2.pdf"
        numbering: one-based
        link:
          unit_id: 7
          baud: 19200
          parity: even
          stop_bits: 1
        ratios:
          ct: ct_ratio
          pt: pt_ratio
        defaults:
          kind: holding
          type: f32
          order: ABCD
        points:
          - { name: ct_ratio, register: 1, type: u16, quantity: ratio, unit: "1" }
          - { name: pt_ratio, register: 2, type: u16, quantity: ratio, unit: "1" }
          - { name: current_l1, register: 3000, quantity: current, unit: A, side: secondary }
          - { name: energy, register: 3204, type: i64, quantity: active_energy_import_total, unit: Wh, side: secondary, invalid: 0x8000000000000000 }
          - { name: pf, register: 3084, quantity: power_factor, unit: "1", decode: pf_4q }
          - { name: status, register: 100, type: i16, quantity: status, unit: "1", invalid: [0x8000, 32767], confidence: R, note: "sentinels recalled" }
          - { name: total_bcd, register: 200, type: bcd32, scale: 0.01, quantity: gas_volume_std_total, unit: Sm3 }
        """;

    [Fact]
    public void Extended_ReadsNumberingLinkRatiosSideSentinelsAndDecoding()
    {
        var profile = ProfileLoader.Parse(Extended, "t2.yaml");

        Assert.Equal(RegisterNumbering.OneBased, profile.Numbering);
        Assert.Equal(2999, profile.Point("current_l1").Address);
        Assert.Equal(0, profile.Point("ct_ratio").Address);
        Assert.Equal(new ProfileLink(7, 19200, "even", 1), profile.Link);
        Assert.Equal(new RatioPoints("ct_ratio", "pt_ratio"), profile.Ratios);
        Assert.Equal("https://example.invalid/t2.pdf", profile.Source.Url);

        var current = profile.Point("current_l1");
        Assert.Equal(TransformerSide.Secondary, current.Side);
        Assert.Equal(4.0 * 40, current.ToCanonical(4.0, new TransformerRatios(40, 1)));
        Assert.Equal(4.0, current.ToCanonical(4.0)); // ratios unknown: as read

        var energy = profile.Point("energy");
        Assert.Equal(1.5 * 40 * 100, energy.ToCanonical(1500, new TransformerRatios(40, 100)), 9); // Wh → kWh × CT × PT
        Assert.True(double.IsNaN(energy.ToCanonical(-9_223_372_036_854_775_808d)));

        Assert.Equal(0.8, profile.Point("pf").ToCanonical(1.2), 12);
        Assert.Equal(-0.7, profile.Point("pf").ToCanonical(-1.3), 12);

        var status = profile.Point("status");
        Assert.Equal([-32768d, 32767d], status.InvalidRaw);
        Assert.True(double.IsNaN(status.ToCanonical(32767)));
        Assert.Equal(5, status.ToCanonical(5));
        Assert.Equal("R", status.Confidence);
        Assert.Equal("sentinels recalled", status.Note);

        Assert.Equal(12_345.67 * 273.15 / 293.15, profile.Point("total_bcd").ToCanonical(1_234_567), 9);
    }

    [Theory]
    [InlineData("unit_id: 7", "unit_id: 0", 12, "link.unit_id", "1..247")]
    [InlineData("parity: even", "parity: mark", 14, "link.parity", "expected none, even or odd")]
    [InlineData("numbering: one-based", "numbering: zero-based", 10, "numbering", "unknown register numbering")]
    [InlineData("ct: ct_ratio", "ct: current_l1", 17, "ratios.ct", "measures current, not ratio")]
    [InlineData("pt: pt_ratio", "pt: nothing", 18, "ratios.pt", "no point named 'nothing'")]
    [InlineData("register: 3000, quantity: current", "register: 0, quantity: current", 26, "points[2].register", "one-based register number (from 1)")]
    [InlineData("unit: \"1\", decode: pf_4q", "unit: \"1\", decode: pf_8q", 28, "points[4].decode", "unknown decoding 'pf_8q'")]
    [InlineData("invalid: [0x8000, 32767]", "invalid: [0x8000, 40000]", 29, "points[5].invalid", "40000 is not a value a i16 register can hold")]
    [InlineData("invalid: 0x8000000000000000", "invalid: 0x1FFFFFFFFFFFFFFFF", 27, "points[3].invalid", "not a 64-bit pattern")]
    [InlineData("unit: A, side: secondary", "unit: A, side: tertiary", 26, "points[2].side", "unknown side 'tertiary'")]
    [InlineData("quantity: power_factor, unit: \"1\", decode", "quantity: power_factor, unit: \"1\", side: secondary, decode", 28, "points[4].side", "only currents, voltages, powers and energies")]
    [InlineData("type: bcd32", "type: bcd33", 30, "points[6].type", "unknown data type 'bcd33'")]
    [InlineData("confidence: R", "confidence: maybe", 29, "points[5].confidence", "expected V, S or R")]
    [InlineData("url: ", "uri: ", 9, "source.uri", "unknown key 'uri'")]
    public void ExtendedMistake_IsRefusedWithFileLineAndField(string find, string replace, int line, string field, string problem)
    {
        var yaml = Extended.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Extended, yaml);

        var error = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(yaml, "t2-bad.yaml"));

        Assert.Equal((field, line), (error.Field, error.Line));
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"t2-bad.yaml:{line}: {field}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodePf4q_OnAnIntegerPoint_IsRefused()
    {
        var yaml = Extended.Replace("{ name: pf, register: 3084, quantity", "{ name: pf, register: 3084, type: i16, quantity", StringComparison.Ordinal);
        var error = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(yaml, "x.yaml"));
        Assert.Equal("points[4].decode", error.Field);
        Assert.Contains("float power factor", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void SentinelOnAFloat_ThatIsNaN_IsRefused()
    {
        var yaml = Extended.Replace("decode: pf_4q }", "decode: pf_4q, invalid: 0xFFC00000 }", StringComparison.Ordinal);
        var error = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(yaml, "x.yaml"));
        Assert.Equal("points[4].invalid", error.Field);
        Assert.Contains("NaN", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateKey_IsRefused()
    {
        var yaml = Valid.Replace("model: T1", "model: T1\nmodel: T2", StringComparison.Ordinal);
        var error = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(yaml, "dup.yaml"));
        Assert.Equal("(syntax)", error.Field);
        Assert.InRange(error.Line, 4, 6);
    }

    [Fact]
    public void IdWithCapitals_IsRefused()
    {
        var error = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(Valid.Replace("id: test-meter", "id: Test_Meter", StringComparison.Ordinal), "x.yaml"));
        Assert.Equal(("id", 2), (error.Field, error.Line));
    }

    [Fact]
    public void SecondarySideAsDefault_AppliesOnlyWhereRatiosScale()
    {
        var yaml = Extended.Replace("  order: ABCD\npoints:", "  order: ABCD\n  side: secondary\npoints:", StringComparison.Ordinal);
        Assert.NotEqual(Extended, yaml);

        var profile = ProfileLoader.Parse(yaml, "x.yaml");

        Assert.Equal(TransformerSide.Secondary, profile.Point("current_l1").Side);
        Assert.Equal(TransformerSide.Primary, profile.Point("pf").Side);
        Assert.Equal(TransformerSide.Primary, profile.Point("ct_ratio").Side);
    }

    [Fact]
    public void MissingFile_NamesTheFile()
    {
        var error = Assert.Throws<ProfileException>(() => ProfileLoader.LoadFile("/nonexistent/meter.yaml"));
        Assert.Equal("/nonexistent/meter.yaml", error.File);
        Assert.Contains("cannot read", error.Problem, StringComparison.Ordinal);
    }
}
