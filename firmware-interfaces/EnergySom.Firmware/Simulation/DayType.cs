namespace EnergySom.Firmware.Simulation;

/// <summary>How a factory day runs.</summary>
public enum DayType
{
    Working,
    Weekend,
    Holiday,
}
