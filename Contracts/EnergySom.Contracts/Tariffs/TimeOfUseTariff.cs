using NodaTime;

namespace EnergySom.Contracts.Tariffs;

/// <summary>A span of the local day in one band, <c>[From, To)</c>; a <c>To</c> of midnight means the end of the day.</summary>
public sealed record TouWindow(LocalTime From, LocalTime To, TouBand Band)
{
    public bool Contains(LocalTime time) =>
        time >= From && (To == LocalTime.Midnight || time < To);
}

/// <summary>
/// An electricity time-of-use tariff version: which band each part of the local day is in, and the price of
/// each band (yuan/kWh). Dated and sourced, so a statement can name exactly what it priced with.
/// </summary>
public sealed record TimeOfUseTariff(
    string Id,
    string Version,
    LocalDate EffectiveFrom,
    string Source,
    IReadOnlyList<TouWindow> Windows,
    IReadOnlyDictionary<TouBand, decimal> Prices)
{
    /// <summary>The band at a local time of day. Every minute of the day must be covered by exactly one window.</summary>
    public TouBand BandAt(LocalTime time)
    {
        foreach (var window in Windows)
        {
            if (window.Contains(time))
            {
                return window.Band;
            }
        }

        throw new InvalidOperationException($"tariff {Id} {Version} has no band at {time:HH:mm}");
    }

    public decimal PriceOf(TouBand band) =>
        Prices.TryGetValue(band, out var price) ? price : throw new InvalidOperationException($"tariff {Id} {Version} has no price for {band.Code()}");

    /// <summary>Checks that the windows tile the day and every band used has a price.</summary>
    public void Validate()
    {
        for (var minute = 0; minute < 24 * 60; minute++)
        {
            var time = LocalTime.FromMinutesSinceMidnight(minute);
            var matches = Windows.Count(w => w.Contains(time));
            if (matches != 1)
            {
                throw new InvalidOperationException($"tariff {Id} {Version}: {time:HH:mm} is covered by {matches} windows (need exactly 1)");
            }
        }

        foreach (var band in Windows.Select(w => w.Band).Distinct())
        {
            _ = PriceOf(band);
        }
    }
}

/// <summary>
/// A natural-gas price per cubic metre at a stated volume basis. Chinese gas trade (GB 17820) prices at
/// 101.325 kPa and 20 °C; meters and emission factors often use normal conditions (0 °C).
/// </summary>
public sealed record GasTariff(string Id, string Version, LocalDate EffectiveFrom, string Source, decimal PricePerCubicMetre, GasVolumeBasis Basis);

/// <summary>Reference conditions of a gas volume.</summary>
public enum GasVolumeBasis
{
    /// <summary>Normal conditions: 0 °C, 101.325 kPa (Nm³).</summary>
    Normal,

    /// <summary>Standard conditions of Chinese gas trade: 20 °C, 101.325 kPa.</summary>
    Standard20C,
}

public static class GasVolume
{
    /// <summary>
    /// Converts a volume between bases at equal pressure by the ideal-gas law: V ∝ T (K).
    /// 1 m³ at 20 °C = 273.15/293.15 = 0.93178 Nm³ (reference/standards.md §2.3).
    /// </summary>
    public static double Convert(double volume, GasVolumeBasis from, GasVolumeBasis to)
    {
        static double Kelvin(GasVolumeBasis basis) => basis == GasVolumeBasis.Normal ? 273.15 : 293.15;
        return volume * Kelvin(to) / Kelvin(from);
    }
}
