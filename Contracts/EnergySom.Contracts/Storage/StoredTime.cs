using NodaTime;

namespace EnergySom.Contracts.Storage;

/// <summary>Entry timestamps as stored: Unix ticks (100 ns) UTC in a 64-bit integer column.</summary>
internal static class StoredTime
{
    private static readonly long MinTicks = Instant.MinValue.ToUnixTimeTicks();
    private static readonly long MaxTicks = Instant.MaxValue.ToUnixTimeTicks();

    /// <summary>
    /// The instant of stored ticks. A value outside NodaTime's range (only a damaged or edited row holds one)
    /// is clamped rather than thrown on, so the row can still be read and verification can report it.
    /// </summary>
    public static Instant FromTicks(long ticks) => Instant.FromUnixTimeTicks(Math.Clamp(ticks, MinTicks, MaxTicks));
}
