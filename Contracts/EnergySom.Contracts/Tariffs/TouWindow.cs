using NodaTime;

namespace EnergySom.Contracts.Tariffs;

/// <summary>A span of the local day in one band, <c>[From, To)</c>; a <c>To</c> of midnight means the end of the day.</summary>
public sealed record TouWindow(LocalTime From, LocalTime To, TouBand Band)
{
    public bool Contains(LocalTime time) =>
        time >= From && (To == LocalTime.Midnight || time < To);

    /// <summary>Start, minutes after midnight.</summary>
    public int FromMinute => (int)(From.TickOfDay / NodaConstants.TicksPerMinute);

    /// <summary>End, minutes after midnight (1440 for a window that runs to midnight).</summary>
    public int ToMinute => To == LocalTime.Midnight ? 24 * 60 : (int)(To.TickOfDay / NodaConstants.TicksPerMinute);
}
