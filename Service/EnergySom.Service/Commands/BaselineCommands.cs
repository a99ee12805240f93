using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EnergySom.Baseline.Data;
using EnergySom.Baseline.Models;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Savings;
using NodaTime;
using NodaTime.Text;

namespace EnergySom.Service.Commands;

/// <summary>
/// <c>energysom baseline fit --usage U.csv --temperature T.csv [--temperature-unit F|C] --method M [--fuel electricity|gas]
/// [--drivers D.csv] --baseline FROM..TO [--report FROM..TO] [--json] [--allow-insufficient]</c>: fits a baseline model,
/// and with <c>--report</c> predicts the reporting period and prints avoided energy with its uncertainty.
/// </summary>
public static class BaselineCommands
{
    /// <summary>What a method needs: the parsed inputs and the user's choices.</summary>
    public sealed record FitRequest(
        UsageSeries Usage,
        HourlyTemperature Temperature,
        TemperatureUnit TemperatureUnit,
        Fuel Fuel,
        string? DriversPath,
        Interval Baseline,
        Interval? Report,
        bool AllowInsufficient);

    /// <summary>What a method returns: the model record, its baseline totals and (with a report period) the savings.</summary>
    public sealed record FitOutcome(BaselineResult Result, double BaselineObservedTotal, double BaselinePredictedTotal, SavingsResult? Savings);

    /// <summary>
    /// Method name → fitter. Every method of the issue has a name here; the ones whose models are not in this build
    /// say so. When a model is merged, its entry becomes a fitter (FitRequest → FitOutcome).
    /// </summary>
    public static IReadOnlyDictionary<string, Func<FitRequest, FitOutcome>?> Methods { get; } = new Dictionary<string, Func<FitRequest, FitOutcome>?>
    {
        ["caltrack-daily"] = r => CalTrack(r, billing: false),
        ["caltrack-billing"] = r => CalTrack(r, billing: true),
        ["caltrack-hourly"] = r => Hourly(r, caltrack: true),
        ["towt"] = r => Hourly(r, caltrack: false),
        ["change-point"] = ChangePoint,
        ["production"] = Production,
    };

    public static Command Create()
    {
        var usage = new Option<string>("--usage") { Description = "Usage CSV: timestamp,value (ISO-8601 UTC period starts; the last row closes the previous period)", Required = true };
        var temperature = new Option<string>("--temperature") { Description = "Hourly temperature CSV: timestamp,<column>", Required = true };
        var unit = new Option<string?>("--temperature-unit") { Description = "F or C (default: from the column name, e.g. temp_f)" };
        var method = new Option<string>("--method") { Description = "caltrack-daily | caltrack-billing | caltrack-hourly | change-point | towt | production", Required = true };
        var fuel = new Option<string>("--fuel") { Description = "electricity | gas (gas fits no cooling terms)", DefaultValueFactory = _ => "electricity" };
        var drivers = new Option<string?>("--drivers") { Description = "Drivers CSV (production, operating hours …) for --method production" };
        var baseline = new Option<string>("--baseline") { Description = "Baseline period FROM..TO, half-open, dates or ISO-8601 UTC instants", Required = true };
        var report = new Option<string?>("--report") { Description = "Reporting period FROM..TO: predict it and print avoided energy with its uncertainty" };
        var json = new Option<bool>("--json") { Description = "Write JSON for tools instead of the readable summary" };
        var allow = new Option<bool>("--allow-insufficient") { Description = "Fit even when CalTRACK data sufficiency fails (recorded in the result)" };

        var fit = new Command("fit", "Fit a baseline model on the baseline period; with --report, report avoided energy.")
        {
            usage, temperature, unit, method, fuel, drivers, baseline, report, json, allow,
        };
        fit.SetAction((parse, ct) => CommandRunner.RunAsync(
            async _ =>
            {
                var methodName = parse.GetValue(method)!.Trim().ToLowerInvariant();
                if (!Methods.TryGetValue(methodName, out var fitter))
                {
                    throw new UserFacingException($"--method {methodName}: unknown; use one of {string.Join(", ", Methods.Keys)}");
                }

                if (fitter is null)
                {
                    throw new UserFacingException($"method {methodName} is not available in this build");
                }

                var fuelValue = parse.GetValue(fuel)!.Trim().ToLowerInvariant() switch
                {
                    "electricity" => Fuel.Electricity,
                    "gas" => Fuel.Gas,
                    var other => throw new UserFacingException($"--fuel {other}: use electricity or gas"),
                };
                TemperatureUnit? unitValue = parse.GetValue(unit)?.Trim().ToUpperInvariant() switch
                {
                    null => null,
                    "F" => TemperatureUnit.Fahrenheit,
                    "C" => TemperatureUnit.Celsius,
                    var other => throw new UserFacingException($"--temperature-unit {other}: use F or C"),
                };
                var driversPath = parse.GetValue(drivers);
                if (driversPath is not null && methodName != "production")
                {
                    throw new UserFacingException($"--drivers is used only by --method production, not {methodName}");
                }

                var baselinePeriod = ParsePeriod("--baseline", parse.GetValue(baseline)!);
                var reportText = parse.GetValue(report);
                var reportPeriod = reportText is null ? (Interval?)null : ParsePeriod("--report", reportText);

                var (series, table) = BaselineCsvReader.ReadUsage(parse.GetValue(usage)!);
                var grid = BaselineCsvReader.ReadTemperature(parse.GetValue(temperature)!, unitValue, out var resolvedUnit);
                var notes = new List<string>();
                if (series.LastRowHasValue)
                {
                    notes.Add($"{table.Path}:{table.Lines[^1]}: the last row only closes the previous period; its value {series.Values[^1].ToString(CultureInfo.InvariantCulture)} is not used");
                }

                FitOutcome outcome;
                try
                {
                    outcome = fitter(new FitRequest(series, grid, resolvedUnit, fuelValue, driversPath, baselinePeriod, reportPeriod, parse.GetValue(allow)));
                }
                catch (InsufficientDataException ex)
                {
                    throw new UserFacingException(ex.Message + "; pass --allow-insufficient to fit anyway (recorded in the result)", ex);
                }
                catch (BaselineFitException ex)
                {
                    throw new UserFacingException(ex.Message, ex);
                }

                var output = parse.GetValue(json)
                    ? Json(methodName, fuelValue, resolvedUnit, outcome, notes).ToJsonString(ResultJson.Options)
                    : Summary(methodName, fuelValue, resolvedUnit, outcome, notes);
                await Console.Out.WriteLineAsync(output);
                return 0;
            },
            ct));

        return new Command("baseline", "Baseline models: fit, predict, avoided energy.") { fit };
    }

    /// <summary>Parses FROM..TO: each a date (midnight UTC) or an ISO-8601 instant with Z or an offset.</summary>
    public static Interval ParsePeriod(string option, string text)
    {
        var parts = text.Split("..");
        if (parts.Length != 2)
        {
            throw new UserFacingException($"{option} '{text}': expected FROM..TO, e.g. 2015-12-27..2016-12-26 or 2016-01-01T06:00:00Z..2017-01-01T06:00:00Z");
        }

        var from = ParseBound(option, parts[0]);
        var to = ParseBound(option, parts[1]);
        return to > from ? new Interval(from, to) : throw new UserFacingException($"{option} '{text}': TO must come after FROM (the period is half-open [FROM, TO))");
    }

    private static Instant ParseBound(string option, string text)
    {
        var trimmed = text.Trim();
        var date = LocalDatePattern.Iso.Parse(trimmed);
        if (date.Success)
        {
            return date.Value.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        }

        return BaselineCsvReader.ParseInstant(trimmed)
            ?? throw new UserFacingException($"{option}: '{trimmed}' is neither a date (2016-12-26) nor an ISO-8601 instant with Z or an offset");
    }

    private static FitOutcome CalTrack(FitRequest request, bool billing)
    {
        var options = CalTrackOptions.For(request.Fuel) with { FitDespiteInsufficientData = request.AllowInsufficient };
        var fit = billing
            ? CalTrackBilling.Fit(request.Usage, request.Temperature, request.Baseline, options)
            : CalTrackDaily.Fit(request.Usage, request.Temperature, request.Baseline, options);
        var (observed, predicted) = Totals([.. fit.BaselineObservedTotals], [.. fit.BaselinePredictedTotals]);

        var savings = request.Report is { } report ? CalTrackSavings.Compute(fit, request.Usage, request.Temperature, report) : null;
        return new FitOutcome(fit.Result, observed, predicted, savings);
    }

    private static FitOutcome Hourly(FitRequest request, bool caltrack)
    {
        // CalTRACK hourly works in °F with eemeter's settings; towt keeps the user's unit and fits one segment for the
        // whole baseline (the LBNL model), with the CalTRACK bins expressed in that unit.
        var unit = caltrack ? TemperatureUnit.Fahrenheit : request.TemperatureUnit;
        var settings = unit == TemperatureUnit.Celsius ? HourlyTowtSettings.CalTrackCelsius : HourlyTowtSettings.CalTrackFahrenheit;
        if (!caltrack)
        {
            settings = settings with { Segmentation = HourlyTowtSegmentation.SingleYear };
        }

        var hourly = Hourly(request.Usage);
        var design = HourlyDesign.Build(hourly.Within(request.Baseline), request.Temperature, unit);
        if (design.Rows == 0)
        {
            throw new BaselineFitException($"no whole hour of usage lies in the baseline period {Format(request.Baseline.Start)} .. {Format(request.Baseline.End)}");
        }

        HourlyTowtFit fit;
        try
        {
            fit = HourlyTowtModel.Fit(design.Hours, design.Usage, design.Temperature, settings);
        }
        catch (ArgumentException ex)
        {
            throw new BaselineFitException(ex.Message);
        }

        var result = fit.ToResult(new FitContext { BaselinePeriod = ResultPeriod.Of(request.Baseline), TemperatureUnit = unit });
        SavingsResult? savings = null;
        if (request.Report is { } report)
        {
            savings = HourlyTowtSavings.Compute(fit, result, HourlyDesign.Build(hourly.Within(report), request.Temperature, unit), report);
        }

        return new FitOutcome(result, fit.BaselineObservedTotal, fit.BaselinePredictedTotal, savings);
    }

    /// <summary>Usage as whole UTC hours: already hourly, or summed from shorter intervals.</summary>
    private static UsageSeries Hourly(UsageSeries usage)
    {
        for (var i = 0; i < usage.Periods; i++)
        {
            if (usage.PeriodEnd(i) - usage.PeriodStart(i) != Duration.FromHours(1))
            {
                return IntervalAggregation.ToHours(usage);
            }
        }

        return usage;
    }

    private static FitOutcome ChangePoint(FitRequest request)
    {
        var settings = new ChangePointSettings();
        if (request.Fuel == Fuel.Gas)
        {
            // Gas has no cooling load: only the forms without a cooling slope.
            settings = settings with { Forms = [ChangePointForm.TwoParameter, ChangePointForm.ThreeParameterHeating] };
        }

        var design = DailyDesign.Build(request.Usage.Within(request.Baseline), request.Temperature, request.TemperatureUnit);
        var (fit, result) = ChangePointDaily.Fit(design, request.Baseline, settings);
        var (observed, predicted) = Totals(design.Usage, ChangePointDaily.Totals(fit, design));
        var savings = request.Report is { } report
            ? ChangePointDaily.Savings(fit, result, DailyDesign.Build(request.Usage.Within(report), request.Temperature, request.TemperatureUnit), report)
            : null;
        return new FitOutcome(result, observed, predicted, savings);
    }

    private static FitOutcome Production(FitRequest request)
    {
        var path = request.DriversPath ?? throw new UserFacingException("--method production needs --drivers D.csv (date column, one column per driver such as production or operating hours)");
        var drivers = BaselineCsvReader.ReadDrivers(path);
        var settings = new ProductionSettings();
        if (request.TemperatureUnit == TemperatureUnit.Fahrenheit)
        {
            // The defaults are 8–22 °C (heating) and 14–30 °C (cooling); the same ranges in whole °F.
            settings = settings with
            {
                HeatingBalancePoints = [.. Enumerable.Range(46, 72 - 46 + 1).Select(b => (double)b)],
                CoolingBalancePoints = [.. Enumerable.Range(57, 86 - 57 + 1).Select(b => (double)b)],
            };
        }

        if (request.Fuel == Fuel.Gas)
        {
            settings = settings with { UseCoolingDegreeDays = false };
        }

        var baselineDesign = DailyDesign.Build(Daily(request.Usage).Within(request.Baseline), request.Temperature, request.TemperatureUnit);
        var baselineConditions = Conditions(baselineDesign, drivers, "baseline");
        ProductionFit fit;
        try
        {
            fit = ProductionModel.Fit(baselineDesign.Usage, baselineConditions, settings);
        }
        catch (ArgumentException ex)
        {
            throw new BaselineFitException($"{path}: {ex.Message}");
        }

        var result = fit.ToResult(new FitContext
        {
            BaselinePeriod = ResultPeriod.Of(request.Baseline),
            TemperatureUnit = request.TemperatureUnit,
            Data = new JsonObject
            {
                ["drivers"] = new JsonArray([.. drivers.Columns.Select(c => (JsonNode)JsonValue.Create(c))]),
                ["day_types"] = drivers.HasDayTypeColumn ? "from the drivers file" : "from the date (Saturday, Sunday = weekend)",
            },
        });
        var predicted = new double[baselineConditions.Periods];
        fit.Predict(baselineConditions, predicted);
        var (observedTotal, predictedTotal) = Totals(baselineDesign.Usage, predicted);
        SavingsResult? savings = null;
        if (request.Report is { } report)
        {
            var design = DailyDesign.Build(Daily(request.Usage).Within(report), request.Temperature, request.TemperatureUnit);
            var periods = new List<ResultPeriod>(design.Periods);
            for (var i = 0; i < design.Periods; i++)
            {
                periods.Add(new ResultPeriod(design.Starts[i], design.Ends[i]));
            }

            try
            {
                savings = ProductionSavings.Compute(fit, result, periods, design.Usage, Conditions(design, drivers, "reporting"), report);
            }
            catch (ArgumentException ex)
            {
                throw new BaselineFitException($"{path}: {ex.Message}");
            }
        }

        return new FitOutcome(result, observedTotal, predictedTotal, savings);
    }

    /// <summary>Usage as UTC days: already daily (or longer), or summed from shorter intervals.</summary>
    private static UsageSeries Daily(UsageSeries usage)
    {
        for (var i = 0; i < usage.Periods; i++)
        {
            if (usage.PeriodEnd(i) - usage.PeriodStart(i) < Duration.FromDays(1))
            {
                return IntervalAggregation.ToDays(usage, DateTimeZone.Utc);
            }
        }

        return usage;
    }

    /// <summary>The drivers, temperature and day type of each day of <paramref name="design"/> (a day without a drivers row has NaN drivers).</summary>
    private static ProductionConditions Conditions(DailyDesign design, BaselineCsvReader.DriverTable drivers, string what)
    {
        var index = new Dictionary<LocalDate, int>(drivers.Dates.Count);
        for (var i = 0; i < drivers.Dates.Count; i++)
        {
            index[drivers.Dates[i]] = i;
        }

        var n = design.Periods;
        var columns = drivers.Columns.Select(_ => new double[n]).ToArray();
        var dayTypes = new ProductionDayType[n];
        var matched = 0;
        for (var d = 0; d < n; d++)
        {
            var date = design.Starts[d].InUtc().Date;
            var found = index.TryGetValue(date, out var row);
            matched += found ? 1 : 0;
            for (var c = 0; c < columns.Length; c++)
            {
                columns[c][d] = found ? drivers.Values[c][row] : double.NaN;
            }

            dayTypes[d] = found ? drivers.DayTypes[row] : ProductionCalendar.DayType(date);
        }

        if (n > 0 && matched == 0)
        {
            throw new UserFacingException($"{drivers.Path}: no row matches a day of the {what} period ({design.Starts[0].InUtc().Date:uuuu-MM-dd} .. {design.Starts[n - 1].InUtc().Date:uuuu-MM-dd})");
        }

        var variables = drivers.Columns.Select((name, c) => new ProductionVariable(name, KindOf(name), columns[c])).ToList();
        return new ProductionConditions(n, variables, design.MeanTemperature.ToArray(), dayTypes);
    }

    private static ProductionVariableKind KindOf(string column)
    {
        var c = column.ToLowerInvariant();
        return c.Contains("hour", StringComparison.Ordinal) ? ProductionVariableKind.OperatingHours
            : c.Contains("shift", StringComparison.Ordinal) ? ProductionVariableKind.Shifts
            : ProductionVariableKind.Production;
    }

    /// <summary>Σ observed and Σ predicted over the rows where both exist.</summary>
    private static (double Observed, double Predicted) Totals(ReadOnlySpan<double> observed, ReadOnlySpan<double> predicted)
    {
        double o = 0, p = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            if (double.IsFinite(observed[i]) && double.IsFinite(predicted[i]))
            {
                o += observed[i];
                p += predicted[i];
            }
        }

        return (o, p);
    }

    /// <summary>The headline uncertainty: CalTRACK §4.3.2.4 at 90 % for CalTRACK baselines, Guideline 14 otherwise.</summary>
    private static UncertaintyEstimate? Headline(FitOutcome outcome)
    {
        var savings = outcome.Savings;
        if (savings is null)
        {
            return null;
        }

        var method = outcome.Result.ModelKind is ModelKinds.CalTrackDaily or ModelKinds.CalTrackBilling ? SavingsReport.CalTrackMethod : SavingsReport.Guideline14Method;
        return savings.Uncertainty.FirstOrDefault(u => u.Method == method && u.Confidence == 0.90);
    }

    private static JsonObject Json(string method, Fuel fuel, TemperatureUnit unit, FitOutcome outcome, List<string> notes)
    {
        var r = outcome.Result;
        var s = r.Statistics;
        var coefficients = new JsonObject();
        foreach (var c in r.Coefficients)
        {
            coefficients[c.Name] = c.Value;
        }

        var headline = Headline(outcome);
        var savings = outcome.Savings;
        return new JsonObject
        {
            ["method"] = method,
            ["fuel"] = fuel == Fuel.Gas ? "gas" : "electricity",
            ["model_type"] = r.ModelType,
            ["heating_balance_point"] = r.BalancePoints?.Heating,
            ["cooling_balance_point"] = r.BalancePoints?.Cooling,
            ["temperature_unit"] = TemperatureUnits.Symbol(r.BalancePoints?.Unit ?? unit),
            ["coefficients"] = coefficients,
            ["r_squared_adj"] = s.AdjustedRSquared,
            ["cvrmse"] = s.CvRmse,
            ["nmbe"] = s.Nmbe,
            ["statistics_convention"] = "cvrmse and nmbe: ASHRAE Guideline 14 (n - p, p incl. intercept), fractions; nmbe = measured - predicted",
            ["cvrmse_caltrack"] = s.CvRmseCalTrack,
            ["meets_guideline_14"] = s.Guideline14?.Meets,
            ["n"] = s.N,
            ["warnings"] = ResultJson.ToNode(r.Warnings),
            ["notes"] = new JsonArray([.. notes.Select(n => (JsonNode)JsonValue.Create(n))]),
            ["disqualified"] = new JsonObject
            {
                ["count"] = r.Selection?.Disqualified ?? 0,
                ["better_than_selected"] = ResultJson.ToNode(r.Selection?.DisqualifiedBetterThanSelected ?? []),
            },
            ["baseline_total"] = outcome.BaselineObservedTotal,
            ["baseline_predicted_total"] = outcome.BaselinePredictedTotal,
            ["reporting_observed_total"] = savings?.ObservedTotal,
            ["reporting_predicted_total"] = savings?.AdjustedBaselineTotal,
            ["avoided_energy"] = savings?.AvoidedEnergy,
            ["avoided_energy_uncertainty"] = headline?.Absolute,
            ["fsu"] = headline?.Fractional,
            ["fsu_method"] = headline?.Method,
            ["fsu_confidence"] = headline?.Confidence,
            ["result"] = ResultJson.ToNode(r),
            ["savings"] = savings is null ? null : ResultJson.ToNode(savings),
        };
    }

    private static string Summary(string method, Fuel fuel, TemperatureUnit unit, FitOutcome outcome, List<string> notes)
    {
        var r = outcome.Result;
        var s = r.Statistics;
        var symbol = "°" + TemperatureUnits.Symbol(r.BalancePoints?.Unit ?? unit);
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"{method} baseline ({r.AlgorithmVersion}), {(fuel == Fuel.Gas ? "gas" : "electricity")}");
        if (r.BaselinePeriod is { } period)
        {
            text.AppendLine(inv, $"  baseline  {Format(period.From)} .. {Format(period.To)}, {s.N} periods used");
        }

        var terms = new List<string>();
        foreach (var c in r.Coefficients)
        {
            terms.Add(c.Name switch
            {
                "intercept" => c.Value.ToString("G6", inv),
                "beta_hdd" => $"{c.Value.ToString("G6", inv)} × HDD({r.BalancePoints?.Heating?.ToString(inv)} {symbol})",
                "beta_cdd" => $"{c.Value.ToString("G6", inv)} × CDD({r.BalancePoints?.Cooling?.ToString(inv)} {symbol})",
                "base" or "mean" => c.Value.ToString("G6", inv),
                "heating_slope" => $"{c.Value.ToString("G6", inv)} × min(T − {r.BalancePoints?.Heating?.ToString("G6", inv)} {symbol}, 0)",
                "cooling_slope" => $"{c.Value.ToString("G6", inv)} × max(T − {r.BalancePoints?.Cooling?.ToString("G6", inv)} {symbol}, 0)",
                "slope" => $"{c.Value.ToString("G6", inv)} × T",
                "hdd" => $"{c.Value.ToString("G6", inv)} × HDD({r.BalancePoints?.Heating?.ToString(inv)} {symbol})",
                "cdd" => $"{c.Value.ToString("G6", inv)} × CDD({r.BalancePoints?.Cooling?.ToString(inv)} {symbol})",
                _ => $"{c.Value.ToString("G6", inv)} × {c.Name}",
            });
        }

        if (r.Segments.Count > 0)
        {
            text.AppendLine(inv, $"  model     {r.ModelType}: {r.Segments.Count} time-of-week-and-temperature segment(s), {s.ParameterCount} parameters in all");
            foreach (var segment in r.Segments)
            {
                var occupied = segment.Parameters["occupied_hours_of_week"] is JsonArray hours ? hours.Count : 0;
                text.AppendLine(inv, $"            {segment.Name}: {occupied} of 168 hours of week occupied, CV(RMSE) {segment.Statistics?.CvRmse:0.0%}");
            }
        }
        else
        {
            var rate = r.ModelKind == ModelKinds.Production ? "energy per day" : "usage per day";
            text.AppendLine(inv, $"  model     {r.ModelType}: {rate} = {string.Join(" + ", terms)}");
        }
        text.AppendLine(inv, $"  fit       adj. R² {s.AdjustedRSquared:0.0000}, CV(RMSE) {s.CvRmse:0.0%} and NMBE {s.Nmbe:0.00%;-0.00%;0.00%} (Guideline 14, n − p), CV(RMSE) {s.CvRmseCalTrack:0.0%} (CalTRACK, n − c)");
        if (s.Guideline14 is { } g14)
        {
            text.AppendLine(inv, $"  GL 14     {(g14.Meets ? "meets" : "does not meet")} CV(RMSE) ≤ {g14.CvRmseLimit:0%}, |NMBE| ≤ {g14.NmbeLimit:0.0%}{(g14.Failures.Count > 0 ? ": " + string.Join("; ", g14.Failures) : "")}");
        }

        if (r.Selection is { } selection)
        {
            text.AppendLine(inv, $"  selection {selection.Qualified} qualified, {selection.Disqualified} disqualified, {selection.NotAttempted} not attempted candidates");
            foreach (var d in selection.DisqualifiedBetterThanSelected.Take(3))
            {
                text.AppendLine(inv, $"            rejected {d.ModelType} {d.HeatingBalancePoint?.ToString(inv) ?? "-"}/{d.CoolingBalancePoint?.ToString(inv) ?? "-"} (adj. R² {d.AdjustedRSquared:0.0000}): {string.Join(", ", d.Reasons)}");
            }
        }

        if (r.Sufficiency is { FittedDespiteInsufficientData: true })
        {
            text.AppendLine("  NOTE      fitted despite insufficient data (--allow-insufficient)");
        }

        foreach (var w in r.Warnings)
        {
            text.AppendLine(inv, $"  warning   {w.Code}{(w.Critical ? " (critical)" : "")}: {w.Description} {w.Data.ToJsonString()}");
        }

        foreach (var note in notes)
        {
            text.AppendLine(inv, $"  note      {note}");
        }

        text.AppendLine(inv, $"  baseline total: metered {outcome.BaselineObservedTotal:F2}, model {outcome.BaselinePredictedTotal:F2}");
        if (outcome.Savings is { } savings)
        {
            var headline = Headline(outcome);
            text.AppendLine(inv, $"  reporting {Format(savings.ReportingPeriod.From)} .. {Format(savings.ReportingPeriod.To)}, {savings.PeriodsUsed} periods: metered {savings.ObservedTotal:F2}, adjusted baseline {savings.AdjustedBaselineTotal:F2}");
            text.Append(inv, $"  avoided   {savings.AvoidedEnergy:F2}");
            if (headline is not null)
            {
                text.Append(inv, $" ± {headline.Absolute:F2} at {headline.Confidence:0%} ({headline.Method}), FSU {headline.Fractional:0.0%}");
            }

            text.AppendLine();
            foreach (var u in savings.Uncertainty.Where(u => u.Method != headline?.Method || u.Confidence != headline?.Confidence))
            {
                text.AppendLine(inv, $"            ± {u.Absolute:F2} at {u.Confidence:0%} ({u.Method})");
            }

            if (savings.EemeterErrorBands is { } bands)
            {
                text.AppendLine(inv, $"  eemeter   90 % error bands: OLS ± {bands.Ols:F2} (model {bands.OlsModel:F2}, noise {bands.OlsNoise:F2}), FSU band {bands.Fsu:F2}");
            }
        }

        return text.ToString().TrimEnd();
    }

    private static string Format(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}
