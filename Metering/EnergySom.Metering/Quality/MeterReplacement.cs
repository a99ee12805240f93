using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>
/// A documented swap of a meter: when it happened and, when the technician wrote them down, the last register
/// value of the old meter and the first of the new one (canonical units, e.g. kWh).
/// </summary>
/// <param name="At">When the old meter stopped counting (anywhere between the last reading of the old meter and
/// the first of the new one).</param>
/// <param name="OldFinal">Register of the old meter when removed; null when unknown.</param>
/// <param name="NewInitial">Register of the new meter when installed; null when unknown.</param>
/// <param name="Note">Who and why, for the audit trail.</param>
public sealed record MeterReplacement(Instant At, double? OldFinal = null, double? NewInitial = null, string? Note = null);
