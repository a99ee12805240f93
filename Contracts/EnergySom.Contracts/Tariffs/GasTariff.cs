using NodaTime;

namespace EnergySom.Contracts.Tariffs;

/// <summary>
/// One version of a natural-gas tariff: a price per cubic metre at a stated volume basis. Chinese gas trade
/// (GB 17820) prices at 101.325 kPa and 20 °C; meters and emission factors often use normal conditions (0 °C),
/// so settlement converts explicitly (<see cref="GasVolume"/>) and prints the conversion.
/// </summary>
public sealed record GasTariff(string Id, string Version, LocalDate EffectiveFrom, string Source, decimal PricePerCubicMetre, GasVolumeBasis Basis) : ITariffVersion
{
    /// <summary>Where the tariff comes from and whether its price is published or illustrative.</summary>
    public TariffProvenance Provenance { get; init; } = TariffProvenance.Unspecified(Source);

    public bool PricesIncludeVat { get; init; } = true;
}
