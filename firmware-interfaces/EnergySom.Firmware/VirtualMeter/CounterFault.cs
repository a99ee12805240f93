namespace EnergySom.Firmware.VirtualMeter;

/// <summary>What happens to a meter's cumulative registers.</summary>
public enum CounterFaultKind
{
    /// <summary>Every counter is cleared (a technician's "clear energy" command, a firmware reset).</summary>
    Reset,

    /// <summary>Every integer counter is set just below the point where its register wraps.</summary>
    Rollover,

    /// <summary>A new meter is fitted: counters start near zero and the serial number changes.</summary>
    Replacement,
}

/// <summary>A counter fault waiting to be applied at the unit's next request.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="Value">Reset and replacement: the value (canonical unit: kWh, Nm³ …) every counter restarts from.
/// Rollover: how far below the wrap (canonical unit) every integer counter is put.</param>
/// <param name="SerialNumber">Replacement: the new meter's serial number (null: the old one plus one).</param>
public sealed record CounterFault(CounterFaultKind Kind, double Value, long? SerialNumber = null);
