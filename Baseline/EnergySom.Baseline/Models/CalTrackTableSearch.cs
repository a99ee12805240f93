namespace EnergySom.Baseline.Models;

/// <summary>
/// The CalTRACK candidate search over precomputed degree-day tables, weighted: the billing method (per-day
/// averaged degree-days, WLS weighted by kept days), and an independent O(rows)-per-candidate check of
/// <see cref="CalTrackDailySearch"/>. Allocates nothing per candidate.
/// </summary>
/// <remarks>
/// Each column's weighted mean and centred sums Σw(x − x̄)², Σw(x − x̄)(y − ȳ) are formed once per balance
/// point; a pair adds its centred cross product Σw(h − h̄)(c − c̄) (a billing period can have both heating and
/// cooling days, so it is not zero here). Statsmodels' weighted adjusted R² follows (centred on the weighted mean,
/// n = rows). A balance point is attempted when at least <c>MinimumNonZeroDegreeDays</c> rows have degree-days and
/// Σ DD·w ≥ <c>MinimumTotalDegreeDays</c> (eemeter's billing presets: weights = kept days, no non-zero minimum).
/// </remarks>
public static class CalTrackTableSearch
{
    /// <summary>Searches the candidates.</summary>
    /// <param name="usagePerDay">y per row, finite.</param>
    /// <param name="weights">Positive weights per row (kept days for billing), or empty for 1.</param>
    /// <param name="hdd">Heating degree-days per day, balance-point-major: <c>hdd[j * rows + i]</c> for grid point j.</param>
    /// <param name="cdd">Cooling degree-days likewise (may be empty when cooling is not fitted).</param>
    public static CalTrackSelection Run(
        ReadOnlySpan<double> usagePerDay,
        ReadOnlySpan<double> weights,
        ReadOnlySpan<double> hdd,
        ReadOnlySpan<double> cdd,
        CalTrackSearchSettings settings,
        CalTrackSearchWorkspace workspace)
    {
        var n = usagePerDay.Length;
        var heating = settings.Heating;
        var cooling = settings.Cooling;
        if (hdd.Length != n * heating.Length || (settings.FitCooling && cdd.Length != n * cooling.Length) || (!weights.IsEmpty && weights.Length != n))
        {
            throw new ArgumentException("degree-day tables or weights do not match the rows and the balance-point grids");
        }

        workspace.Ensure(n, heating.Length, cooling.Length);
        if (n == 0)
        {
            return new CalTrackSelection(null, double.NaN, double.NaN, double.NaN, 0, 0, double.NaN, 0, 0, 0, 0);
        }

        var w = workspace.Weights.AsSpan(0, n);
        double sumW = 0, sumWy = 0;
        for (var i = 0; i < n; i++)
        {
            w[i] = weights.IsEmpty ? 1 : weights[i];
            if (!double.IsFinite(usagePerDay[i]) || !(w[i] > 0) || !double.IsFinite(w[i]))
            {
                throw new ArgumentException($"row {i}: usage {usagePerDay[i]} must be finite and weight {w[i]} positive");
            }

            sumW += w[i];
            sumWy += w[i] * usagePerDay[i];
        }

        var meanY = sumWy / sumW;
        var syy = 0.0;
        for (var i = 0; i < n; i++)
        {
            var d = usagePerDay[i] - meanY;
            syy += w[i] * d * d;
        }

        Columns(hdd, usagePerDay, w, sumW, meanY, n, heating.Length, settings, workspace.HSum, workspace.HSxx, workspace.HSxy, workspace.HSq, workspace.HOk);
        if (settings.FitCooling)
        {
            Columns(cdd, usagePerDay, w, sumW, meanY, n, cooling.Length, settings, workspace.CSum, workspace.CSxx, workspace.CSxy, workspace.CSq, workspace.COk);
        }

        var selector = new CalTrackCandidateSelector(settings, workspace, n, meanY, syy);
        if (!selector.InterceptAndOneSlopeCandidates(1))
        {
            return selector.Result();
        }

        for (var jc = 0; jc < cooling.Length; jc++)
        {
            var cbp = cooling[jc];
            var c = cdd.Slice(jc * n, n);
            var meanC = workspace.CSum[jc];
            for (var jh = 0; jh < heating.Length && heating[jh] <= cbp; jh++)
            {
                if (!workspace.COk[jc] || !workspace.HOk[jh])
                {
                    selector.NotAttempted++;
                    continue;
                }

                var h = hdd.Slice(jh * n, n);
                var meanH = workspace.HSum[jh];
                var shc = 0.0;
                for (var i = 0; i < n; i++)
                {
                    shc += w[i] * (h[i] - meanH) * (c[i] - meanC);
                }

                selector.TwoSlopes(
                    heating[jh], meanH, workspace.HSxx[jh], workspace.HSxy[jh],
                    cbp, meanC, workspace.CSxx[jc], workspace.CSxy[jc],
                    shc);
            }
        }

        return selector.Result();
    }

    /// <summary>Per grid point: weighted mean (stored in <paramref name="mean"/>), centred sums and the attempt rule.</summary>
    private static void Columns(
        ReadOnlySpan<double> table, ReadOnlySpan<double> y, ReadOnlySpan<double> w, double sumW, double meanY, int n, int points,
        CalTrackSearchSettings settings, double[] mean, double[] sxx, double[] sxy, double[] sumSq, bool[] ok)
    {
        for (var j = 0; j < points; j++)
        {
            var x = table.Slice(j * n, n);
            double sumWx = 0, squares = 0;
            var nonZero = 0;
            for (var i = 0; i < n; i++)
            {
                if (!double.IsFinite(x[i]))
                {
                    throw new ArgumentException($"row {i}: degree-days {x[i]} must be finite");
                }

                sumWx += w[i] * x[i];
                squares += w[i] * x[i] * x[i];
                nonZero += x[i] > 0 ? 1 : 0;
            }

            var m = sumWx / sumW;
            double xx = 0, xy = 0;
            for (var i = 0; i < n; i++)
            {
                var dx = x[i] - m;
                xx += w[i] * dx * dx;
                xy += w[i] * dx * (y[i] - meanY);
            }

            mean[j] = m;
            sxx[j] = xx;
            sxy[j] = xy;
            sumSq[j] = squares;
            ok[j] = nonZero > 0 && nonZero >= settings.MinimumNonZeroDegreeDays && sumWx >= settings.MinimumTotalDegreeDays;
        }
    }
}
