using System.Text.Json.Nodes;
using EnergySom.Baseline.Data;
using EnergySom.Baseline.LeastSquares;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Statistics;
using NodaTime;

namespace EnergySom.Baseline.Models;

/// <summary>
/// CalTRACK 2.0 billing method: usage per day on per-day-averaged HDD and CDD, weighted least squares with the
/// kept days as weights, as eemeter 3.2.0 runs it (<c>use_billing_presets=True</c>, reference/caltrack-method.md).
/// </summary>
/// <remarks>
/// By default the fit matches each period's temperatures up to 35 days (+ 1 hour) after its start, eemeter's merge
/// tolerance: bimonthly periods are fitted on their first 35 days with weight 35, while prediction uses the whole
/// period. <see cref="CalTrackOptions.BillingFitUsesWholePeriod"/> corrects that (recorded as a deviation).
/// </remarks>
public static class CalTrackBilling
{
    /// <summary>Recorded in every result; bump when the numbers could change.</summary>
    public const string AlgorithmVersion = "caltrack-billing/1";

    /// <summary>Selects the billing periods wholly inside <paramref name="baseline"/>, checks sufficiency and fits.</summary>
    /// <exception cref="InsufficientDataException">Sufficiency failed and the override is off.</exception>
    /// <exception cref="BaselineFitException">No usable period, or no candidate qualified.</exception>
    public static CalTrackFit Fit(UsageSeries usage, HourlyTemperature temperature, Interval baseline, CalTrackOptions? options = null)
    {
        options ??= new CalTrackOptions();
        var design = Design(usage.Within(baseline), temperature, options);
        var sufficiency = DataSufficiency.Check(design, baseline, options.Sufficiency);
        if (!sufficiency.Passed && !options.FitDespiteInsufficientData)
        {
            throw new InsufficientDataException(sufficiency);
        }

        return Fit(design, options, sufficiency, baseline);
    }

    /// <summary>The billing design these options call for.</summary>
    public static BillingDesign Design(UsageSeries usage, HourlyTemperature temperature, CalTrackOptions options) =>
        BillingDesign.Build(
            usage,
            temperature,
            options.Unit,
            options.BillingFitUsesWholePeriod ? PeriodTemperatureRules.BillingPrediction : PeriodTemperatureRules.BillingFit,
            options.ZeroUsageIsMissing);

    /// <summary>Fits a prepared billing design.</summary>
    public static CalTrackFit Fit(BillingDesign design, CalTrackOptions? options = null, SufficiencyReport? sufficiency = null, Interval? baseline = null, CalTrackSearchWorkspace? workspace = null)
    {
        options ??= new CalTrackOptions();
        CalTrackResultBuilder.CheckUnits(options, design.Unit);
        workspace ??= new CalTrackSearchWorkspace();
        var settings = CalTrackSearchSettings.From(options, billing: true);

        var periods = new List<int>();
        for (var p = 0; p < design.Periods; p++)
        {
            if (design.Usable(p))
            {
                periods.Add(p);
            }
        }

        var rows = periods.Count;
        var y = new double[rows];
        var w = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            y[i] = design.UsagePerDay[periods[i]];
            w[i] = design.Fit.KeptDays(periods[i]);
        }

        var hdd = Table(design.Fit, periods, settings.Heating, heating: true);
        var cdd = settings.FitCooling ? Table(design.Fit, periods, settings.Cooling, heating: false) : [];
        var selection = CalTrackTableSearch.Run(y, w, hdd, cdd, settings, workspace);
        CalTrackResultBuilder.RequireSelection(selection, rows, "caltrack billing");

        var (x, names) = CalTrackResultBuilder.Design(
            selection,
            rows,
            (i, b) => design.Fit.HeatingDegreeDaysPerDay(periods[i], b),
            (i, b) => design.Fit.CoolingDegreeDaysPerDay(periods[i], b));
        var fit = LinearFit.Fit(x, rows, names, y, w);
        var model = CalTrackResultBuilder.Model(selection, fit, options.Unit);
        var slopes = names.Length - 1;
        var statistics = GoodnessOfFit.Compute(y, [.. fit.Fitted], w, names.Length, slopes, options.Guideline14);

        var predicted = model.Predict(design);
        var observed = design.Usage.ToArray();
        var totals = GoodnessOfFit.Compute(observed, predicted, default, names.Length, slopes, options.Guideline14);

        var period = baseline ?? (design.Periods > 0 ? new Interval(design.Starts[0], design.Ends[^1]) : new Interval(Instant.MinValue, Instant.MinValue));
        var keptDays = new JsonArray();
        foreach (var p in periods)
        {
            keptDays.Add(design.Fit.KeptDays(p));
        }

        var result = CalTrackResultBuilder.Result(
            ModelKinds.CalTrackBilling, AlgorithmVersion, selection, workspace, fit, statistics, totals, options, billing: true, sufficiency, period,
            new JsonObject
            {
                ["rows_used"] = rows,
                ["periods"] = design.Periods,
                ["response"] = "usage_per_day",
                ["weights_n_days_kept"] = keptDays,
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

    private static double[] Table(PeriodTemperatures temperatures, List<int> periods, double[] grid, bool heating)
    {
        var rows = periods.Count;
        var table = new double[rows * grid.Length];
        for (var j = 0; j < grid.Length; j++)
        {
            for (var i = 0; i < rows; i++)
            {
                table[(j * rows) + i] = heating
                    ? temperatures.HeatingDegreeDaysPerDay(periods[i], grid[j])
                    : temperatures.CoolingDegreeDaysPerDay(periods[i], grid[j]);
            }
        }

        return table;
    }
}
