namespace EnergySom.Firmware.Simulation;

/// <summary>The time-of-use bands a Chinese multi-tariff meter keeps separate energy registers for.</summary>
public enum MeterTariffBand
{
    /// <summary>尖 critical peak.</summary>
    CriticalPeak,

    /// <summary>峰 peak.</summary>
    Peak,

    /// <summary>平 flat (shoulder).</summary>
    Flat,

    /// <summary>谷 valley.</summary>
    Valley,
}
