using NodaTime;

namespace EnergySom.Testing;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(Instant now) : IClock
{
    private long _ticks = now.ToUnixTimeTicks();

    public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(Interlocked.Read(ref _ticks));

    public void Advance(Duration duration) => Interlocked.Add(ref _ticks, duration.BclCompatibleTicks);

    public void Set(Instant instant) => Interlocked.Exchange(ref _ticks, instant.ToUnixTimeTicks());
}
