using EnergySom.Contracts.Tariffs;
using NodaTime;

namespace EnergySom.Service.Demo;

/// <summary>
/// The demo's tariffs. The time-of-use windows and the 1.7 : 1 : 0.38 peak/flat/valley ratio follow
/// Guangdong's industrial TOU rules (粤发改价格〔2021〕331号, reference/standards.md §2.3); the flat price and the
/// gas price are illustrative, not a published tariff.
/// </summary>
public static class DemoTariffs
{
    public static TimeOfUseTariff Electricity { get; } = new(
        "demo-industrial-tou",
        "2025-01",
        new LocalDate(2025, 1, 1),
        "Windows and ratios after 粤发改价格〔2021〕331号 (peak 10-12 h and 14-19 h, valley 0-8 h, flat otherwise; peak:flat:valley = 1.7:1:0.38); flat price 0.65 CNY/kWh illustrative",
        [
            new(new LocalTime(0, 0), new LocalTime(8, 0), TouBand.Valley),
            new(new LocalTime(8, 0), new LocalTime(10, 0), TouBand.Flat),
            new(new LocalTime(10, 0), new LocalTime(12, 0), TouBand.Peak),
            new(new LocalTime(12, 0), new LocalTime(14, 0), TouBand.Flat),
            new(new LocalTime(14, 0), new LocalTime(19, 0), TouBand.Peak),
            new(new LocalTime(19, 0), LocalTime.Midnight, TouBand.Flat),
        ],
        new Dictionary<TouBand, decimal>
        {
            [TouBand.Peak] = 1.1050m, // 0.65 × 1.7
            [TouBand.Flat] = 0.6500m,
            [TouBand.Valley] = 0.2470m, // 0.65 × 0.38
        });

    public static GasTariff Gas { get; } = new(
        "demo-industrial-gas",
        "2025-01",
        new LocalDate(2025, 1, 1),
        "Illustrative industrial natural-gas price, priced per m³ at 20 °C and 101.325 kPa (GB 17820 trade basis)",
        3.80m,
        GasVolumeBasis.Standard20C);
}
