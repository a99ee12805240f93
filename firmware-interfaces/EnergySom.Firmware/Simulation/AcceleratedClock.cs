using NodaTime;

namespace EnergySom.Firmware.Simulation;

/// <summary>
/// A clock that runs <see cref="Speed"/> times faster than another from a common origin, so a simulated meter
/// accumulates an hour of energy in a second of real time at speed 3600.
/// </summary>
public sealed class AcceleratedClock : IClock
{
    private readonly IClock _inner;
    private readonly Instant _origin;

    /// <param name="inner">The real clock.</param>
    /// <param name="speed">How many simulated seconds pass per real second (≥ 1).</param>
    /// <param name="origin">The instant at which both clocks agree (default: now on <paramref name="inner"/>).</param>
    public AcceleratedClock(IClock inner, double speed, Instant? origin = null)
    {
        if (!double.IsFinite(speed) || speed < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "speed-up is a finite factor of at least 1");
        }

        _inner = inner;
        Speed = speed;
        _origin = origin ?? inner.GetCurrentInstant();
    }

    public double Speed { get; }

    public Instant GetCurrentInstant()
    {
        var elapsed = _inner.GetCurrentInstant() - _origin;
        return _origin.Plus(Duration.FromTicks((long)(elapsed.BclCompatibleTicks * Speed)));
    }
}
