using System.Text;
using EnergySom.Contracts.Definition;
using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using EnergySom.Contracts.Tests.Fixtures;
using EnergySom.Testing;

namespace EnergySom.Contracts.Tests.Definition;

public class ContractLoaderTests
{
    private static readonly TariffLibrary SampleTariffs = TariffLoader.LoadDirectory(TestData.Path("samples", "tariffs"));

    public static TheoryData<string> Samples() =>
        [.. Directory.EnumerateFiles(TestData.Path("samples", "contracts"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Load_SampleContract_IsValidAgainstTheSampleTariffs(string name)
    {
        var contract = ContractLoader.Load(TestData.Path("samples", "contracts", name), SampleTariffs);

        Assert.StartsWith("EPC-2025-", contract.Id, StringComparison.Ordinal);
        Assert.NotEmpty(SettlementCalendar.Periods(contract));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Canonical_IsAValidContractFile_WithTheSameBytes(string name)
    {
        var contract = ContractLoader.Load(TestData.Path("samples", "contracts", name));
        var canonical = ContractJson.Canonical(contract);

        var again = ContractLoader.Parse(Encoding.UTF8.GetString(canonical), "canonical.json");

        Assert.Equal(canonical, ContractJson.Canonical(again));
        Assert.Equal(ContractJson.Digest(contract), ContractJson.Digest(again));
    }

    [Fact]
    public void Load_SampleSharedSavings_ReadsEveryPart()
    {
        var c = ContractLoader.Load(TestData.Path("samples", "contracts", "shared-savings.yaml"));

        Assert.Equal((ContractType.SharedSavings, "huadong-es", "dg-precision"), (c.Type, c.Parties.Esco.Id, c.Parties.Host.Id));
        Assert.Equal("Asia/Shanghai", c.Zone.Id);
        Assert.Equal(new VatTerms(0.06m, true), c.Vat);
        Assert.Equal([EnergyCarrier.Electricity, EnergyCarrier.NaturalGas], c.Carriers.Select(x => x.Carrier));
        Assert.True(c.Carriers[0].DemandSavings);
        Assert.Equal(GasVolumeBasis.Normal, c.Carriers[1].VolumeBasis);
        Assert.Equal(("bl-dg-electricity", "3"), (c.Carriers[0].BaselineResult.Id, c.Carriers[0].BaselineResult.Version));
        Assert.Equal(MvOption.C, c.MeasurementAndVerification.Option);
        Assert.Equal((5, SettlementFrequency.Monthly), (c.Term.Years, c.Frequency));
        Assert.Equal([0.8m, 0.7m, 0.5m, 0.5m, 0.5m], Assert.IsType<SharedSavingsClause>(Assert.Single(c.Clauses)).EscoShareByYear);
        Assert.Equal(6000000m, c.Limits.EscoCapTotal);
        Assert.Equal(new SettlementPolicies(BandSplitPolicy.ProRataMinutes, MissingIntervalPolicy.Estimate, DailyAllocationPolicy.ProRataMetered, RoundingPolicy.Fen), c.Policies);
    }

    [Fact]
    public void Parse_JsonForm_SameContractAsYaml()
    {
        var yaml = TestData.Minimal();
        var json = """
            {"schema":"energysom.contract/1","id":"EPC-TEST-001","title":"Test contract","type":"shared_savings",
             "parties":{"esco":{"id":"esco-1","name":"ESCO One","credit_code":"91310000000000001A"},"host":{"id":"host-1","name":"Host Factory"}},
             "site":{"id":"site-1","name":"Site One"},"vat":{"rate":"6%"},
             "carriers":[
               {"carrier":"electricity","meters":["m-1","m-2"],"tariff":"test-tou","baseline":{"method":"caltrack-daily","drivers":["temperature"],
                "result":{"id":"bl-e","version":"1","sha256":"1fa39e6924eb2711b8fb3cfb1e4c2b11bb2b1d1b40cce73b2ee1e3f0a70f4d55"}}},
               {"carrier":"natural_gas","meters":["g-1"],"tariff":"test-gas","volume_basis":"normal_0c","baseline":{"method":"caltrack-daily","drivers":["temperature"],
                "result":{"id":"bl-g","version":"1","sha256":"4fc96a66161a9a06b3e3b8a27b1e63e1c5d1b2d0f6c9c9c1e5f0b2a3c4d5e6f7"}}}],
             "measures":[{"id":"ECM-1","name":"Compressor drives","carriers":["electricity"]}],
             "mv":{"option":"C","baseline_period":{"from":"2024-01-01","to":"2025-01-01"},"reporting_period":{"from":"2025-01-01","to":"2028-01-01"}},
             "term":{"start":"2025-01-01","years":3},"settlement":{"frequency":"monthly"},
             "policies":{"band_split":"pro_rata_minutes","missing_intervals":"exclude","daily_allocation":"pro_rata_metered","rounding":{"step":0.01,"mode":"half_away_from_zero"}},
             "payment_terms":{"shared_savings":{"esco_share_by_year":["80%",0.70,0.5]}}}
            """;

        var parsed = ContractLoader.Parse(json, "contract.json");

        Assert.Equal(ContractJson.Digest(yaml), ContractJson.Digest(parsed));
    }

    [Fact]
    public void Parse_SeveralMistakes_ReportsThemAllInLineOrder()
    {
        var text = TestData.Edit(TestData.MinimalText,
            ("currency: CNY", "currency: EUR"),
            ("option: C", "option: E"),
            ("esco_share_by_year: [0.8, 0.7, 0.5]", "esco_share_by_year: [0.8, seventy, 0.5]"));

        var error = Assert.Throws<DefinitionException>(() => ContractLoader.Parse(text, "three.yaml"));

        Assert.Equal(["currency", "mv.option", "payment_terms.shared_savings.esco_share_by_year[1]"], error.Errors.Select(e => e.Field));
        Assert.Equal(error.Errors.Select(e => e.Line).Order(), error.Errors.Select(e => e.Line));
        Assert.EndsWith("(and 2 more errors)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithTariffs_RefusesAnUnknownTariffAndDemandSavingsWithoutADemandCharge()
    {
        var text = TestData.Edit(TestData.MinimalText,
            ("tariff: test-tou", "tariff: gd-large-industry-tou"),
            ("tariff: test-gas", "tariff: city-gas"));
        var noDemand = new TariffLibrary([TestTariffs.Tou with { Id = "gd-large-industry-tou" }], [TestTariffs.Gas]);

        var error = Assert.Throws<DefinitionException>(() => ContractLoader.Parse(text, "t.yaml", SampleTariffs));
        var demand = Assert.Throws<DefinitionException>(() => ContractLoader.Parse(
            TestData.Edit(text, ("    tariff: gd-large-industry-tou\n", "    tariff: gd-large-industry-tou\n    demand_savings: true\n"), ("tariff: city-gas", "tariff: test-gas")), "d.yaml", noDemand));

        var unknown = Assert.Single(error.Errors);
        Assert.Equal("carriers[1].tariff", unknown.Field);
        Assert.Contains("no gas tariff city-gas", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("carriers[0].demand_savings", Assert.Single(demand.Errors).Field);
    }

    [Fact]
    public void Load_MissingFile_NamesTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("absent.yaml");

        var error = Assert.Throws<DefinitionException>(() => ContractLoader.Load(path));

        Assert.Equal((path, "(file)"), (error.Errors[0].File, error.Errors[0].Field));
    }

    [Fact]
    public void Parse_DuplicateKey_IsASyntaxError()
    {
        var error = Assert.Throws<DefinitionException>(() => ContractLoader.Parse(TestData.Edit(TestData.MinimalText, ("title: Test contract", "title: Test contract\ntitle: Again")), "dup.yaml"));

        Assert.Equal("(syntax)", error.Errors[0].Field);
        Assert.Contains("Duplicate key", error.Errors[0].Message, StringComparison.OrdinalIgnoreCase);
    }
}
