namespace EnergySom.Firmware.Quantities;

/// <summary>How a quantity's values relate to time.</summary>
public enum QuantityKind
{
    /// <summary>A value at an instant (power, voltage, temperature).</summary>
    Instantaneous,

    /// <summary>A cumulative register that only grows until it rolls over or is reset (energy import total).</summary>
    Counter,

    /// <summary>An amount accumulated over the interval that starts at the reading's timestamp.</summary>
    Interval,
}
