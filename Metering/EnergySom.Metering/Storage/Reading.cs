using NodaTime;

namespace EnergySom.Metering.Storage;

/// <summary>One value of one series at one instant (UTC), with its quality flags.</summary>
public readonly record struct Reading(SeriesKey Series, Instant Time, double Value, QualityFlags Flags = QualityFlags.None);
