using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using NodaTime;
using NodaTime.Text;

namespace EnergySom.Baseline.Tests.Samples;

/// <summary>
/// An independent, deliberately naive re-implementation of eemeter 3.2.0's CalTRACK daily and billing methods,
/// written from reference/caltrack-method.md alone: it reads the raw CSV rows itself, builds every candidate's
/// design matrix explicitly and solves it with MathNet's QR (as statsmodels' WLS would on √w-scaled rows), then
/// qualifies and selects. No code is shared with EnergySom.Baseline. eemeter itself cannot be run here (no PyPI),
/// so this oracle stands in for it.
/// </summary>
public static class CalTrackOracle
{
    public sealed record Candidate(string Type, int? Hbp, int? Cbp, double[] Coefficients, double AdjustedRSquared, bool Qualified);

    public sealed record Outcome(Candidate Selected, int Rows, double[] BaselineObservedTotals, double[] BaselinePredictedTotals, IReadOnlyList<Candidate> All);

    public sealed record Rows(Instant[] Starts, double[] Values);

    private static readonly Lazy<Dictionary<Instant, double>> Hourly = new(ReadHourly);

    public static Rows ReadMeter(string id)
    {
        var starts = new List<Instant>();
        var values = new List<double>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "eemeter", "meter", id + ".csv")).Skip(1))
        {
            var parts = line.Split(',');
            starts.Add(InstantPattern.ExtendedIso.Parse(parts[0]).Value);
            values.Add(parts[1].Length == 0 ? double.NaN : double.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        return new Rows([.. starts], [.. values]);
    }

    /// <summary>Rows in [start, end] inclusive, the last one NaN-ed (get_baseline_data / get_reporting_data).</summary>
    public static (Instant[] Starts, Instant[] Ends, double[] Values) Select(Rows rows, Instant start, Instant end)
    {
        var idx = Enumerable.Range(0, rows.Starts.Length).Where(i => rows.Starts[i] >= start && rows.Starts[i] <= end).ToArray();
        var starts = idx[..^1].Select(i => rows.Starts[i]).ToArray();
        var ends = idx[1..].Select(i => rows.Starts[i]).ToArray();
        var values = idx[..^1].Select(i => rows.Values[i]).ToArray();
        return (starts, ends, values);
    }

    /// <summary>Hourly values with t ≤ h &lt; limit (limit exclusive), and the count of hours in that span.</summary>
    private static List<double?> Hours(Instant from, Instant toExclusive)
    {
        var list = new List<double?>();
        for (var h = from; h < toExclusive; h += Duration.FromHours(1))
        {
            list.Add(Hourly.Value.TryGetValue(h, out var v) && !double.IsNaN(v) ? v : null);
        }

        return list;
    }

    public static Outcome Daily(string id, Instant blackoutStart, bool fitCdd)
    {
        var (starts, ends, values) = Select(ReadMeter(id), blackoutStart - Duration.FromDays(365), blackoutStart);
        var t = new List<double>();
        var y = new List<double>();
        var tempPerRow = new double[starts.Length];
        for (var i = 0; i < starts.Length; i++)
        {
            var hours = Hours(starts[i], starts[i] + Duration.FromHours(24)).Where(v => v.HasValue).Select(v => v!.Value).ToList();
            tempPerRow[i] = hours.Count > 12 ? hours.Average() : double.NaN;
            var upd = values[i] / (ends[i] - starts[i]).TotalDays;
            if (!double.IsNaN(tempPerRow[i]) && !double.IsNaN(upd))
            {
                t.Add(tempPerRow[i]);
                y.Add(upd);
            }
        }

        var weights = Enumerable.Repeat(1.0, y.Count).ToArray();
        var hdd = Enumerable.Range(30, 61).ToDictionary(b => b, b => t.Select(v => Math.Max(b - v, 0)).ToArray());
        var cdd = Enumerable.Range(30, 61).ToDictionary(b => b, b => t.Select(v => Math.Max(v - b, 0)).ToArray());
        var all = Search([.. y], weights, hdd, cdd, fitCdd, minimumNonZero: 10);
        var selected = Best(all);
        var predicted = tempPerRow.Select((temp, i) => Predict(selected, temp) * (ends[i] - starts[i]).TotalDays).ToArray();
        return new Outcome(selected, y.Count, values, predicted, all);
    }

    public static Outcome Billing(string id, Instant blackoutStart, bool fitCdd)
    {
        var (starts, ends, values) = Select(ReadMeter(id), blackoutStart - Duration.FromDays(365), blackoutStart);
        var chunkMeans = new List<double[]>();
        var y = new List<double>();
        var w = new List<double>();
        for (var i = 0; i < starts.Length; i++)
        {
            var capEnd = starts[i] + Duration.FromDays(35) + Duration.FromHours(1);          // h ≤ t + 35 d
            var kept = Chunks(starts[i], ends[i] < capEnd ? ends[i] : capEnd);
            var upd = values[i] / (ends[i] - starts[i]).TotalDays;
            if (kept is null || double.IsNaN(upd))
            {
                continue;
            }

            chunkMeans.Add(kept.Value.Kept);
            y.Add(upd);
            w.Add(kept.Value.Kept.Length);
        }

        var hdd = Enumerable.Range(30, 61).ToDictionary(b => b, b => chunkMeans.Select(c => c.Average(m => Math.Max(b - m, 0))).ToArray());
        var cdd = Enumerable.Range(30, 61).ToDictionary(b => b, b => chunkMeans.Select(c => c.Average(m => Math.Max(m - b, 0))).ToArray());
        var all = Search([.. y], [.. w], hdd, cdd, fitCdd, minimumNonZero: 0);
        var selected = Best(all);
        var predicted = new double[starts.Length];
        for (var i = 0; i < starts.Length; i++)
        {
            var full = Chunks(starts[i], ends[i]);
            predicted[i] = full is null
                ? double.NaN
                : full.Value.Total * (selected.Coefficients[0]
                    + (selected.Hbp is { } h ? Coefficient(selected, "hdd") * full.Value.Kept.Average(m => Math.Max(h - m, 0)) : 0)
                    + (selected.Cbp is { } c ? Coefficient(selected, "cdd") * full.Value.Kept.Average(m => Math.Max(m - c, 0)) : 0));
        }

        return new Outcome(selected, y.Count, values, predicted, all);
    }

    /// <summary>Reporting rows [blackout end, + 365 d] (last NaN-ed): observed and the selected model's prediction.</summary>
    public static (Instant[] Starts, Instant[] Ends, double[] Observed, double[] Predicted) Reporting(string id, Instant blackoutEnd, Candidate model, bool billing)
    {
        var (starts, ends, values) = Select(ReadMeter(id), blackoutEnd, blackoutEnd + Duration.FromDays(365));
        var predicted = new double[starts.Length];
        for (var i = 0; i < starts.Length; i++)
        {
            if (billing)
            {
                var full = Chunks(starts[i], ends[i]);
                predicted[i] = full is null
                    ? double.NaN
                    : full.Value.Total * (model.Coefficients[0]
                        + (model.Hbp is { } h ? Coefficient(model, "hdd") * full.Value.Kept.Average(m => Math.Max(h - m, 0)) : 0)
                        + (model.Cbp is { } c ? Coefficient(model, "cdd") * full.Value.Kept.Average(m => Math.Max(m - c, 0)) : 0));
            }
            else
            {
                var hours = Hours(starts[i], starts[i] + Duration.FromHours(24)).Where(v => v.HasValue).Select(v => v!.Value).ToList();
                predicted[i] = hours.Count > 12 ? Predict(model, hours.Average()) * (ends[i] - starts[i]).TotalDays : double.NaN;
            }
        }

        return (starts, ends, values, predicted);
    }

    /// <summary>24-hour chunks of [from, toExclusive): null when under 90 % of hours are present.</summary>
    private static (double[] Kept, int Total)? Chunks(Instant from, Instant toExclusive)
    {
        var hours = Hours(from, toExclusive);
        if (hours.Count(v => v.HasValue) < 0.9 * hours.Count)
        {
            return null;
        }

        var kept = new List<double>();
        var total = 0;
        for (var c = 0; c < hours.Count; c += 24)
        {
            total++;
            var chunk = hours.Skip(c).Take(24).Where(v => v.HasValue).Select(v => v!.Value).ToList();
            if (chunk.Count > 12)
            {
                kept.Add(chunk.Average());
            }
        }

        return kept.Count == 0 ? null : (kept.ToArray(), total);
    }

    public static double Coefficient(Candidate c, string term) => term switch
    {
        "hdd" => c.Type == "cdd_hdd" ? c.Coefficients[2] : c.Coefficients[1],
        _ => c.Coefficients[1],
    };

    public static double Predict(Candidate c, double temperature) => double.IsNaN(temperature)
        ? double.NaN
        : c.Coefficients[0]
          + (c.Hbp is { } h ? Coefficient(c, "hdd") * Math.Max(h - temperature, 0) : 0)
          + (c.Cbp is { } b ? Coefficient(c, "cdd") * Math.Max(temperature - b, 0) : 0);

    private static List<Candidate> Search(double[] y, double[] w, Dictionary<int, double[]> hdd, Dictionary<int, double[]> cdd, bool fitCdd, int minimumNonZero)
    {
        var all = new List<Candidate>();
        var n = y.Length;
        var meanW = y.Zip(w, (a, b) => a * b).Sum() / w.Sum();
        all.Add(new Candidate("intercept_only", null, null, [meanW], 0, meanW >= 0));
        bool Ok(double[] dd) => dd.Count(v => v > 0) >= minimumNonZero && dd.Zip(w, (a, b) => a * b).Sum() >= 20;
        foreach (var b in hdd.Keys.Order())
        {
            if (Ok(hdd[b]))
            {
                all.Add(Fit("hdd_only", b, null, y, w, [hdd[b]]));
            }
        }

        if (fitCdd)
        {
            foreach (var b in cdd.Keys.Order())
            {
                if (Ok(cdd[b]))
                {
                    all.Add(Fit("cdd_only", null, b, y, w, [cdd[b]]));
                }
            }

            foreach (var c in cdd.Keys.Order())
            {
                foreach (var h in hdd.Keys.Order().Where(h => h <= c))
                {
                    if (Ok(hdd[h]) && Ok(cdd[c]))
                    {
                        // statsmodels formula "meter_value ~ cdd_X + hdd_Y": Intercept, cdd, hdd.
                        all.Add(Fit("cdd_hdd", h, c, y, w, [cdd[c], hdd[h]]));
                    }
                }
            }
        }

        return all;
    }

    private static Candidate Fit(string type, int? hbp, int? cbp, double[] y, double[] w, double[][] columns)
    {
        var n = y.Length;
        var k = columns.Length;
        var x = Matrix<double>.Build.Dense(n, k + 1, (i, j) => Math.Sqrt(w[i]) * (j == 0 ? 1 : columns[j - 1][i]));
        var beta = x.QR().Solve(Vector<double>.Build.Dense(n, i => Math.Sqrt(w[i]) * y[i]));
        var meanW = y.Zip(w, (a, b) => a * b).Sum() / w.Sum();
        double ssr = 0, tss = 0;
        for (var i = 0; i < n; i++)
        {
            var fitted = beta[0] + Enumerable.Range(0, k).Sum(j => beta[j + 1] * columns[j][i]);
            ssr += w[i] * (y[i] - fitted) * (y[i] - fitted);
            tss += w[i] * (y[i] - meanW) * (y[i] - meanW);
        }

        var adjusted = 1 - ((1 - (1 - (ssr / tss))) * (n - 1) / (n - k - 1));
        return new Candidate(type, hbp, cbp, [.. beta], adjusted, beta.All(b => b >= 0));
    }

    private static Candidate Best(List<Candidate> all)
    {
        Candidate? best = null;
        foreach (var c in all.Where(c => c.Qualified))
        {
            // First maximum wins; differences within 1e-12 are floating-point noise (reference caveat 5).
            if (best is null || c.AdjustedRSquared > best.AdjustedRSquared + 1e-12)
            {
                best = c;
            }
        }

        return best!;
    }

    private static Dictionary<Instant, double> ReadHourly()
    {
        var map = new Dictionary<Instant, double>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "eemeter", "temperature", "il-tempF.csv")).Skip(1))
        {
            var parts = line.Split(',');
            map[InstantPattern.ExtendedIso.Parse(parts[0]).Value] = parts[1].Length == 0 ? double.NaN : double.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        return map;
    }
}
