namespace EnergySom.Metering.Modbus;

/// <summary>
/// Exponential backoff with deterministic jitter: the delay before retry number <c>n</c> (1-based) is
/// <c>min(Maximum, Initial × Multiplier^(n−1)) × (1 − Jitter × u)</c>, where <c>u ∈ [0, 1)</c> is a hash of a
/// key (the gateway or meter) and <c>n</c>. The jitter spreads the retries of many gateways or meters that
/// failed together (a switch reboot) without a random source, so runs and tests are reproducible.
/// </summary>
/// <param name="Initial">Delay before the first retry.</param>
/// <param name="Maximum">Longest delay.</param>
/// <param name="Multiplier">Growth per failed attempt (≥ 1).</param>
/// <param name="Jitter">Fraction of the delay taken off at most (0 = none, 0.2 = up to 20 % shorter).</param>
public sealed record BackoffPolicy(TimeSpan Initial, TimeSpan Maximum, double Multiplier = 2, double Jitter = 0.2)
{
    /// <summary>The delay before retry number <paramref name="attempt"/> (1 for the first retry) of <paramref name="key"/>.</summary>
    public TimeSpan DelayFor(int attempt, string key)
    {
        Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var delay = (double)Initial.Ticks;
        for (var i = 1; i < attempt && delay < Maximum.Ticks; i++)
        {
            delay *= Multiplier;
        }

        delay = Math.Min(delay, Maximum.Ticks);
        var u = Unit(key, attempt);
        return TimeSpan.FromTicks((long)(delay * (1 - (Jitter * u))));
    }

    /// <summary>Throws when a field is out of range.</summary>
    public void Validate()
    {
        if (Initial <= TimeSpan.Zero || Maximum < Initial)
        {
            throw new ArgumentOutOfRangeException(nameof(Initial), $"backoff needs 0 < initial ({Initial}) <= maximum ({Maximum})");
        }

        if (!(Multiplier >= 1) || double.IsInfinity(Multiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(Multiplier), Multiplier, "backoff multiplier must be >= 1");
        }

        if (!(Jitter is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Jitter), Jitter, "backoff jitter is a fraction in [0, 1]");
        }
    }

    // FNV-1a over the key and the attempt: stable across processes, unlike string.GetHashCode.
    private static double Unit(string key, int attempt)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var c in key)
            {
                hash = (hash ^ c) * 16777619u;
            }

            for (var i = 0; i < 4; i++)
            {
                hash = (hash ^ (byte)(attempt >> (8 * i))) * 16777619u;
            }

            // Final avalanche so that neighbouring attempts land far apart.
            hash ^= hash >> 15;
            hash *= 0x2C1B3C6Du;
            hash ^= hash >> 12;
            return (hash & 0xFFFFFF) / (double)(1 << 24);
        }
    }
}
