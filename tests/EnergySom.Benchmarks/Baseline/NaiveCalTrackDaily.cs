using EnergySom.Baseline.LeastSquares;

namespace EnergySom.Benchmarks.Baseline;

/// <summary>
/// The reference shape of the search, as a straightforward implementation does it: for every candidate, build its
/// design matrix, factorise it by Householder QR, form the residuals and the adjusted R². Same candidates, same
/// rules, same answer; O(n) work and a fresh design per candidate.
/// </summary>
internal static class NaiveCalTrackDaily
{
    public static (string Type, double Hbp, double Cbp, double AdjustedRSquared) Fit(double[] t, double[] y)
    {
        var n = t.Length;
        var mean = y.Average();
        var sst = y.Sum(v => (v - mean) * (v - mean));
        (string, double, double, double) best = ("intercept_only", double.NaN, double.NaN, 0);
        void Consider(string type, double hbp, double cbp)
        {
            var k = (double.IsNaN(hbp) ? 0 : 1) + (double.IsNaN(cbp) ? 0 : 1);
            var x = new double[n * (k + 1)];
            var column = 1;
            for (var i = 0; i < n; i++)
            {
                x[i] = 1;
            }

            if (!double.IsNaN(hbp))
            {
                for (var i = 0; i < n; i++)
                {
                    x[(column * n) + i] = Math.Max(hbp - t[i], 0);
                }

                column++;
            }

            if (!double.IsNaN(cbp))
            {
                for (var i = 0; i < n; i++)
                {
                    x[(column * n) + i] = Math.Max(t[i] - cbp, 0);
                }
            }

            var beta = new double[k + 1];
            try
            {
                HouseholderQr.Solve(x, n, k + 1, y, default, beta, new double[(n * (k + 1)) + n]);
            }
            catch (SingularDesignException)
            {
                return;
            }

            var sse = 0.0;
            for (var i = 0; i < n; i++)
            {
                var fitted = 0.0;
                for (var j = 0; j <= k; j++)
                {
                    fitted += x[(j * n) + i] * beta[j];
                }

                sse += (y[i] - fitted) * (y[i] - fitted);
            }

            var adjusted = 1 - (sse / sst * (n - 1) / (n - k - 1));
            if (beta.All(b => b >= 0) && adjusted > best.Item4 + 1e-12)
            {
                best = (type, hbp, cbp, adjusted);
            }
        }

        bool Ok(double b, bool heating)
        {
            var count = 0;
            var sum = 0.0;
            foreach (var v in t)
            {
                var dd = heating ? Math.Max(b - v, 0) : Math.Max(v - b, 0);
                count += dd > 0 ? 1 : 0;
                sum += dd;
            }

            return count >= 10 && sum >= 20;
        }

        for (var b = 30; b <= 90; b++)
        {
            if (Ok(b, true))
            {
                Consider("hdd_only", b, double.NaN);
            }
        }

        for (var b = 30; b <= 90; b++)
        {
            if (Ok(b, false))
            {
                Consider("cdd_only", double.NaN, b);
            }
        }

        for (var c = 30; c <= 90; c++)
        {
            for (var h = 30; h <= c; h++)
            {
                if (Ok(h, true) && Ok(c, false))
                {
                    Consider("cdd_hdd", h, c);
                }
            }
        }

        return best;
    }
}
