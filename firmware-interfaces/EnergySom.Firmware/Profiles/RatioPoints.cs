namespace EnergySom.Firmware.Profiles;

/// <summary>
/// The points of a profile that hold the meter's configured CT and PT ratios, so a collector can read them and
/// multiply secondary-side values (<see cref="TransformerSide.Secondary"/>) to primary.
/// </summary>
/// <param name="Ct">Name of the point holding the CT ratio, or null.</param>
/// <param name="Pt">Name of the point holding the PT ratio, or null.</param>
/// <param name="Notes">What the datasheet says about where ratios apply.</param>
public sealed record RatioPoints(string? Ct, string? Pt, string? Notes = null);
