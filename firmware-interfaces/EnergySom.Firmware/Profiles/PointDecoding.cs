namespace EnergySom.Firmware.Profiles;

/// <summary>
/// A manufacturer's encoding applied to a point's raw value before scale and offset, for values that a plain
/// number type does not describe.
/// </summary>
public enum PointDecoding
{
    /// <summary>The raw value is the value.</summary>
    None,

    /// <summary>
    /// Schneider Electric's four-quadrant floating-point power factor ("4Q FP PF"): one float in −2…+2 that
    /// carries the quadrant. Profile spelling <c>pf_4q</c>.
    /// </summary>
    /// <remarks>
    /// Decode, from the PowerLogic PM5300/PM5500 user manuals, "Power factor register format" (Schneider
    /// Electric product information pages): register 0…+1 → PF = register (quadrant 1); register −2…−1 →
    /// PF = −2 − register (quadrant 2, PF −1…0); register −1…0 → PF = register (quadrant 3); register +1…+2 →
    /// PF = +2 − register (quadrant 4, PF +1…0). The decoded PF keeps the sign of the manual's PF column; the
    /// quadrant itself (leading or lagging) is not kept.
    /// </remarks>
    PowerFactorFourQuadrant,
}

public static class PointDecodingExtensions
{
    /// <summary>Spelling used in profile files.</summary>
    public static string ToProfileName(this PointDecoding decoding) => decoding switch
    {
        PointDecoding.None => "none",
        PointDecoding.PowerFactorFourQuadrant => "pf_4q",
        _ => throw new ArgumentOutOfRangeException(nameof(decoding), decoding, null),
    };

    public static bool TryParseProfileName(string text, out PointDecoding decoding)
    {
        switch (text)
        {
            case "none": decoding = PointDecoding.None; return true;
            case "pf_4q": decoding = PointDecoding.PowerFactorFourQuadrant; return true;
            default: decoding = PointDecoding.None; return false;
        }
    }

    /// <summary>Turns the raw register value into the value the encoding stands for.</summary>
    public static double Apply(this PointDecoding decoding, double raw) => decoding switch
    {
        PointDecoding.PowerFactorFourQuadrant => raw switch
        {
            > 1 => 2 - raw,
            < -1 => -2 - raw,
            _ => raw,
        },
        _ => raw,
    };

    /// <summary>
    /// The raw register value that stands for <paramref name="value"/> (used by the virtual meter). For the
    /// four-quadrant power factor a PF in −1…+1 is served in its quadrant 1 or 3 form (the register equals the PF).
    /// </summary>
    public static double Invert(this PointDecoding decoding, double value) => value;
}
