using System.Text.Json.Nodes;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Statistics;
using NodaTime;

namespace EnergySom.Baseline.Models;

/// <summary>
/// A fitted CalTRACK hourly TOWT baseline: one segment per calendar month (or one for the year), each predicting the
/// hours of its own month.
/// </summary>
public sealed class HourlyTowtFit
{
    /// <summary>Recorded in results so a stored fit says which algorithm produced it.</summary>
    public const string AlgorithmVersion = "caltrack-hourly-towt/1";

    private readonly HourlyTowtSegment?[] _byMonth;

    internal HourlyTowtFit(
        HourlyTowtSettings settings,
        HourlyTowtSegment?[] byMonth,
        IReadOnlyList<HourlyTowtSegment> segments,
        int hoursUsed,
        int hoursDropped,
        IReadOnlyList<HourlyTowtWarning> warnings,
        ModelStatistics goodness,
        double baselineObservedTotal,
        double baselinePredictedTotal)
    {
        Settings = settings;
        _byMonth = byMonth;
        Segments = segments;
        HoursUsed = hoursUsed;
        HoursDropped = hoursDropped;
        Warnings = warnings;
        Goodness = goodness;
        Statistics = goodness.N > goodness.ParameterCount ? FitStatistics.From(goodness) : null;
        BaselineObservedTotal = baselineObservedTotal;
        BaselinePredictedTotal = baselinePredictedTotal;
    }

    /// <summary>The settings the fit used.</summary>
    public HourlyTowtSettings Settings { get; }

    /// <summary>The clock of hour-of-week and month: "UTC" (the reference's) or the zone id.</summary>
    public string TimeOfWeekClock => HourlyTowtCalendar.ClockName(Settings.TimeOfWeekZone);

    /// <summary>The fitted segments, in centre-month order.</summary>
    public IReadOnlyList<HourlyTowtSegment> Segments { get; }

    /// <summary>Baseline hours with both energy and temperature.</summary>
    public int HoursUsed { get; }

    /// <summary>Baseline hours left out because energy or temperature was missing.</summary>
    public int HoursDropped { get; }

    /// <summary>What the fit noticed, with stable codes.</summary>
    public IReadOnlyList<HourlyTowtWarning> Warnings { get; }

    /// <summary>
    /// Guideline 14 statistics of the whole baseline, each hour predicted by its own month's segment; p is the sum of
    /// the parameters of all segments (the model really has that many). Null when p ≥ n.
    /// </summary>
    public FitStatistics? Statistics { get; }

    /// <summary>The same whole-baseline goodness of fit in both conventions (p = c = Σ segment parameters; NaN figures when p ≥ n).</summary>
    public ModelStatistics Goodness { get; }

    /// <summary>Σ observed energy over the hours used (compensated sum).</summary>
    public double BaselineObservedTotal { get; }

    /// <summary>Σ predicted energy over the same hours, each by its own month's segment.</summary>
    public double BaselinePredictedTotal { get; }

    /// <summary>The segment predicting calendar month <paramref name="month"/> (1–12); null when it could not be fitted.</summary>
    public HourlyTowtSegment? SegmentFor(int month) =>
        month is >= 1 and <= 12 ? _byMonth[month - 1] : throw new ArgumentOutOfRangeException(nameof(month), month, "month is 1–12");

    /// <summary>Predicted energy of the hour starting at <paramref name="hour"/>; NaN when T is NaN or its segment or hour-of-week is unknown.</summary>
    public double Predict(Instant hour, double temperature)
    {
        var zone = Settings.TimeOfWeekZone;
        var segment = _byMonth[HourlyTowtCalendar.Month(hour, zone) - 1];
        return segment is null ? double.NaN : segment.Predict(HourlyTowtCalendar.HourOfWeek(hour, zone), temperature);
    }

    /// <summary>Predicts every hour; <paramref name="predicted"/> receives NaN where no prediction exists.</summary>
    public void Predict(ReadOnlySpan<Instant> hours, ReadOnlySpan<double> temperature, Span<double> predicted)
    {
        if (hours.Length != temperature.Length || predicted.Length < hours.Length)
        {
            throw new ArgumentException($"hours ({hours.Length}), temperatures ({temperature.Length}) and output ({predicted.Length}) must have the same length");
        }

        for (var i = 0; i < hours.Length; i++)
        {
            predicted[i] = Predict(hours[i], temperature[i]);
        }
    }

    /// <summary>
    /// The versioned record: <c>model_kind</c> <c>caltrack_hourly</c> when the settings are CalTRACK's (UTC clock,
    /// month-by-month weighted segments, the reference's occupancy and bin rules), <c>towt</c> otherwise; one
    /// <see cref="ModelSegment"/> per fitted segment (168 <c>tow_h</c> coefficients and the <c>bin_i_occupied</c> /
    /// <c>bin_j_unoccupied</c> slopes with standard errors, t and p on the segment's n − p; occupancy and bin endpoints in
    /// its parameters; the reference's <c>totals_metrics_weight_1_rows</c> as <c>eemeter_metrics</c>), the whole-baseline
    /// statistics (p = Σ segment parameters), warnings (<c>towt.*</c>), settings and deviations.
    /// </summary>
    public BaselineResult ToResult(FitContext? context = null)
    {
        context ??= new FitContext();
        var deviations = Deviations();
        var segments = Segments.Select(ToSegment).ToList();
        var parameters = new JsonObject
        {
            ["time_of_week_clock"] = TimeOfWeekClock,
            ["hours_used"] = HoursUsed,
            ["hours_dropped"] = HoursDropped,
            ["parameters_counted"] = Goodness.ParameterCount,
            ["baseline_observed_total"] = ResultParameters.Number(BaselineObservedTotal),
            ["baseline_predicted_total"] = ResultParameters.Number(BaselinePredictedTotal),
        };
        if (context.Data is { } data)
        {
            parameters["data"] = data.DeepClone();
        }

        return new BaselineResult
        {
            ModelKind = deviations.Count == 0 ? ModelKinds.CalTrackHourly : ModelKinds.Towt,
            ModelType = Settings.Segmentation == HourlyTowtSegmentation.SingleYear ? "single_year" : "three_month_weighted",
            AlgorithmVersion = AlgorithmVersion,
            BaselinePeriod = context.BaselinePeriod,
            Coefficients = [],
            Statistics = Goodness,
            TotalsStatistics = context.TotalsStatistics,
            Segments = segments,
            Sufficiency = ResultParameters.Sufficiency(context),
            Warnings = ResultParameters.Warnings(context, Warnings.Select(w => new BaselineWarning(
                w.Code,
                w.Message,
                new JsonObject { ["segment"] = w.Segment, ["value"] = ResultParameters.Number(w.Value) }))),
            Settings = SettingsJson(context),
            Deviations = deviations,
            Parameters = parameters,
        };
    }

    /// <summary>Stable codes of the departures from CalTRACK hourly (eemeter 3.2.0) that the settings make.</summary>
    private List<string> Deviations()
    {
        var reference = HourlyTowtSettings.CalTrackFahrenheit;
        var celsius = HourlyTowtSettings.CalTrackCelsius;
        var deviations = new List<string>();
        if (Settings.Segmentation != reference.Segmentation)
        {
            deviations.Add("single_year_segment");
        }

        if (Settings.NeighbourMonthWeight != reference.NeighbourMonthWeight)
        {
            deviations.Add("neighbour_month_weight");
        }

        if (Settings.TimeOfWeekZone is not null)
        {
            deviations.Add("time_of_week_local_zone");
        }

        if (Settings.OccupancyThreshold != reference.OccupancyThreshold)
        {
            deviations.Add("occupancy_threshold");
        }

        if (Settings.MinimumHoursPerBin != reference.MinimumHoursPerBin)
        {
            deviations.Add("minimum_hours_per_bin");
        }

        var fahrenheitBins = Settings.TemperatureBinEndpoints.SequenceEqual(reference.TemperatureBinEndpoints)
            && Settings.OccupancyHeatingBalancePoint == reference.OccupancyHeatingBalancePoint
            && Settings.OccupancyCoolingBalancePoint == reference.OccupancyCoolingBalancePoint;
        var celsiusBins = Settings.TemperatureBinEndpoints.SequenceEqual(celsius.TemperatureBinEndpoints)
            && Settings.OccupancyHeatingBalancePoint == celsius.OccupancyHeatingBalancePoint
            && Settings.OccupancyCoolingBalancePoint == celsius.OccupancyCoolingBalancePoint;
        if (!fahrenheitBins && !celsiusBins)
        {
            deviations.Add("temperature_bins");
        }

        return deviations;
    }

    private JsonObject SettingsJson(FitContext context) => new()
    {
        ["segmentation"] = Settings.Segmentation == HourlyTowtSegmentation.SingleYear ? "single_year" : "three_month_weighted",
        ["neighbour_month_weight"] = Settings.NeighbourMonthWeight,
        ["time_of_week_clock"] = TimeOfWeekClock,
        ["occupancy_threshold"] = Settings.OccupancyThreshold,
        ["occupancy_heating_balance_point"] = Settings.OccupancyHeatingBalancePoint,
        ["occupancy_cooling_balance_point"] = Settings.OccupancyCoolingBalancePoint,
        ["temperature_bin_endpoints"] = ResultParameters.Array([.. Settings.TemperatureBinEndpoints]),
        ["minimum_hours_per_bin"] = Settings.MinimumHoursPerBin,
        ["temperature_unit"] = context.TemperatureUnit is { } u ? Data.TemperatureUnits.Symbol(u) : null,
    };

    private static ModelSegment ToSegment(HourlyTowtSegment segment)
    {
        var dof = segment.Hours - segment.Parameters;
        var coefficients = new List<CoefficientEstimate>(168 + segment.TemperatureTerms.Count);
        for (var h = 0; h < 168; h++)
        {
            coefficients.Add(Estimate($"tow_{h}", segment.TimeOfWeekCoefficients[h], segment.TimeOfWeekStandardErrors[h], dof));
        }

        foreach (var term in segment.TemperatureTerms)
        {
            coefficients.Add(Estimate(term.Name, term.Coefficient, term.StandardError, dof));
        }

        var occupied = new JsonArray();
        for (var h = 0; h < 168; h++)
        {
            if (segment.Occupied[h])
            {
                occupied.Add(h);
            }
        }

        var parameters = new JsonObject
        {
            ["centre_month"] = segment.CentreMonth,
            ["occupied_hours_of_week"] = occupied,
            ["occupied_bin_endpoints"] = ResultParameters.Array([.. segment.OccupiedBinEndpoints]),
            ["unoccupied_bin_endpoints"] = ResultParameters.Array([.. segment.UnoccupiedBinEndpoints]),
            ["hours"] = segment.Hours,
            ["weight_sum"] = segment.WeightSum,
            ["parameters"] = segment.Parameters,
            ["weighted_sse"] = ResultParameters.Number(segment.WeightedSumSquaredErrors),
        };
        if (segment.Metrics is { } m)
        {
            parameters["eemeter_metrics"] = new JsonObject
            {
                ["n"] = m.N,
                ["num_parameters"] = m.Parameters,
                ["r_squared"] = ResultParameters.Number(m.RSquared),
                ["rmse_adj"] = ResultParameters.Number(m.RmseAdjusted),
                ["cvrmse_adj"] = ResultParameters.Number(m.CvRmseAdjusted),
                ["nmbe"] = ResultParameters.Number(m.Nmbe),
                ["autocorr_resid"] = ResultParameters.Number(m.AutocorrelationLag1),
                ["n_prime"] = ResultParameters.Number(m.NPrime),
            };
        }

        return new ModelSegment(segment.Name, coefficients, segment.Goodness, parameters);
    }

    private static CoefficientEstimate Estimate(string name, double value, double standardError, int dof)
    {
        var t = standardError > 0 ? value / standardError : double.NaN;
        return new CoefficientEstimate(name, value, standardError, t, dof > 0 ? StudentT.TwoSidedPValue(t, dof) : double.NaN);
    }
}
