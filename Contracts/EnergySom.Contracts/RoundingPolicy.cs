using System.Globalization;

namespace EnergySom.Contracts;

/// <summary>How money is rounded: to a step (the fen, 0.01 yuan, by default) with a rounding mode.</summary>
/// <param name="Step">Rounding step in yuan: 0.01 (fen), 0.1 (jiao) or 1 (yuan).</param>
/// <param name="Mode">
/// Rounding mode; Chinese accounting practice (四舍五入) rounds half away from zero. Directed modes
/// (<see cref="MidpointRounding.ToZero"/>, <see cref="MidpointRounding.ToNegativeInfinity"/>,
/// <see cref="MidpointRounding.ToPositiveInfinity"/>) truncate, floor or ceil to the step.
/// </param>
public sealed record RoundingPolicy(decimal Step, MidpointRounding Mode)
{
    /// <summary>To the fen, half away from zero.</summary>
    public static readonly RoundingPolicy Fen = new(0.01m, MidpointRounding.AwayFromZero);

    /// <summary>Steps a contract may choose.</summary>
    public static readonly IReadOnlyList<decimal> AllowedSteps = [0.01m, 0.1m, 1m];

    public decimal Round(decimal amount)
    {
        if (Step <= 0)
        {
            throw new InvalidOperationException("rounding step must be positive");
        }

        return Math.Round(amount / Step, 0, Mode) * Step;
    }

    /// <summary>Code of the mode in contract files and statements.</summary>
    public string ModeCode => CodeOf(Mode);

    public static string CodeOf(MidpointRounding mode) => mode switch
    {
        MidpointRounding.AwayFromZero => "half_away_from_zero",
        MidpointRounding.ToEven => "half_even",
        MidpointRounding.ToZero => "toward_zero",
        MidpointRounding.ToNegativeInfinity => "floor",
        MidpointRounding.ToPositiveInfinity => "ceiling",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public static bool TryParseMode(string code, out MidpointRounding mode)
    {
        foreach (var candidate in Enum.GetValues<MidpointRounding>())
        {
            if (string.Equals(CodeOf(candidate), code, StringComparison.Ordinal))
            {
                mode = candidate;
                return true;
            }
        }

        mode = default;
        return false;
    }

    public override string ToString() => $"{Step.ToString(CultureInfo.InvariantCulture)} CNY, {Mode}";
}
