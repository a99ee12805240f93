using System.Text.Json.Nodes;
using EnergySom.Baseline.Data;
using EnergySom.Baseline.LeastSquares;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Statistics;
using NodaTime;

namespace EnergySom.Baseline.Models;

/// <summary>
/// CalTRACK 2.0 daily method: usage per day on HDD and CDD at the best balance points, by OLS, as the reference
/// implementation (eemeter 3.2.0) runs it (reference/caltrack-method.md).
/// </summary>
public static class CalTrackDaily
{
    /// <summary>Recorded in every result; bump when the numbers could change.</summary>
    public const string AlgorithmVersion = "caltrack-daily/1";

    /// <summary>
    /// Selects the baseline periods wholly inside <paramref name="baseline"/> (half-open), builds the daily design,
    /// checks CalTRACK data sufficiency and fits.
    /// </summary>
    /// <exception cref="InsufficientDataException">Sufficiency failed and <see cref="CalTrackOptions.FitDespiteInsufficientData"/> is off.</exception>
    /// <exception cref="BaselineFitException">No usable rows, or no candidate qualified.</exception>
    public static CalTrackFit Fit(UsageSeries usage, HourlyTemperature temperature, Interval baseline, CalTrackOptions? options = null)
    {
        options ??= new CalTrackOptions();
        var design = DailyDesign.Build(usage.Within(baseline), temperature, options.Unit, options.ZeroUsageIsMissing);
        var sufficiency = DataSufficiency.Check(design, baseline, options.Sufficiency);
        if (!sufficiency.Passed && !options.FitDespiteInsufficientData)
        {
            throw new InsufficientDataException(sufficiency);
        }

        return Fit(design, options, sufficiency, baseline);
    }

    /// <summary>Fits a prepared daily design (no sufficiency check unless a report is passed in).</summary>
    public static CalTrackFit Fit(DailyDesign design, CalTrackOptions? options = null, SufficiencyReport? sufficiency = null, Interval? baseline = null, CalTrackSearchWorkspace? workspace = null)
    {
        options ??= new CalTrackOptions();
        CalTrackResultBuilder.CheckUnits(options, design.Unit);
        workspace ??= new CalTrackSearchWorkspace();
        var settings = CalTrackSearchSettings.From(options, billing: false);

        var rows = design.UsableRows;
        var t = new double[rows];
        var y = new double[rows];
        design.CopyUsable(t, y);
        var selection = CalTrackDailySearch.Run(t, y, settings, workspace);
        CalTrackResultBuilder.RequireSelection(selection, rows, "caltrack daily");

        var (x, names) = CalTrackResultBuilder.Design(selection, rows, (i, b) => Math.Max(b - t[i], 0), (i, b) => Math.Max(t[i] - b, 0));
        var fit = LinearFit.Fit(x, rows, names, y);
        var model = CalTrackResultBuilder.Model(selection, fit, options.Unit);
        var slopes = names.Length - 1;
        var statistics = GoodnessOfFit.Compute(y, [.. fit.Fitted], default, names.Length, slopes, options.Guideline14);

        var predicted = model.Predict(design);
        var observed = design.Usage.ToArray();

        // With one-day periods the totals are the usage per day row for row: the same statistics, computed once.
        var totals = AllSingleDays(design)
            ? statistics
            : GoodnessOfFit.Compute(observed, predicted, default, names.Length, slopes, options.Guideline14);

        var period = baseline ?? (design.Periods > 0 ? new Interval(design.Starts[0], design.Ends[^1]) : new Interval(Instant.MinValue, Instant.MinValue));
        var result = CalTrackResultBuilder.Result(
            ModelKinds.CalTrackDaily, AlgorithmVersion, selection, workspace, fit, statistics, totals, options, billing: false, sufficiency, period,
            new JsonObject
            {
                ["rows_used"] = rows,
                ["periods"] = design.Periods,
                ["response"] = "usage_per_day",
                ["day_temperature_rule"] = "mean of hourly values in [start, end), kept when more than half of the hours are present (> 12 of 24)",
                ["candidates"] = selection.Candidates,
            });
        return new CalTrackFit
        {
            Model = model,
            Result = result,
            Regression = fit,
            Selection = selection,
            BaselineObservedTotals = observed,
            BaselinePredictedTotals = predicted,
        };
    }

    private static bool AllSingleDays(DailyDesign design)
    {
        foreach (var days in design.Days)
        {
            if (days != 1)
            {
                return false;
            }
        }

        return true;
    }
}
