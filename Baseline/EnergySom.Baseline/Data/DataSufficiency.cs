using System.Globalization;
using System.Text.Json.Nodes;
using EnergySom.Baseline.Results;
using NodaTime;
using NodaTime.Text;

namespace EnergySom.Baseline.Data;

/// <summary>
/// CalTRACK 2.0 data sufficiency: is there enough baseline data to fit a model that may decide money? Every
/// finding is a <see cref="BaselineWarning"/> with a stable code and the numbers behind it.
/// </summary>
/// <remarks>
/// Daily and billing (CalTRACK 2.0 §2.2, checked the way eemeter 3.2.0's <c>caltrack_sufficiency_criteria</c>
/// does): the baseline spans exactly 365 days; at least 90 % of those days have usage and temperature (≤ 37 missing);
/// a period has temperature when ≥ 90 % of its hours have one; negative usage (possible net metering) is critical;
/// values above median + 3 IQR are flagged for review (not critical). Hourly (CalTRACK 2.0 §3.2): at least 90 % of
/// the hours of every calendar month of the baseline have usage and temperature.
/// </remarks>
public static class DataSufficiency
{
    /// <summary>Criteria name of the daily and billing check.</summary>
    public const string CalTrackDailyBilling = "caltrack_2.0_daily_billing";

    /// <summary>Criteria name of the hourly check.</summary>
    public const string CalTrackHourly = "caltrack_2.0_hourly";

    /// <summary>Prefix of every sufficiency warning code.</summary>
    public const string CodePrefix = "caltrack.sufficiency.";

    /// <summary>Checks a daily design against the baseline window <paramref name="requested"/>.</summary>
    public static SufficiencyReport Check(DailyDesign design, Interval requested, SufficiencyOptions? options = null)
    {
        var coverage = new double[design.Periods];
        for (var i = 0; i < coverage.Length; i++)
        {
            coverage[i] = design.TemperatureCoverage(i);
        }

        return Check(design.Starts, design.Ends, design.Usage, coverage, requested, options);
    }

    /// <summary>Checks a billing design (temperature coverage as the fit matches it).</summary>
    public static SufficiencyReport Check(BillingDesign design, Interval requested, SufficiencyOptions? options = null)
    {
        var coverage = new double[design.Periods];
        for (var i = 0; i < coverage.Length; i++)
        {
            coverage[i] = design.Fit.Coverage(i);
        }

        return Check(design.Starts, design.Ends, design.Usage, coverage, requested, options);
    }

    /// <summary>The daily/billing check on plain periods.</summary>
    /// <param name="temperatureCoverage">Share of each period's hours with a temperature.</param>
    public static SufficiencyReport Check(
        ReadOnlySpan<Instant> starts,
        ReadOnlySpan<Instant> ends,
        ReadOnlySpan<double> usage,
        ReadOnlySpan<double> temperatureCoverage,
        Interval requested,
        SufficiencyOptions? options = null)
    {
        options ??= SufficiencyOptions.CalTrack;
        var critical = new List<BaselineWarning>();
        var other = new List<BaselineWarning>();
        var anyUsage = false;
        foreach (var v in usage)
        {
            anyUsage |= double.IsFinite(v);
        }

        if (!anyUsage)
        {
            critical.Add(Warning("no_data", "No usage data in the baseline period.", true, new JsonObject
            {
                ["requested_start"] = Iso(requested.Start),
                ["requested_end"] = Iso(requested.End),
            }));
            return new SufficiencyReport(CalTrackDailyBilling, critical);
        }

        var dataStart = starts[0];
        var dataEnd = ends[^1];
        var startGap = FloorDays(dataStart - requested.Start);
        var endGap = FloorDays(requested.End - dataEnd);
        if (endGap < 0)
        {
            critical.Add(Warning("extra_data_after_requested_end_date", "Usage data found after the requested end of the baseline.", true, new JsonObject
            {
                ["requested_end"] = Iso(requested.End),
                ["data_end"] = Iso(dataEnd),
            }));
            endGap = 0;
        }

        if (startGap < 0)
        {
            critical.Add(Warning("extra_data_before_requested_start_date", "Usage data found before the requested start of the baseline.", true, new JsonObject
            {
                ["requested_start"] = Iso(requested.Start),
                ["data_start"] = Iso(dataStart),
            }));
            startGap = 0;
        }

        var totalDays = options.FloorGapDaysLikeEemeter
            ? FloorDays(dataEnd - dataStart) + startGap + endGap
            : (long)Math.Round((requested.End - requested.Start).TotalDays);

        var negative = 0;
        double validMeterDays = 0, validTemperatureDays = 0, validDays = 0;
        var finite = new List<double>(usage.Length);
        for (var i = 0; i < usage.Length; i++)
        {
            var days = (ends[i] - starts[i]).TotalDays;
            var meterOk = double.IsFinite(usage[i]);
            var temperatureOk = temperatureCoverage[i] >= options.MinimumTemperatureCoverage && temperatureCoverage[i] > 0;
            if (meterOk)
            {
                finite.Add(usage[i]);
                negative += usage[i] < 0 ? 1 : 0;
                validMeterDays += days;
            }

            validTemperatureDays += temperatureOk ? days : 0;
            validDays += meterOk && temperatureOk ? days : 0;
        }

        // eemeter truncates the day counts to integers before dividing.
        var nValid = (long)validDays;
        var nValidMeter = (long)validMeterDays;
        var nValidTemperature = (long)validTemperatureDays;
        if (negative > 0)
        {
            critical.Add(Warning("negative_meter_values", "Negative usage found, which may mean net metering (solar export).", true, new JsonObject
            {
                ["n_negative_meter_values"] = negative,
            }));
        }

        if (totalDays != options.RequiredDays)
        {
            critical.Add(Warning("incorrect_number_of_total_days", $"The baseline spans {totalDays} days; CalTRACK requires {options.RequiredDays}.", true, new JsonObject
            {
                ["num_days"] = options.RequiredDays,
                ["n_days_total"] = totalDays,
                ["requested_start"] = Iso(requested.Start),
                ["requested_end"] = Iso(requested.End),
                ["data_start"] = Iso(dataStart),
                ["data_end"] = Iso(dataEnd),
            }));
        }

        CheckFraction(critical, "too_many_days_with_missing_data", "Too many days lack usage or temperature.", "n_valid_days", nValid, totalDays, options);
        CheckFraction(critical, "too_many_days_with_missing_meter_data", "Too many days lack usage.", "n_valid_meter_data_days", nValidMeter, totalDays, options);
        CheckFraction(critical, "too_many_days_with_missing_temperature_data", "Too many days lack temperature.", "n_valid_temperature_data_days", nValidTemperature, totalDays, options);

        var sorted = finite.ToArray();
        Array.Sort(sorted);
        var median = Quantile(sorted, 0.5);
        var upper = Quantile(sorted, 0.75);
        var lower = Quantile(sorted, 0.25);
        var limit = median + (3 * (upper - lower));
        var extreme = sorted.Count(v => v > limit);
        if (extreme > 0)
        {
            other.Add(Warning("extreme_values_detected", "Values above median + 3 IQR: review them before relying on the baseline.", false, new JsonObject
            {
                ["n_extreme_values"] = extreme,
                ["median"] = median,
                ["upper_quantile"] = upper,
                ["lower_quantile"] = lower,
                ["extreme_value_limit"] = limit,
                ["max_value"] = sorted[^1],
            }));
        }

        return new SufficiencyReport(CalTrackDailyBilling, [.. critical, .. other]);
    }

    /// <summary>
    /// The hourly check: every UTC calendar month overlapping <paramref name="requested"/> must have usage and
    /// temperature for at least <paramref name="minimumFraction"/> of its hours inside the window.
    /// </summary>
    public static SufficiencyReport CheckHourly(HourlyDesign design, Interval requested, double minimumFraction = 0.9)
    {
        var warnings = new List<BaselineWarning>();
        var withData = new Dictionary<(int Year, int Month), int>();
        var any = false;
        for (var i = 0; i < design.Rows; i++)
        {
            var hour = design.Hours[i];
            if (hour < requested.Start || hour >= requested.End || !double.IsFinite(design.Usage[i]) || !double.IsFinite(design.Temperature[i]))
            {
                continue;
            }

            any = true;
            var utc = hour.InUtc();
            withData[(utc.Year, utc.Month)] = withData.GetValueOrDefault((utc.Year, utc.Month)) + 1;
        }

        if (!any)
        {
            warnings.Add(Warning("no_data", "No hour of the baseline has both usage and temperature.", true, new JsonObject
            {
                ["requested_start"] = Iso(requested.Start),
                ["requested_end"] = Iso(requested.End),
            }));
            return new SufficiencyReport(CalTrackHourly, warnings);
        }

        var month = new LocalDate(requested.Start.InUtc().Year, requested.Start.InUtc().Month, 1);
        while (month.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() < requested.End)
        {
            var from = Instant.Max(month.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant(), requested.Start);
            var to = Instant.Min(month.PlusMonths(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant(), requested.End);
            var expected = (int)Math.Round((to - from).TotalHours);
            var present = withData.GetValueOrDefault((month.Year, month.Month));
            if (expected > 0 && present < minimumFraction * expected)
            {
                warnings.Add(Warning("too_few_hours_in_month", $"{month:yyyy-MM}: {present} of {expected} hours have usage and temperature.", true, new JsonObject
                {
                    ["month"] = month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                    ["hours_with_data"] = present,
                    ["hours_in_month"] = expected,
                    ["fraction"] = (double)present / expected,
                    ["minimum_fraction"] = minimumFraction,
                }));
            }

            month = month.PlusMonths(1);
        }

        return new SufficiencyReport(CalTrackHourly, warnings);
    }

    private static void CheckFraction(List<BaselineWarning> critical, string code, string description, string key, long valid, long total, SufficiencyOptions options)
    {
        var fraction = total > 0 ? (double)valid / total : 0;
        if (fraction < options.MinimumValidDayFraction)
        {
            critical.Add(Warning(code, description, true, new JsonObject
            {
                [key] = valid,
                ["n_days_total"] = total,
                ["fraction"] = fraction,
                ["minimum_fraction"] = options.MinimumValidDayFraction,
            }));
        }
    }

    /// <summary>Whole days, floored toward −∞ as a pandas Timedelta's <c>.days</c>.</summary>
    private static long FloorDays(Duration duration) => (long)Math.Floor(duration.TotalDays);

    /// <summary>Quantile with linear interpolation between order statistics (pandas' default).</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    private static BaselineWarning Warning(string name, string description, bool critical, JsonObject data) =>
        new(CodePrefix + name, description, data, critical);

    private static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}
