using EnergySom.Contracts.Tariffs;

namespace EnergySom.Contracts.Terms;

/// <summary>An energy carrier in the contract's scope: its meters, tariff, valuation and baseline.</summary>
/// <param name="Meters">Meter ids whose readings the savings of this carrier are determined from.</param>
/// <param name="TariffId">Id of the tariff (all its dated versions) that prices this carrier.</param>
/// <param name="VolumeBasis">For gas: the reference conditions of the metered and baseline volumes.</param>
/// <param name="DemandSavings">For electricity on a two-part tariff: settle demand- or capacity-charge savings.</param>
public sealed record CarrierScope(
    EnergyCarrier Carrier,
    IReadOnlyList<string> Meters,
    string TariffId,
    GasVolumeBasis? VolumeBasis,
    bool DemandSavings,
    SavingsValuation Valuation,
    BaselineModelSpec BaselineModel,
    BaselineResultReference BaselineResult)
{
    /// <summary>Unit of the quantities the baseline delivers for this carrier.</summary>
    public string MeteredUnit => Carrier == EnergyCarrier.Electricity ? "kWh" : GasVolume.UnitOf(VolumeBasis ?? GasVolumeBasis.Normal);
}
