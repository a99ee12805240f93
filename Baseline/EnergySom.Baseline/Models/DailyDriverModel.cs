using EnergySom.Baseline.LeastSquares;
using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Models;

/// <summary>Daily design data: one row per day; NaN energy marks a missing day.</summary>
public sealed record DailyDriverData(double[] Energy, double[] MeanTemperature, double[] Production, bool[] WorkingDay)
{
    public int Days => Energy.Length;
}

/// <summary>What the daily driver model may use and where it searches balance points (°C).</summary>
public sealed record DailyDriverSettings
{
    public IReadOnlyList<double> HeatingBalancePoints { get; init; } = Range(8, 22);

    public IReadOnlyList<double> CoolingBalancePoints { get; init; } = Range(14, 30);

    /// <summary>Allow cooling terms (false for gas, which has no cooling load).</summary>
    public bool FitCooling { get; init; } = true;

    public bool UseProduction { get; init; } = true;

    public bool UseWorkingDay { get; init; } = true;

    private static double[] Range(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => (double)i).ToArray();
}

/// <summary>A fitted daily driver model.</summary>
public sealed record DailyDriverFit(
    string Form,
    double? HeatingBalancePoint,
    double? CoolingBalancePoint,
    IReadOnlyList<ModelTerm> Terms,
    FitStatistics Statistics,
    int CandidatesFitted,
    string AlgorithmVersion)
{
    /// <summary>Predicted energy for one day.</summary>
    public double Predict(double meanTemperature, double production, bool workingDay)
    {
        if (double.IsNaN(meanTemperature))
        {
            return double.NaN;
        }

        var total = 0.0;
        foreach (var term in Terms)
        {
            total += term.Coefficient * term.Name switch
            {
                "intercept" => 1,
                "hdd" => DegreeDays.Heating(meanTemperature, HeatingBalancePoint!.Value),
                "cdd" => DegreeDays.Cooling(meanTemperature, CoolingBalancePoint!.Value),
                "production" => production,
                "working_day" => workingDay ? 1 : 0,
                _ => throw new InvalidOperationException($"unknown term '{term.Name}'"),
            };
        }

        return total;
    }
}

/// <summary>
/// A daily baseline for factories: energy = b0 + bH·HDD(τH) + bC·CDD(τC) + bP·production + bW·[working day],
/// fitted by ordinary least squares with a grid search over the balance points τH ≤ τC. Candidates with and
/// without each weather term are fitted; a weather slope must be positive to qualify, and the qualified
/// candidate with the highest adjusted R² wins (the CalTRACK selection rule, extended with production and day type).
/// </summary>
public static class DailyDriverModel
{
    public const string AlgorithmVersion = "daily-driver/1";

    public static DailyDriverFit Fit(DailyDriverData data, DailyDriverSettings? settings = null)
    {
        settings ??= new DailyDriverSettings();
        var rows = Enumerable.Range(0, data.Days)
            .Where(i => !double.IsNaN(data.Energy[i]) && !double.IsNaN(data.MeanTemperature[i]) && !double.IsNaN(data.Production[i]))
            .ToArray();
        var n = rows.Length;
        var y = rows.Select(i => data.Energy[i]).ToArray();
        var t = rows.Select(i => data.MeanTemperature[i]).ToArray();
        var production = rows.Select(i => data.Production[i]).ToArray();
        var working = rows.Select(i => data.WorkingDay[i] ? 1.0 : 0.0).ToArray();
        var useProduction = settings.UseProduction && production.Distinct().Skip(1).Any();
        var useWorking = settings.UseWorkingDay && working.Distinct().Skip(1).Any();

        var heating = new double?[] { null }.Concat(settings.HeatingBalancePoints.Select(b => (double?)b)).ToArray();
        var cooling = settings.FitCooling
            ? new double?[] { null }.Concat(settings.CoolingBalancePoints.Select(b => (double?)b)).ToArray()
            : [null];

        const int MaxColumns = 5;
        var x = new double[n * MaxColumns];
        var workspace = new double[(n * MaxColumns) + n];
        var coefficients = new double[MaxColumns];
        var predicted = new double[n];
        DailyDriverFit? best = null;
        var fitted = 0;
        foreach (var h in heating)
        {
            foreach (var c in cooling)
            {
                if (h is not null && c is not null && h > c)
                {
                    continue;
                }

                var names = new List<string> { "intercept" };
                var p = 0;
                Fill(x, n, p++, _ => 1.0);
                if (h is { } hb)
                {
                    names.Add("hdd");
                    Fill(x, n, p++, i => DegreeDays.Heating(t[i], hb));
                }

                if (c is { } cb)
                {
                    names.Add("cdd");
                    Fill(x, n, p++, i => DegreeDays.Cooling(t[i], cb));
                }

                if (useProduction)
                {
                    names.Add("production");
                    Fill(x, n, p++, i => production[i]);
                }

                if (useWorking)
                {
                    names.Add("working_day");
                    Fill(x, n, p++, i => working[i]);
                }

                if (n <= p)
                {
                    continue;
                }

                var inverseDiagonal = new double[p];
                try
                {
                    HouseholderQr.Solve(x, n, p, y, default, coefficients, workspace, inverseDiagonal, names);
                }
                catch (SingularDesignException)
                {
                    continue; // e.g. no day above this cooling balance point
                }

                fitted++;
                if ((h is not null && coefficients[1] <= 0) || (c is not null && coefficients[h is null ? 1 : 2] <= 0))
                {
                    continue; // a weather slope must be positive to be physical
                }

                for (var i = 0; i < n; i++)
                {
                    var sum = 0.0;
                    for (var j = 0; j < p; j++)
                    {
                        sum += x[(j * n) + i] * coefficients[j];
                    }

                    predicted[i] = sum;
                }

                var statistics = FitStatistics.Compute(y, predicted, p);
                if (best is not null && statistics.AdjustedRSquared <= best.Statistics.AdjustedRSquared)
                {
                    continue;
                }

                var sigma2 = statistics.SumSquaredErrors / (n - p);
                var terms = names.Select((name, j) => new ModelTerm(name, coefficients[j], Math.Sqrt(sigma2 * inverseDiagonal[j]))).ToList();
                best = new DailyDriverFit(string.Join(" + ", terms.Select(term => term.Name switch
                {
                    "hdd" => $"hdd({h:0.#})",
                    "cdd" => $"cdd({c:0.#})",
                    _ => term.Name,
                })), h, c, terms, statistics, 0, AlgorithmVersion);
            }
        }

        return best is null
            ? throw new InvalidOperationException($"no candidate model could be fitted to {n} usable days")
            : best with { CandidatesFitted = fitted };
    }

    private static void Fill(double[] x, int n, int column, Func<int, double> value)
    {
        for (var i = 0; i < n; i++)
        {
            x[(column * n) + i] = value(i);
        }
    }
}
