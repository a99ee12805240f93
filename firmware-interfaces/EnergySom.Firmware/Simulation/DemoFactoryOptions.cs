using NodaTime;

namespace EnergySom.Firmware.Simulation;

/// <summary>Settings of the demo factory. The defaults give the factory the demo and the tests use.</summary>
public sealed record DemoFactoryOptions
{
    /// <summary>Seed of every random draw: same seed, same factory, on any machine.</summary>
    public ulong Seed { get; init; } = 20240101;

    /// <summary>Site time zone; the calendar (shifts, weekends, holidays) is local to it.</summary>
    public string TimeZone { get; init; } = "Asia/Shanghai";

    /// <summary>First day of the baseline year.</summary>
    public LocalDate Start { get; init; } = new(2024, 1, 1);

    /// <summary>Days in the baseline period; the efficiency measure starts the day after.</summary>
    public int BaselineDays { get; init; } = 366;

    /// <summary>Days in the reporting period.</summary>
    public int ReportingDays { get; init; } = 365;

    /// <summary>Growth of production output in the reporting year (0.05 = 5 % more).</summary>
    public double ReportingProductionGrowth { get; init; } = 0.05;

    public int TotalDays => BaselineDays + ReportingDays;

    public LocalDate ReportingStart => Start.PlusDays(BaselineDays);

    public LocalDate End => Start.PlusDays(TotalDays);
}
