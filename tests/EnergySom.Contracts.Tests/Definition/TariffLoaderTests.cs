using EnergySom.Contracts.Definition;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Tests.Fixtures;
using EnergySom.Testing;
using NodaTime;

namespace EnergySom.Contracts.Tests.Definition;

public class TariffLoaderTests
{
    private static string Sample => File.ReadAllText(TestData.Path("samples", "tariffs", "gd-large-industry-tou-2025-01.yaml"));

    [Fact]
    public void Load_GuangdongSample_HasThe331Structure()
    {
        var tariff = Assert.IsType<TimeOfUseTariff>(TariffLoader.Load(TestData.Path("samples", "tariffs", "gd-large-industry-tou-2025-01.yaml")));

        Assert.Equal(("gd-large-industry-tou", "2025-01", new LocalDate(2025, 1, 1)), (tariff.Id, tariff.Version, tariff.EffectiveFrom));
        Assert.Equal(("S", PriceStatus.Illustrative), (tariff.Provenance.Confidence, tariff.Provenance.Prices));
        Assert.Contains("粤发改价格〔2021〕331号", tariff.Provenance.Document, StringComparison.Ordinal);
        // Ratios 1.7 : 1 : 0.38 and critical peak = peak + 25 %.
        Assert.Equal(1.7m, tariff.PriceOf(TouBand.Peak) / tariff.PriceOf(TouBand.Flat));
        Assert.Equal(0.38m, tariff.PriceOf(TouBand.Valley) / tariff.PriceOf(TouBand.Flat));
        Assert.Equal(1.25m, tariff.PriceOf(TouBand.CriticalPeak) / tariff.PriceOf(TouBand.Peak));
        Assert.Equal(TouBand.Peak, tariff.BandAt(new LocalDate(2025, 3, 3), new LocalTime(11, 30)));
        Assert.Equal(TouBand.CriticalPeak, tariff.BandAt(new LocalDate(2025, 8, 4), new LocalTime(11, 30)));
        Assert.Equal(TouBand.CriticalPeak, tariff.BandAt(new LocalDate(2025, 8, 4), new LocalTime(16, 45)));
        Assert.Equal(TouBand.Valley, tariff.BandAt(new LocalDate(2025, 8, 4), new LocalTime(7, 59)));
        Assert.Equal(TouBand.Flat, tariff.BandAt(new LocalDate(2025, 8, 4), new LocalTime(23, 0)));
        Assert.Equal(new DemandCharge(DemandChargeBasis.MaximumDemand, 32.00m), tariff.DemandCharge);
        tariff.Validate();
    }

    [Fact]
    public void Canonical_IsAValidTariffFile_WithTheSameBytes()
    {
        foreach (var file in Directory.EnumerateFiles(TestData.Path("samples", "tariffs")).Concat(Directory.EnumerateFiles(TestData.Path("tariffs"))))
        {
            var tariff = TariffLoader.Load(file);
            var canonical = TariffJson.Canonical(tariff);
            Assert.Equal(canonical, TariffJson.Canonical(TariffLoader.Parse(System.Text.Encoding.UTF8.GetString(canonical), "canonical.json")));
        }
    }

    [Theory]
    [InlineData("  - { from: \"12:00\", to: \"14:00\", band: flat }\n", "", "day", "12:00 is in no window")]
    [InlineData("  - { from: \"19:00\", to: \"24:00\", band: flat }", "  - { from: \"18:00\", to: \"24:00\", band: flat }", "day", "18:00 is in more than one window")]
    [InlineData("  valley: 0.2470           # flat × 0.38\n", "", "day", "band valley is used but has no price")]
    [InlineData("months: [7, 8, 9]", "months: [7, 8, 13]", "seasons[0].months[2]", "must be between 1 and 12")]
    [InlineData("version: \"2025-01\"", "version: \"2025 01\"", "version", "is not an identifier")]
    [InlineData("  confidence: S", "  confidence: high", "source.confidence", "not a confidence tag")]
    [InlineData("  basis: maximum_demand", "  basis: peak_demand", "demand_charge.basis", "maximum_demand, transformer_capacity")]
    [InlineData("  - { from: \"14:00\", to: \"19:00\", band: peak }", "  - { from: \"14:00\", to: \"13:00\", band: peak }", "day[4].to", "must be after from")]
    [InlineData("kind: electricity_tou", "kind: electricity_tou\nprice: 3.8", "price", "unknown field 'price'")]
    public void Parse_InvalidTariff_NamesTheField(string old, string replacement, string field, string message)
    {
        var error = Assert.Throws<DefinitionException>(() => TariffLoader.Parse(TestData.Edit(Sample, (old, replacement)), "tariff.yaml"));

        Assert.Contains(error.Errors, e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal) && e.Line > 0);
    }

    [Fact]
    public void LoadDirectory_TwoFilesWithTheSameVersion_IsRefused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.yaml"), Sample);
        File.WriteAllText(dir.File("b.yaml"), Sample);

        var error = Assert.Throws<DefinitionException>(() => TariffLoader.LoadDirectory(dir.Path));

        Assert.Contains("version 2025-01 is also given by", error.Errors.Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeline_VersionInForce_ChangesOnItsEffectiveDate()
    {
        var timeline = SettlementFixture.Tariffs.Electricity("test-tou");

        Assert.Equal("v1", timeline.InForceOn(new LocalDate(2025, 3, 15)).Version);
        Assert.Equal("v2", timeline.InForceOn(new LocalDate(2025, 3, 16)).Version);
        Assert.Throws<TariffNotInForceException>(() => timeline.InForceOn(new LocalDate(2024, 12, 31)));
        var segments = timeline.Over(new Terms.LocalDateRange(new LocalDate(2025, 3, 1), new LocalDate(2025, 4, 1)));
        Assert.Equal([15, 16], segments.Select(s => s.Dates.Days));
    }

    [Fact]
    public void Gas_ConvertsBetweenBasesExplicitly()
    {
        var gas = Assert.IsType<GasTariff>(TariffLoader.Load(TestData.Path("samples", "tariffs", "industrial-gas-2025-01.yaml")));

        Assert.Equal((3.80m, GasVolumeBasis.Standard20C), (gas.PricePerCubicMetre, gas.Basis));
        Assert.Equal(293.15 / 273.15, GasVolume.Factor(GasVolumeBasis.Normal, GasVolumeBasis.Standard20C), 12);
        Assert.Equal(1.0, GasVolume.Factor(GasVolumeBasis.Normal, GasVolumeBasis.Normal));
    }
}
