using System.Globalization;
using System.Text.RegularExpressions;

namespace EnergySom.Metering.Site;

/// <summary>Parses the human spellings of durations (<c>500ms</c>, <c>15s</c>, <c>2m</c>, <c>1h</c>) and sizes (<c>64KiB</c>, <c>16MiB</c>, <c>2GiB</c>).</summary>
public static partial class ConfigValues
{
    /// <summary>A duration such as <c>250ms</c>, <c>1.5s</c>, <c>15s</c>, <c>2m</c>, <c>1h</c>; null when malformed.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            return null;
        }

        var span = match.Groups["u"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" or "min" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => (TimeSpan?)null,
        };
        return span;
    }

    /// <summary>A size in bytes: a plain number, or with KiB, MiB, GiB (or KB, MB, GB as powers of 1,000); null when malformed.</summary>
    public static long? ParseSize(string text)
    {
        var match = SizePattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            return null;
        }

        double factor = match.Groups["u"].Value switch
        {
            "" or "B" => 1,
            "KiB" => 1L << 10,
            "MiB" => 1L << 20,
            "GiB" => 1L << 30,
            "TiB" => 1L << 40,
            "KB" or "kB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            _ => double.NaN,
        };
        var bytes = n * factor;
        return double.IsFinite(bytes) && bytes <= long.MaxValue ? (long)bytes : null;
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<u>ms|s|min|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<u>[KMGT]i?B|kB|B)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
