namespace EnergySom.Baseline.Models;

/// <summary>
/// The piecewise-linear temperature features of the TOWT model and CalTRACK's rule for merging sparse bins.
/// </summary>
public static class TimeOfWeekTemperatureFeatures
{
    /// <summary>
    /// Writes the k + 1 features of <paramref name="temperature"/> for the k ascending <paramref name="endpoints"/>:
    /// <c>f₀ = min(T, e₁)</c>, <c>fᵢ = clamp(T − eᵢ, 0, eᵢ₊₁ − eᵢ)</c>, <c>f_k = max(T − e_k, 0)</c>; with no endpoint, <c>f₀ = T</c>.
    /// </summary>
    /// <remarks>CalTRACK 2.0 §3.3 (e.g. T = 50 °F on 30, 45, 55, … gives 30, 15, 5, 0, …); reference/caltrack-method.md.</remarks>
    public static void Compute(ReadOnlySpan<double> endpoints, double temperature, Span<double> features)
    {
        var k = endpoints.Length;
        if (k == 0)
        {
            features[0] = temperature;
            return;
        }

        features[0] = Math.Min(temperature, endpoints[0]);
        for (var i = 1; i < k; i++)
        {
            features[i] = Math.Clamp(temperature - endpoints[i - 1], 0, endpoints[i] - endpoints[i - 1]);
        }

        features[k] = Math.Max(temperature - endpoints[k - 1], 0);
    }

    /// <summary>
    /// Merges sparse bins by removing endpoints, as eemeter 3.2.0 does, and returns how many endpoints remain at the
    /// front of <paramref name="endpoints"/>. Bins are right-closed: <c>(−∞, e₁], (e₁, e₂], …, (e_k, ∞)</c>.
    /// </summary>
    /// <remarks>
    /// Repeated until nothing changes: when the first bin holds fewer than <paramref name="minimumCount"/> values its
    /// endpoint e₁ goes; otherwise when the last bin does, e_k goes; otherwise the right endpoint of every interior bin
    /// with too few values goes. It stops when one bin is left (reference/caltrack-method.md, caltrack_hourly).
    /// </remarks>
    /// <param name="endpoints">Ascending endpoints; compacted in place.</param>
    /// <param name="temperatures">The values to count (the hours of one occupancy group of one segment).</param>
    /// <param name="counts">Scratch of at least endpoints.Length + 1.</param>
    public static int MergeSparseBins(Span<double> endpoints, ReadOnlySpan<double> temperatures, int minimumCount, Span<int> counts)
    {
        var k = endpoints.Length;
        while (k > 0)
        {
            var c = counts[..(k + 1)];
            c.Clear();
            foreach (var t in temperatures)
            {
                c[BinOf(endpoints[..k], t)]++;
            }

            if (c[0] < minimumCount)
            {
                Remove(endpoints, ref k, 0);
                continue;
            }

            if (c[k] < minimumCount)
            {
                Remove(endpoints, ref k, k - 1);
                continue;
            }

            var removed = false;
            for (var i = k - 1; i >= 1; i--)
            {
                if (c[i] < minimumCount)
                {
                    Remove(endpoints, ref k, i); // right endpoint of interior bin (e_i, e_i+1]; from the top so indices stay valid
                    removed = true;
                }
            }

            if (!removed)
            {
                break;
            }
        }

        return k;
    }

    /// <summary>Index of the right-closed bin holding <paramref name="temperature"/> (0 … endpoints.Length).</summary>
    public static int BinOf(ReadOnlySpan<double> endpoints, double temperature)
    {
        var i = 0;
        while (i < endpoints.Length && temperature > endpoints[i])
        {
            i++;
        }

        return i;
    }

    private static void Remove(Span<double> endpoints, ref int k, int index)
    {
        endpoints[(index + 1)..k].CopyTo(endpoints[index..]);
        k--;
    }
}
