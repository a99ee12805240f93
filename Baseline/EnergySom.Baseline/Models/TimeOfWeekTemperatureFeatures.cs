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
        var fine = counts[..(endpoints.Length + 1)];
        fine.Clear();
        foreach (var t in temperatures)
        {
            fine[BinOf(endpoints, t)]++;
        }

        Span<bool> kept = endpoints.Length <= 64 ? stackalloc bool[endpoints.Length] : new bool[endpoints.Length];
        var k = MergeSparseBins(fine, minimumCount, kept);
        var j = 0;
        for (var i = 0; i < kept.Length; i++)
        {
            if (kept[i])
            {
                endpoints[j++] = endpoints[i];
            }
        }

        return k;
    }

    /// <summary>
    /// The same merging rule on the counts of the original bins (<paramref name="fineCounts"/>, one more than endpoints):
    /// every merged bin is a run of original bins, so its count is their sum and no value needs to be read again.
    /// Marks in <paramref name="kept"/> which original endpoints survive and returns how many do.
    /// </summary>
    public static int MergeSparseBins(ReadOnlySpan<int> fineCounts, int minimumCount, Span<bool> kept)
    {
        var e = fineCounts.Length - 1;
        kept[..e].Fill(true);
        var k = e;
        Span<int> c = e + 1 <= 64 ? stackalloc int[e + 1] : new int[e + 1];
        Span<int> index = e <= 64 ? stackalloc int[e] : new int[e];
        while (k > 0)
        {
            // Counts of the current bins: original bins summed between kept endpoints.
            var bin = 0;
            var m = 0;
            c.Clear();
            for (var i = 0; i <= e; i++)
            {
                c[bin] += fineCounts[i];
                if (i < e && kept[i])
                {
                    index[m++] = i;
                    bin++;
                }
            }

            if (c[0] < minimumCount)
            {
                kept[index[0]] = false;
                k--;
                continue;
            }

            if (c[k] < minimumCount)
            {
                kept[index[k - 1]] = false;
                k--;
                continue;
            }

            var removed = false;
            for (var i = 1; i < k; i++)
            {
                if (c[i] < minimumCount)
                {
                    kept[index[i]] = false; // right endpoint of interior bin (e_i, e_i+1]
                    removed = true;
                }
            }

            if (!removed)
            {
                break;
            }

            k = 0;
            for (var i = 0; i < e; i++)
            {
                k += kept[i] ? 1 : 0;
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

}
