using EnergySom.Reporting.Carbon;

namespace EnergySom.Reporting.Tests.Carbon;

public class CarbonAccountTests
{
    [Fact]
    public void NaturalGasFactor_FollowsFromNcvCarbonContentAndOxidation()
    {
        // 389.31 GJ/10⁴ Nm³ × 15.3 tC/TJ × 0.99 × 44/12 = 2.16218 kg CO₂/Nm³ (GB/T 32151 defaults).
        Assert.Equal(2.1622, EmissionFactorCatalog.NaturalGasKgCo2PerNm3, 4);
    }

    [Fact]
    public void GridFactor_IsTheNewestPublishedForTheYear()
    {
        Assert.Equal(0.5306, EmissionFactorCatalog.GridFactorFor(2025).KgCo2PerUnit);
        Assert.Equal(2023, EmissionFactorCatalog.GridFactorFor(2025).DataYear);
        Assert.Equal(0.5366, EmissionFactorCatalog.GridFactorFor(2022).KgCo2PerUnit);
        Assert.Throws<InvalidOperationException>(() => EmissionFactorCatalog.GridFactorFor(2019));
    }

    [Fact]
    public void Compute_HandComputedScopes()
    {
        var grid = EmissionFactorCatalog.GridFactorFor(2025);
        var gas = EmissionFactorCatalog.NaturalGas;

        var account = CarbonAccount.Compute(
            electricityBaselineKwh: 1_200_000, electricityActualKwh: 1_000_000, gasBaselineNm3: 60_000, gasActualNm3: 50_000, grid, gas);

        // Scope 2: 1,000,000 kWh × 0.5306 kg/kWh = 530.6 t; Scope 1: 50,000 Nm³ × 2.16218 kg = 108.109 t.
        Assert.Equal(530.6, account.Actual.Single(l => l.Scope == 2).TonnesCo2, 6);
        Assert.Equal(108.109, account.Actual.Single(l => l.Scope == 1).TonnesCo2, 2);
        // Avoided: 200,000 kWh → 106.12 t; 10,000 Nm³ → 21.62 t.
        Assert.Equal(106.12, account.Avoided.Single(l => l.Scope == 2).TonnesCo2, 6);
        Assert.Equal(21.6218, account.Avoided.Single(l => l.Scope == 1).TonnesCo2, 3);
        Assert.Equal(account.BaselineTonnes - account.ActualTonnes, account.AvoidedTonnes, 9);
    }

    [Fact]
    public void Tce_UsesGbt2589Coefficients()
    {
        Assert.Equal(122.9, EnergyConversion.ElectricityTce(1_000_000), 9);
        Assert.Equal(1.2143, EnergyConversion.NaturalGasTce(1000), 9);
    }
}
