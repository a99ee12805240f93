using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Contracts.Tests;

internal static class TestTariffs
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static TimeOfUseTariff Tou { get; } = new(
        "test-tou",
        "v1",
        new LocalDate(2025, 1, 1),
        "test",
        [
            new(new LocalTime(0, 0), new LocalTime(8, 0), TouBand.Valley),
            new(new LocalTime(8, 0), new LocalTime(10, 0), TouBand.Flat),
            new(new LocalTime(10, 0), new LocalTime(12, 0), TouBand.Peak),
            new(new LocalTime(12, 0), LocalTime.Midnight, TouBand.Flat),
        ],
        new Dictionary<TouBand, decimal> { [TouBand.Peak] = 1.1050m, [TouBand.Flat] = 0.6500m, [TouBand.Valley] = 0.2470m });

    public static GasTariff Gas { get; } = new("test-gas", "v1", new LocalDate(2025, 1, 1), "test", 3.80m, GasVolumeBasis.Standard20C);

    public static SharedSavingsTerms Contract { get; } = new("C-1", "ESCO Ltd", "Factory Co", new LocalDate(2025, 1, 1), [0.70m, 0.70m, 0.50m]);

    public static Instant At(int day, int hour, int minute = 0) =>
        new LocalDateTime(2025, 3, day, hour, minute).InZoneStrictly(Shanghai).ToInstant();
}
