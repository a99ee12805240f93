using System.Text.Json.Nodes;
using EnergySom.Baseline.Data;
using EnergySom.Baseline.LeastSquares;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Statistics;
using NodaTime;

namespace EnergySom.Baseline.Models;

/// <summary>What the daily and billing methods share after their searches: the final QR fit and the record.</summary>
internal static class CalTrackResultBuilder
{
    public const string SelectionRule =
        "highest adjusted R2 (statsmodels) among qualified candidates (intercept and slopes >= 0); intercept_only has adjusted R2 0 by definition; " +
        "order intercept_only, hdd_only (HBP ascending), cdd_only (CBP ascending), cdd_hdd (CBP outer ascending, HBP inner ascending, HBP <= CBP); " +
        "a later candidate must beat the best by more than the tie tolerance";

    /// <summary>Checks the search found a model, else explains why not.</summary>
    public static void RequireSelection(in CalTrackSelection selection, int rows, string method)
    {
        if (selection.ModelType is null)
        {
            throw new BaselineFitException(rows == 0
                ? $"{method}: no usable rows (periods with both usage and temperature) in the baseline"
                : $"{method}: no candidate model qualified among {selection.Candidates} ({selection.Disqualified} disqualified, {selection.NotAttempted} not attempted, {selection.Singular} singular) on {rows} rows");
        }
    }

    /// <summary>The selected form's design columns (intercept, HDD, CDD as present), column-major, and their names.</summary>
    public static (double[] Design, string[] Names) Design(in CalTrackSelection selection, int rows, Func<int, double, double> hdd, Func<int, double, double> cdd)
    {
        var names = new List<string> { "intercept" };
        var hasH = !double.IsNaN(selection.HeatingBalancePoint);
        var hasC = !double.IsNaN(selection.CoolingBalancePoint);
        if (hasH)
        {
            names.Add("beta_hdd");
        }

        if (hasC)
        {
            names.Add("beta_cdd");
        }

        var x = new double[rows * names.Count];
        var column = 0;
        x.AsSpan(0, rows).Fill(1);
        if (hasH)
        {
            column++;
            for (var i = 0; i < rows; i++)
            {
                x[(column * rows) + i] = hdd(i, selection.HeatingBalancePoint);
            }
        }

        if (hasC)
        {
            column++;
            for (var i = 0; i < rows; i++)
            {
                x[(column * rows) + i] = cdd(i, selection.CoolingBalancePoint);
            }
        }

        return (x, [.. names]);
    }

    public static CalTrackModel Model(in CalTrackSelection selection, LinearFit fit, TemperatureUnit unit) => new(
        selection.ModelType!,
        fit["intercept"],
        double.IsNaN(selection.HeatingBalancePoint) ? 0 : fit["beta_hdd"],
        double.IsNaN(selection.CoolingBalancePoint) ? 0 : fit["beta_cdd"],
        double.IsNaN(selection.HeatingBalancePoint) ? null : selection.HeatingBalancePoint,
        double.IsNaN(selection.CoolingBalancePoint) ? null : selection.CoolingBalancePoint,
        unit);

    public static BaselineResult Result(
        string kind,
        string algorithmVersion,
        in CalTrackSelection selection,
        CalTrackSearchWorkspace workspace,
        LinearFit fit,
        ModelStatistics statistics,
        ModelStatistics totals,
        CalTrackOptions options,
        bool billing,
        SufficiencyReport? sufficiency,
        Interval period,
        JsonObject parameters)
    {
        var disqualified = new List<CandidateOutcome>();
        foreach (ref readonly var c in workspace.Disqualified)
        {
            if (c.AdjustedRSquared > selection.AdjustedRSquared)
            {
                disqualified.Add(CalTrackSelection.Outcome(c));
            }
        }

        var warnings = new List<BaselineWarning>();
        if (sufficiency is not null)
        {
            warnings.AddRange(sufficiency.Warnings);
        }

        return new BaselineResult
        {
            ModelKind = kind,
            ModelType = selection.ModelType!,
            AlgorithmVersion = algorithmVersion,
            BaselinePeriod = ResultPeriod.Of(period),
            Coefficients = fit.Estimates(),
            BalancePoints = new BalancePoints(
                double.IsNaN(selection.HeatingBalancePoint) ? null : selection.HeatingBalancePoint,
                double.IsNaN(selection.CoolingBalancePoint) ? null : selection.CoolingBalancePoint,
                options.Unit),
            Statistics = statistics,
            TotalsStatistics = totals,
            Selection = new CandidateSummary(
                $"{SelectionRule} ({options.TieTolerance:R})",
                selection.Qualified,
                selection.Disqualified,
                selection.NotAttempted,
                selection.Singular,
                disqualified),
            Sufficiency = sufficiency is null
                ? null
                : new SufficiencyOutcome(sufficiency.Criteria, sufficiency.Passed, !sufficiency.Passed && options.FitDespiteInsufficientData),
            Warnings = warnings,
            Settings = options.ToJson(billing),
            Deviations = options.Deviations(billing),
            Parameters = parameters,
        };
    }

    public static void CheckUnits(CalTrackOptions options, TemperatureUnit designUnit)
    {
        if (designUnit != options.Unit)
        {
            throw new ArgumentException($"the design is in °{TemperatureUnits.Symbol(designUnit)} but the options search °{TemperatureUnits.Symbol(options.Unit)}; build the design in the options' unit");
        }

        if (options.Unit == TemperatureUnit.Celsius && (options.HeatingBalancePoints == BalancePointGrid.CalTrack || options.CoolingBalancePoints == BalancePointGrid.CalTrack))
        {
            throw new ArgumentException("CalTRACK's balance-point grid is 30–90 °F; give °C grids explicitly when searching in °C");
        }
    }
}
