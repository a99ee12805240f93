using Microsoft.Extensions.Logging;

namespace EnergySom.Metering.Collection;

/// <summary>Log lines of the collector; every one names gateway, unit and register where there is one.</summary>
internal static partial class CollectorLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "gateway {Gateway} unit {Unit} (meter {Meter}) register {Register}: {Error}")]
    public static partial void ReadFailed(ILogger logger, string gateway, byte unit, string meter, int register, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "gateway {Gateway} unit {Unit} (meter {Meter}) register {Register}: reads again")]
    public static partial void ReadRecovered(ILogger logger, string gateway, byte unit, string meter, int register);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gateway {Gateway} unit {Unit} (meter {Meter}) register {Register}: meter faulted: {Error}; retrying in {RetryMs:0} ms, the other meters keep their schedule")]
    public static partial void MeterFaulted(ILogger logger, string gateway, byte unit, string meter, int register, string error, double retryMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "gateway {Gateway} unit {Unit} (meter {Meter}) register {Register}: still faulted after {Attempts} attempts: {Error}; retrying in {RetryMs:0} ms")]
    public static partial void MeterStillFaulted(ILogger logger, string gateway, byte unit, string meter, int register, int attempts, string error, double retryMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "gateway {Gateway} unit {Unit} (meter {Meter}): answers again after {Attempts} failed attempts")]
    public static partial void MeterRecovered(ILogger logger, string gateway, byte unit, string meter, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gateway {Gateway}: a poll cycle took {CycleMs:0} ms, longer than the {IntervalMs:0} ms interval; skipped {Skipped} slot(s)")]
    public static partial void CycleOverrun(ILogger logger, string gateway, double cycleMs, double intervalMs, long skipped);

    [LoggerMessage(Level = LogLevel.Error, Message = "gateway {Gateway}: the reading sink refused {Count} readings, kept for the next cycle: {Error}")]
    public static partial void SinkFailed(ILogger logger, string gateway, int count, string error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "gateway {Gateway}: a poll cycle failed unexpectedly; polling goes on")]
    public static partial void CycleFailed(ILogger logger, string gateway, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "gateway {Gateway}: dropped {Count} readings: the sink has refused them for too long (bound {Bound})")]
    public static partial void ReadingsDropped(ILogger logger, string gateway, int count, int bound);
}
