namespace EnergySom.Contracts.Terms;

/// <summary>The M&amp;V plan's frame: the IPMVP option and the baseline (基期) and reporting (统计报告期) periods.</summary>
public sealed record MeasurementAndVerification(MvOption Option, LocalDateRange BaselinePeriod, LocalDateRange ReportingPeriod);
