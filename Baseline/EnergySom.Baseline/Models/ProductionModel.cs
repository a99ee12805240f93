using System.Globalization;
using EnergySom.Baseline.LeastSquares;
using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Models;

/// <summary>
/// Production-normalised multivariate regression for factories (ISO 50006 statistical-model EnPI, IPMVP Option C with
/// production as the routine variable): energy = b₀ + Σ bₖ·driverₖ + b_H·HDD(τ_H) + b_C·CDD(τ_C) + b_W·[weekend] + b_Hol·[holiday],
/// fitted by ordinary least squares, with balance-point search and backward elimination on p-values.
/// </summary>
/// <remarks>
/// <para>1. Balance points: every heating/cooling pair of the settings (τ_H ≤ τ_C), each with or without its term, is
/// fitted with all other candidate variables; a degree-day slope must be positive; the highest adjusted R² wins
/// (the CalTRACK rule). The design is filled once and reused, so the search allocates nothing per candidate.</para>
/// <para>2. Backward elimination: while the least significant removable variable has p ≥
/// <see cref="ProductionSettings.RemovalPValue"/> (0.2), drop it and refit. The intercept and
/// <see cref="ProductionSettings.ForcedVariables"/> are never dropped.</para>
/// <para>3. Validity (DOE EnPI Lite, reference/standards.md §1.2): some variable p &lt; 0.1, F-test p &lt; 0.1,
/// R² ≥ 0.5; failures are listed, not hidden.</para>
/// <para>A variable that does not vary in the baseline never enters (it would be collinear with the intercept); a
/// design whose drivers are collinear with each other is refused with the column named.</para>
/// </remarks>
public static class ProductionModel
{
    /// <summary>Fits the baseline.</summary>
    /// <param name="energy">Energy per period (kWh, m³ …); NaN = missing.</param>
    /// <param name="baseline">Drivers of the same periods.</param>
    /// <exception cref="ArgumentException">Inputs disagree in length, no period is complete, or the drivers are collinear.</exception>
    public static ProductionFit Fit(ReadOnlySpan<double> energy, ProductionConditions baseline, ProductionSettings? settings = null)
    {
        settings ??= new ProductionSettings();
        settings.Validate();
        baseline.Validate("baseline");
        if (energy.Length != baseline.Periods)
        {
            throw new ArgumentException($"baseline: {energy.Length} energy values for {baseline.Periods} periods");
        }

        var useHeating = settings.UseHeatingDegreeDays && baseline.MeanTemperature is not null;
        var useCooling = settings.UseCoolingDegreeDays && baseline.MeanTemperature is not null;
        var rows = new List<int>(baseline.Periods);
        for (var i = 0; i < baseline.Periods; i++)
        {
            if (double.IsFinite(energy[i])
                && baseline.Variables.All(v => double.IsFinite(v.Values[i]))
                && (!(useHeating || useCooling) || double.IsFinite(baseline.MeanTemperature![i])))
            {
                rows.Add(i);
            }
        }

        var n = rows.Count;
        if (n == 0)
        {
            throw new ArgumentException($"baseline: none of the {baseline.Periods} periods has energy and every driver; there is nothing to fit");
        }

        var y = new double[n];
        for (var r = 0; r < n; r++)
        {
            y[r] = energy[rows[r]];
        }

        var decisions = new List<ProductionVariableDecision>();
        var columns = new List<ProductionColumn> { ProductionColumn.Intercept };
        foreach (var v in baseline.Variables)
        {
            var first = v.Values[rows[0]];
            if (rows.All(i => v.Values[i] == first))
            {
                decisions.Add(new ProductionVariableDecision(v.Name, false, double.NaN, 0,
                    string.Create(CultureInfo.InvariantCulture, $"does not vary in the baseline (all {n} values are {first}), so its effect cannot be told from the intercept")));
                continue;
            }

            columns.Add(new ProductionColumn(ProductionColumnKind.Variable, v.Name));
        }

        if (baseline.DayTypes is { } dayTypes)
        {
            foreach (var (kind, type, name) in new[] { (ProductionColumnKind.Weekend, ProductionDayType.Weekend, "weekend"), (ProductionColumnKind.Holiday, ProductionDayType.Holiday, "holiday") })
            {
                var count = rows.Count(i => dayTypes[i] == type);
                if (count == 0 || count == n)
                {
                    decisions.Add(new ProductionVariableDecision(name, false, double.NaN, 0,
                        count == 0 ? $"no {name} day in the baseline" : $"every baseline period is a {name} day"));
                    continue;
                }

                columns.Add(new ProductionColumn(kind, name));
            }
        }

        // Design buffer: fixed columns first, then room for hdd and cdd; filled once, degree-day columns per candidate.
        var fixedCount = columns.Count;
        var capacity = fixedCount + 2;
        var x = new double[n * capacity];
        var variables = columns.Select(c => c.Resolve(baseline, "baseline")).ToArray();
        for (var j = 0; j < fixedCount; j++)
        {
            for (var r = 0; r < n; r++)
            {
                x[(j * n) + r] = columns[j].Value(baseline, rows[r], variables[j]);
            }
        }

        var temperature = useHeating || useCooling ? rows.Select(i => baseline.MeanTemperature![i]).ToArray() : [];
        var workspace = new double[(n * capacity) + n];
        var beta = new double[capacity];
        var names = new string[capacity];
        for (var j = 0; j < fixedCount; j++)
        {
            names[j] = columns[j].Name;
        }

        var sst = CentredSumOfSquares(y);
        double? bestHeating = null, bestCooling = null;
        var bestAdjusted = double.NegativeInfinity;
        var found = false;
        var evaluated = 0;
        var heatingCandidates = Candidates(useHeating, settings.HeatingBalancePoints);
        var coolingCandidates = Candidates(useCooling, settings.CoolingBalancePoints);
        foreach (var h in heatingCandidates)
        {
            foreach (var c in coolingCandidates)
            {
                if (h is { } hb && c is { } cb && hb > cb)
                {
                    continue;
                }

                var p = fixedCount;
                if (h is { } heating)
                {
                    names[p] = "hdd";
                    FillDegreeDays(x.AsSpan(p++ * n, n), temperature, heating, heatingSide: true);
                }

                if (c is { } cooling)
                {
                    names[p] = "cdd";
                    FillDegreeDays(x.AsSpan(p++ * n, n), temperature, cooling, heatingSide: false);
                }

                if (n <= p)
                {
                    if (h is null && c is null)
                    {
                        throw new ArgumentException($"baseline: {n} complete periods cannot support {p} coefficients ({string.Join(", ", names[..p])})");
                    }

                    continue;
                }

                evaluated++;
                try
                {
                    HouseholderQr.Solve(x, n, p, y, default, beta, workspace, default, names);
                }
                catch (SingularDesignException e) when (h is not null || c is not null)
                {
                    _ = e; // e.g. no day above this cooling balance point: not a candidate
                    continue;
                }
                catch (SingularDesignException e)
                {
                    throw new ArgumentException($"baseline: {e.Message}; two drivers carry the same information (collinear) — drop one", e);
                }

                if ((h is not null && !(beta[fixedCount] > 0)) || (c is not null && !(beta[p - 1] > 0)))
                {
                    continue; // a degree-day slope must be positive to be physical
                }

                var sse = SumSquaredErrors(x, n, p, y, beta);
                var adjusted = 1 - (sse / (n - p) / (sst / (n - 1)));
                if (!found || adjusted > bestAdjusted)
                {
                    found = true;
                    bestAdjusted = adjusted;
                    bestHeating = h;
                    bestCooling = c;
                }
            }
        }

        if (useHeating)
        {
            if (bestHeating is { } hb)
            {
                columns.Add(new ProductionColumn(ProductionColumnKind.HeatingDegreeDays, "hdd", hb));
            }
            else
            {
                decisions.Add(new ProductionVariableDecision("hdd", false, double.NaN, 0,
                    $"no heating balance point in [{settings.HeatingBalancePoints.Min()}, {settings.HeatingBalancePoints.Max()}] gave a positive slope that raised adjusted R²"));
            }
        }

        if (useCooling)
        {
            if (bestCooling is { } cb)
            {
                columns.Add(new ProductionColumn(ProductionColumnKind.CoolingDegreeDays, "cdd", cb));
            }
            else
            {
                decisions.Add(new ProductionVariableDecision("cdd", false, double.NaN, 0,
                    $"no cooling balance point in [{settings.CoolingBalancePoints.Min()}, {settings.CoolingBalancePoints.Max()}] gave a positive slope that raised adjusted R²"));
            }
        }

        return Eliminate(y, baseline, rows, columns, decisions, sst, evaluated, baseline.Periods - n, settings);
    }

    /// <summary>
    /// Normalised savings: both models on the same normal conditions (IPMVP fixed-conditions basis), with the
    /// uncertainty from both models' coefficients.
    /// </summary>
    public static ProductionNormalisedSavings NormalisedSavings(ProductionFit baseline, ProductionFit reporting, ProductionConditions normal)
    {
        var b = baseline.PredictTotal(normal);
        var r = reporting.PredictTotal(normal);
        double vb = b.StandardError * b.StandardError, vr = r.StandardError * r.StandardError;
        var dof = vb + vr > 0 ? (vb + vr) * (vb + vr) / ((vb * vb / b.DegreesOfFreedom) + (vr * vr / r.DegreesOfFreedom)) : double.NaN;
        return new ProductionNormalisedSavings(b, r, b.Total - r.Total, Math.Sqrt(vb + vr), dof);
    }

    private static ProductionFit Eliminate(
        double[] y,
        ProductionConditions baseline,
        List<int> rows,
        List<ProductionColumn> columns,
        List<ProductionVariableDecision> decisions,
        double sst,
        int evaluated,
        int dropped,
        ProductionSettings settings)
    {
        var n = y.Length;
        var step = 0;
        while (true)
        {
            var p = columns.Count;
            var x = new double[n * p];
            var variables = columns.Select(c => c.Resolve(baseline, "baseline")).ToArray();
            for (var j = 0; j < p; j++)
            {
                for (var r = 0; r < n; r++)
                {
                    x[(j * n) + r] = columns[j].Value(baseline, rows[r], variables[j]);
                }
            }

            var beta = new double[p];
            var inverseDiagonal = new double[p];
            var workspace = new double[(n * p) + n];
            try
            {
                HouseholderQr.Solve(x, n, p, y, default, beta, workspace, inverseDiagonal, columns.Select(c => c.Name).ToArray());
            }
            catch (SingularDesignException e)
            {
                throw new ArgumentException($"baseline: {e.Message}; two drivers carry the same information (collinear) — drop one", e);
            }

            var sse = SumSquaredErrors(x, n, p, y, beta);
            var dof = n - p;
            var sigma2 = sse / dof;
            var terms = new ProductionTerm[p];
            for (var j = 0; j < p; j++)
            {
                var se = Math.Sqrt(sigma2 * inverseDiagonal[j]);
                var t = beta[j] / se;
                terms[j] = new ProductionTerm(columns[j].Name, beta[j], se, t, StudentT.TwoSidedPValue(t, dof));
            }

            var worst = -1;
            for (var j = 1; j < p; j++)
            {
                if (columns[j].Kind == ProductionColumnKind.Variable && settings.ForcedVariables.Contains(columns[j].Name))
                {
                    continue;
                }

                if (worst < 0 || !(terms[j].PValue <= terms[worst].PValue))
                {
                    worst = j;
                }
            }

            if (worst > 0 && !(terms[worst].PValue < settings.RemovalPValue))
            {
                step++;
                decisions.Add(new ProductionVariableDecision(columns[worst].Name, false, terms[worst].PValue, step,
                    string.Create(CultureInfo.InvariantCulture, $"dropped at step {step}: p = {terms[worst].PValue:0.####} ≥ {settings.RemovalPValue} (least significant)")));
                columns.RemoveAt(worst);
                continue;
            }

            for (var j = 1; j < p; j++)
            {
                var forced = columns[j].Kind == ProductionColumnKind.Variable && settings.ForcedVariables.Contains(columns[j].Name);
                var reason = forced
                    ? string.Create(CultureInfo.InvariantCulture, $"kept (forced by the settings), p = {terms[j].PValue:0.####}")
                    : string.Create(CultureInfo.InvariantCulture, $"kept: p = {terms[j].PValue:0.####} < {settings.RemovalPValue}");
                decisions.Add(new ProductionVariableDecision(columns[j].Name, true, terms[j].PValue, 0, reason));
            }

            var predicted = new double[n];
            for (var r = 0; n > 0 && r < n; r++)
            {
                var sum = 0.0;
                for (var j = 0; j < p; j++)
                {
                    sum += x[(j * n) + r] * beta[j];
                }

                predicted[r] = sum;
            }

            var searched = columns.Count(c =>
                (c.Kind == ProductionColumnKind.HeatingDegreeDays && settings.HeatingBalancePoints.Count > 1)
                || (c.Kind == ProductionColumnKind.CoolingDegreeDays && settings.CoolingBalancePoints.Count > 1));
            var counted = n > p + searched ? p + searched : p;
            var statistics = GoodnessOfFit.Compute(y, predicted, default, counted, counted - 1);
            var f = p > 1 ? (sst - sse) / (p - 1) / sigma2 : double.NaN;
            var modelP = p > 1 ? FisherF.UpperTail(f, p - 1, dof) : double.NaN;
            var failures = new List<string>();
            if (!terms.Skip(1).Any(t => t.PValue < settings.RequiredPValue))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"no variable has p < {settings.RequiredPValue}"));
            }

            if (!(modelP < settings.ModelPValue))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"model F-test p = {modelP:0.####} is not < {settings.ModelPValue}"));
            }

            if (!(statistics.RSquared >= settings.MinimumRSquared))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"R² = {statistics.RSquared:0.###} is below {settings.MinimumRSquared}"));
            }

            var rFactor = new double[p * p];
            for (var i = 0; i < p; i++)
            {
                for (var j = i; j < p; j++)
                {
                    rFactor[(i * p) + j] = workspace[(j * n) + i];
                }
            }

            return new ProductionFit([.. columns], beta, rFactor, sigma2, terms, decisions, statistics, f, modelP, failures, n, dropped, evaluated, settings);
        }
    }

    private static double?[] Candidates(bool use, IReadOnlyList<double> points) =>
        use ? [null, .. points.Select(b => (double?)b)] : [null];

    private static void FillDegreeDays(Span<double> column, double[] temperature, double balance, bool heatingSide)
    {
        for (var r = 0; r < column.Length; r++)
        {
            column[r] = heatingSide ? DegreeDays.Heating(temperature[r], balance) : DegreeDays.Cooling(temperature[r], balance);
        }
    }

    private static double SumSquaredErrors(double[] x, int n, int p, double[] y, double[] beta)
    {
        var sse = 0.0;
        for (var r = 0; r < n; r++)
        {
            var fitted = 0.0;
            for (var j = 0; j < p; j++)
            {
                fitted += x[(j * n) + r] * beta[j];
            }

            sse += (y[r] - fitted) * (y[r] - fitted);
        }

        return sse;
    }

    private static double CentredSumOfSquares(double[] y)
    {
        var mean = y.Average();
        return y.Sum(v => (v - mean) * (v - mean));
    }
}
