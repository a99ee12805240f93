namespace EnergySom.Firmware.Profiles;

/// <summary>
/// Which side of the instrument transformers a register's value is on. Meters behind current transformers (CT)
/// and voltage transformers (PT) report either primary values (the ratios already applied) or secondary values,
/// which the reader multiplies by the ratios configured in the meter.
/// </summary>
public enum TransformerSide
{
    /// <summary>The value is what flows in the measured circuit; no multiplier.</summary>
    Primary,

    /// <summary>The value is on the meter's terminals: current × CT, voltage × PT, power and energy × CT × PT.</summary>
    Secondary,
}
