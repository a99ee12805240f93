namespace EnergySom.Metering.Storage;

/// <summary>What is known about the quality of a value. Raw readings as read are <see cref="None"/>.</summary>
[Flags]
public enum QualityFlags : ushort
{
    None = 0,

    /// <summary>Filled in by an estimate, not measured.</summary>
    Estimated = 1 << 0,

    /// <summary>The interval has no (or incomplete) underlying readings.</summary>
    Gap = 1 << 1,

    /// <summary>The counter wrapped at its register width inside the interval.</summary>
    Rollover = 1 << 2,

    /// <summary>The counter was reset (to zero or a small value) inside the interval.</summary>
    Reset = 1 << 3,

    /// <summary>The meter was replaced inside the interval.</summary>
    MeterReplaced = 1 << 4,

    /// <summary>The counter stepped backwards without a recognisable reset.</summary>
    BackwardStep = 1 << 5,

    /// <summary>Implausibly large for the meter (above its rated power over the interval).</summary>
    Spike = 1 << 6,

    /// <summary>Entered or corrected by a person.</summary>
    Manual = 1 << 7,

    /// <summary>The meter reported a value it marks invalid (NaN, sentinel).</summary>
    Invalid = 1 << 8,

    /// <summary>Imported from a file rather than read from the meter.</summary>
    Imported = 1 << 9,
}
