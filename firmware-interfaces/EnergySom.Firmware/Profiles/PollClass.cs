namespace EnergySom.Firmware.Profiles;

/// <summary>How often a point is polled: power every few seconds, energy counters every minute or so.</summary>
public enum PollClass
{
    Fast,
    Slow,
}
