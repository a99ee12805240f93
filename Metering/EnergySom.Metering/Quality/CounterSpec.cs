using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;

namespace EnergySom.Metering.Quality;

/// <summary>
/// What is known about one cumulative register, so its readings can be turned into consumption: where it rolls
/// over, how fast it can possibly grow, and the resolution below which a step is noise. All in the canonical
/// unit of the quantity (kWh, kvarh, Nm³).
/// </summary>
public sealed record CounterSpec
{
    /// <summary>
    /// The register wraps to zero after this many canonical units (2^bits × scale × unit factor for an integer
    /// register); null when it cannot roll over in practice (IEEE floats saturate instead of wrapping, and a
    /// 64-bit register would need 10^16 kWh).
    /// </summary>
    public double? RolloverModulus { get; init; }

    /// <summary>
    /// The most the counter can grow per hour: the meter's rated power in kW for kWh (rated voltage × maximum
    /// current × phases, times CT/PT ratios), or the maximum flow in Nm³/h for gas. A step above this over the time
    /// between two readings is a <see cref="Storage.QualityFlags.Spike"/>. Null: no spike check.
    /// </summary>
    public double? MaxRatePerHour { get; init; }

    /// <summary>One count of the register in canonical units (0.1 kWh for an ADL400 energy register); steps
    /// within it are treated as unchanged.</summary>
    public double Resolution { get; init; }

    /// <summary>Relative resolution of a floating-point register (2⁻²³ for float32): the absolute slack grows with the value.</summary>
    public double RelativeResolution { get; init; }

    /// <summary>
    /// A reading after a backward step counts as a reset when it is at most this value; null for the default: what
    /// <see cref="MaxRatePerHour"/> allows since the last reading when known, else 1 % of the last reading.
    /// </summary>
    public double? ResetBelow { get; init; }

    /// <summary>What the interval containing a reset is worth.</summary>
    public ResetPolicy ResetPolicy { get; init; } = ResetPolicy.Unknown;

    /// <summary>Rollovers are accepted only below this fraction of the modulus when no <see cref="MaxRatePerHour"/> is known.</summary>
    public double RolloverPlausibleFraction { get; init; } = 0.25;

    /// <summary>
    /// The spec of a profile point: its integer width sets the rollover (wraps at 2^16 or 2^32 raw counts,
    /// whatever the scale; 64-bit and floating-point registers do not wrap), its scale the resolution.
    /// </summary>
    /// <param name="point">A counter point of a device profile.</param>
    /// <param name="maxRatePerHour">Rated power (kW) or maximum flow (Nm³/h) for the spike check; null for none.</param>
    public static CounterSpec ForPoint(RegisterPoint point, double? maxRatePerHour = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        var countSize = Math.Abs(point.Scale * point.Unit.ToCanonical);
        var bits = point.Type.IntegerBits();
        return new CounterSpec
        {
            RolloverModulus = bits is 16 or 32 ? Math.Pow(2, bits) * countSize : null,
            MaxRatePerHour = maxRatePerHour,
            Resolution = point.Type.IsFloat() ? 0 : countSize,
            RelativeResolution = point.Type switch
            {
                RegisterDataType.F32 => Math.Pow(2, -23),
                RegisterDataType.F64 => Math.Pow(2, -52),
                _ => 0,
            },
        };
    }

    /// <summary>The step that is indistinguishable from no change at <paramref name="value"/>.</summary>
    public double Slack(double value) => Resolution + (2 * RelativeResolution * Math.Abs(value));
}
