namespace EnergySom.Baseline.Models;

/// <summary>
/// The CalTRACK 2.0 daily candidate search (intercept-only, every HDD and CDD balance point, every HDD+CDD pair)
/// in O(n log n + grid²): each candidate costs O(1) and allocates nothing.
/// </summary>
/// <remarks>
/// Days are sorted by temperature once. For a heating balance point b the days with HDD &gt; 0 are exactly the
/// prefix with T &lt; b; their count m, means T̄, ȳ and co-moments M2 = Σ(T − T̄)², C = Σ(T − T̄)(y − ȳ) are
/// carried from one balance point to the next by merging the days in between (Chan, Golub and LeVeque), so with
/// D = b − T̄:
/// Σ HDD = mD, Σ(HDD − H̄)² = mD²(1 − m/n) + M2, Σ(HDD − H̄)(y − ȳ_all) = mD(ȳ − ȳ_all) − C.
/// Cooling is the mirror image on the suffix T &gt; b. The HDD and CDD supports of a pair with HBP ≤ CBP are
/// disjoint, so their centred cross product is −Σ HDD · Σ CDD / n. Every sum is centred — no "Σx² − (Σx)²/n"
/// cancellation — and the small systems are solved by <see cref="CalTrackCandidateSelector"/>.
/// Candidate order and rules follow eemeter 3.2.0 (reference/caltrack-method.md).
/// </remarks>
public static class CalTrackDailySearch
{
    /// <summary>Searches the candidates for daily rows (temperature, usage per day), all finite, in any order.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a value is not finite.</exception>
    public static CalTrackSelection Run(ReadOnlySpan<double> temperature, ReadOnlySpan<double> usagePerDay, CalTrackSearchSettings settings, CalTrackSearchWorkspace workspace)
    {
        var n = temperature.Length;
        if (usagePerDay.Length != n)
        {
            throw new ArgumentException($"{n} temperatures but {usagePerDay.Length} usage values");
        }

        var heating = settings.Heating;
        var cooling = settings.Cooling;
        workspace.Ensure(n, heating.Length, cooling.Length);
        var t = workspace.SortedT.AsSpan(0, n);
        var y = workspace.SortedY.AsSpan(0, n);
        temperature.CopyTo(t);
        usagePerDay.CopyTo(y);
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(t[i]) || !double.IsFinite(y[i]))
            {
                throw new ArgumentException($"row {i}: temperature {t[i]} and usage {y[i]} must be finite; drop missing days first");
            }
        }

        if (n == 0)
        {
            return new CalTrackSelection(null, double.NaN, double.NaN, double.NaN, 0, 0, double.NaN, 0, 0, 0, 0);
        }

        t.Sort(y);

        // Mean and centred total sum of squares, two passes with the first-pass error corrected.
        var sum = 0.0;
        foreach (var v in y)
        {
            sum += v;
        }

        var mean = sum / n;
        double correction = 0, syy = 0;
        foreach (var v in y)
        {
            var d = v - mean;
            correction += d;
            syy += d * d;
        }

        syy -= correction * correction / n;
        mean += correction / n;

        Heating(t, y, n, mean, heating, settings, workspace);
        Cooling(t, y, n, mean, cooling, settings, workspace);

        var selector = new CalTrackCandidateSelector(settings, workspace, n, mean, syy);
        if (!selector.InterceptAndOneSlopeCandidates(n))
        {
            return selector.Result();
        }

        // eemeter's order: cooling balance point outer, heating inner, heating ≤ cooling. Everything the inner loop
        // reads is hoisted into spans, and the means are precomputed: one division per pair (the 2×2 determinant).
        var hOk = workspace.HOk.AsSpan(0, heating.Length);
        var hSxx = workspace.HSxx.AsSpan(0, heating.Length);
        var hSxy = workspace.HSxy.AsSpan(0, heating.Length);
        var hMean = workspace.HSq.AsSpan(0, heating.Length);     // reused: the singularity scale is not needed for pairs
        var hTotal = workspace.HSum.AsSpan(0, heating.Length);
        var inverseN = 1.0 / n;
        for (var j = 0; j < hMean.Length; j++)
        {
            hMean[j] = hTotal[j] * inverseN;
        }

        if (selector.Screens || n <= 3)
        {
            for (var jc = 0; jc < cooling.Length; jc++)
            {
                var cbp = cooling[jc];
                var cMean = workspace.CSum[jc] * inverseN;
                for (var jh = 0; jh < heating.Length && heating[jh] <= cbp; jh++)
                {
                    if (!workspace.COk[jc] || !hOk[jh])
                    {
                        selector.NotAttempted++;
                        continue;
                    }

                    selector.TwoSlopes(heating[jh], hMean[jh], hSxx[jh], hSxy[jh], cbp, cMean, workspace.CSxx[jc], workspace.CSxy[jc], -hTotal[jh] * cMean);
                }
            }

            return selector.Result();
        }

        // The hot loop (≈ 1,900 pairs), inlined with its counters in registers: the same arithmetic as
        // CalTrackCandidateSelector.TwoSlopes, which handles the p-value screen and tiny samples above.
        var meanY = mean;
        var adjust = selector.PairAdjustment;
        var tie = settings.TieTolerance;
        var best = selector.BestAdjusted;
        var remember = selector.RememberAbove;
        int qualified = 0, disqualified = 0, notAttempted = 0, singular = 0;
        for (var jc = 0; jc < cooling.Length; jc++)
        {
            var cbp = cooling[jc];
            var pairs = 0;
            while (pairs < heating.Length && heating[pairs] <= cbp)
            {
                pairs++;
            }

            if (!workspace.COk[jc])
            {
                notAttempted += pairs;
                continue;
            }

            var cMean = workspace.CSum[jc] * inverseN;
            var scc = workspace.CSxx[jc];
            var scy = workspace.CSxy[jc];
            for (var jh = 0; jh < pairs; jh++)
            {
                if (!hOk[jh])
                {
                    notAttempted++;
                    continue;
                }

                var shh = hSxx[jh];
                var shy = hSxy[jh];
                var shc = -hTotal[jh] * cMean;
                var det = (shh * scc) - (shc * shc);
                if (!(det > 1e-12 * shh * scc))
                {
                    singular++;
                    continue;
                }

                var inverse = 1 / det;
                var bh = ((scc * shy) - (shc * scy)) * inverse;
                var bc = ((shh * scy) - (shc * shy)) * inverse;
                var intercept = meanY - (bh * hMean[jh]) - (bc * cMean);
                var adjusted = 1 - ((syy - (bh * shy) - (bc * scy)) * adjust);
                if (!(intercept < 0) && !(bh < 0) && !(bc < 0))
                {
                    qualified++;
                    if (adjusted > best + tie)
                    {
                        selector.WinningPair(heating[jh], cbp, intercept, bh, bc, adjusted);
                        best = adjusted;
                    }
                }
                else
                {
                    disqualified++;
                    if (adjusted > remember)
                    {
                        selector.RememberedPair(heating[jh], cbp, intercept, bh, bc, adjusted);
                        remember = selector.RememberAbove;
                    }
                }
            }
        }

        selector.Qualified += qualified;
        selector.Disqualified += disqualified;
        selector.NotAttempted += notAttempted;
        selector.Singular += singular;
        return selector.Result();
    }

    private static void Heating(ReadOnlySpan<double> t, ReadOnlySpan<double> y, int n, double meanY, double[] grid, CalTrackSearchSettings settings, CalTrackSearchWorkspace w)
    {
        var running = default(RunningMoments);
        var next = 0;
        for (var j = 0; j < grid.Length; j++)
        {
            var b = grid[j];
            var group = default(GroupSums);
            while (next < n && t[next] < b)
            {
                group.Add(t[next], y[next] - meanY);
                next++;
            }

            running.Merge(ref group);
            var m = running.Count;
            var d = b - running.MeanX;
            var total = m * d;
            w.HSum[j] = m == 0 ? 0 : total;
            w.HSxx[j] = m == 0 ? 0 : (m * d * d * (1 - ((double)m / n))) + running.M2X;
            w.HSxy[j] = m == 0 ? 0 : (total * running.MeanY) - running.Cxy;
            w.HSq[j] = m == 0 ? 0 : (m * d * d) + running.M2X;
            w.HOk[j] = m > 0 && m >= settings.MinimumNonZeroDegreeDays && total >= settings.MinimumTotalDegreeDays;
        }
    }

    private static void Cooling(ReadOnlySpan<double> t, ReadOnlySpan<double> y, int n, double meanY, double[] grid, CalTrackSearchSettings settings, CalTrackSearchWorkspace w)
    {
        var running = default(RunningMoments);
        var next = n - 1;
        for (var j = grid.Length - 1; j >= 0; j--)
        {
            var b = grid[j];
            var group = default(GroupSums);
            while (next >= 0 && t[next] > b)
            {
                group.Add(t[next], y[next] - meanY);
                next--;
            }

            running.Merge(ref group);
            var m = running.Count;
            var d = running.MeanX - b;
            var total = m * d;
            w.CSum[j] = m == 0 ? 0 : total;
            w.CSxx[j] = m == 0 ? 0 : (m * d * d * (1 - ((double)m / n))) + running.M2X;
            w.CSxy[j] = m == 0 ? 0 : (total * running.MeanY) + running.Cxy;
            w.CSq[j] = m == 0 ? 0 : (m * d * d) + running.M2X;
            w.COk[j] = m > 0 && m >= settings.MinimumNonZeroDegreeDays && total >= settings.MinimumTotalDegreeDays;
        }
    }

    /// <summary>Sums of the days between two balance points, shifted by the group's first day so they stay small
    /// (no division per day: the group's centred moments are formed once, when it is merged).</summary>
    private struct GroupSums
    {
        public int Count;
        public double ShiftX;
        public double ShiftY;
        public double Su;
        public double Sv;
        public double Suu;
        public double Suv;

        public void Add(double x, double y)
        {
            if (Count == 0)
            {
                ShiftX = x;
                ShiftY = y;
            }

            var u = x - ShiftX;
            var v = y - ShiftY;
            Su += u;
            Sv += v;
            Suu += u * u;
            Suv += u * v;
            Count++;
        }
    }

    /// <summary>
    /// Running count, means and centred co-moments of (temperature, usage − ȳ) over the days seen so far, updated a
    /// group at a time by the pairwise combination of Chan, Golub and LeVeque (1979): exact to rounding however the
    /// values are offset, and one division per group rather than per day.
    /// </summary>
    private struct RunningMoments
    {
        public int Count;
        public double MeanX;
        public double MeanY;
        public double M2X;
        public double Cxy;

        public void Merge(ref GroupSums g)
        {
            if (g.Count == 0)
            {
                return;
            }

            var m = g.Count;
            var inverseM = 1.0 / m;
            var meanU = g.Su * inverseM;
            var meanV = g.Sv * inverseM;
            var groupM2 = g.Suu - (g.Su * meanU);
            var groupC = g.Suv - (g.Su * meanV);
            var dx = g.ShiftX + meanU - MeanX;
            var dy = g.ShiftY + meanV - MeanY;
            var total = Count + m;
            var share = (double)m / total;
            MeanX += dx * share;
            MeanY += dy * share;
            M2X += groupM2 + (dx * dx * Count * share);
            Cxy += groupC + (dx * dy * Count * share);
            Count = total;
        }
    }
}
