namespace EnergySom.Contracts.Tariffs;

/// <summary>Reference conditions of a gas volume (both at 101.325 kPa).</summary>
public enum GasVolumeBasis
{
    /// <summary>Normal conditions: 0 °C, 101.325 kPa (Nm³), the basis of GHG defaults (GB/T 32151.22) and many meters.</summary>
    Normal,

    /// <summary>Standard conditions of Chinese gas trade (GB 17820): 20 °C, 101.325 kPa.</summary>
    Standard20C,
}
