using EnergySom.Firmware.Quantities;

namespace EnergySom.Firmware.Profiles;

/// <summary>The current- and voltage-transformer ratios a meter is configured with (primary / secondary).</summary>
/// <param name="Ct">Current transformer ratio, e.g. 200 for 1000 A / 5 A.</param>
/// <param name="Pt">Voltage (potential) transformer ratio, e.g. 100 for 10 kV / 100 V; 1 on low voltage.</param>
public sealed record TransformerRatios(double Ct, double Pt)
{
    /// <summary>No transformers (direct connection).</summary>
    public static readonly TransformerRatios None = new(1, 1);

    /// <summary>
    /// The factor that turns a secondary-side value of <paramref name="quantity"/> into a primary-side value:
    /// CT for currents, PT for voltages, CT × PT for powers and energies, and 1 for anything else
    /// (frequency, power factor, gas quantities), which instrument transformers do not scale.
    /// </summary>
    public double MultiplierFor(Quantity quantity) => MultiplierFor(quantity.Unit.Dimension);

    /// <summary>See <see cref="MultiplierFor(Quantity)"/>; by unit dimension.</summary>
    public double MultiplierFor(string dimension) => dimension switch
    {
        "current" => Ct,
        "voltage" => Pt,
        _ when Scales(dimension) => Ct * Pt,
        _ => 1,
    };

    /// <summary>True when instrument transformers scale values of this dimension.</summary>
    public static bool Scales(string dimension) =>
        dimension is "current" or "voltage" or "active_power" or "reactive_power" or "apparent_power" or "active_energy" or "reactive_energy";
}
