using EnergySom.Baseline.Numerics;
using EnergySom.Baseline.Statistics;
using NodaTime;

namespace EnergySom.Baseline.Models;

/// <summary>
/// CalTRACK 2.0 hourly method: the time-of-week-and-temperature (TOWT) model, fitted month by month with
/// neighbouring-month weights, occupancy detection and temperature-bin merging, as the reference implementation
/// (eemeter 3.2.0) runs it.
/// </summary>
/// <remarks>
/// Sources: CalTRACK 2.0 §3 (reference/standards.md §1.4), LBNL TOWT (Mathieu et al. 2011; §1.5) and the reference
/// implementation's behaviour as written down in reference/caltrack-method.md "caltrack_hourly". Deliberate
/// difference: an hour-of-week absent from a segment gets no coefficient and its predictions are NaN (with a
/// <see cref="HourlyTowtWarning.EmptyTimeOfWeek"/> warning), where the reference's pseudo-inverse silently sets it to 0.
/// </remarks>
public static class HourlyTowtModel
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>
    /// Fits the baseline hours. Hours whose energy or temperature is NaN are left out (and counted in a warning).
    /// </summary>
    /// <param name="hours">Start of each hour (UTC instants).</param>
    /// <param name="energy">Energy of each hour (kWh, therm …); NaN = missing.</param>
    /// <param name="temperature">Outdoor temperature of each hour, in the unit of the settings (°F for the defaults).</param>
    /// <exception cref="ArgumentException">Lengths differ, or no hour has both energy and temperature.</exception>
    public static HourlyTowtFit Fit(ReadOnlySpan<Instant> hours, ReadOnlySpan<double> energy, ReadOnlySpan<double> temperature, HourlyTowtSettings? settings = null)
    {
        settings ??= HourlyTowtSettings.CalTrackFahrenheit;
        settings.Validate();
        if (hours.Length != energy.Length || hours.Length != temperature.Length)
        {
            throw new ArgumentException($"hours ({hours.Length}), energy ({energy.Length}) and temperature ({temperature.Length}) must have the same length");
        }

        var zone = settings.TimeOfWeekZone;
        var n = hours.Length;
        var month = new int[n];
        var tow = new int[n];
        var usable = 0;
        Span<int> monthCount = stackalloc int[13];
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(energy[i]) || !double.IsFinite(temperature[i]))
            {
                month[i] = 0;
                continue;
            }

            month[i] = HourlyTowtCalendar.Month(hours[i], zone);
            tow[i] = HourlyTowtCalendar.HourOfWeek(hours[i], zone);
            monthCount[month[i]]++;
            usable++;
        }

        if (usable == 0)
        {
            throw new ArgumentException($"none of the {n} hours has both energy and temperature; there is nothing to fit");
        }

        var warnings = new List<HourlyTowtWarning>();
        if (usable < n)
        {
            warnings.Add(new HourlyTowtWarning(HourlyTowtWarning.RowsDropped, null,
                $"{n - usable} of {n} hours lack energy or temperature and were left out", n - usable));
        }

        // Stable counting sort by month, so each month's hours stay in time order.
        Span<int> start = stackalloc int[14];
        for (var m = 1; m <= 12; m++)
        {
            start[m + 1] = start[m] + monthCount[m];
        }

        var order = new int[usable];
        Span<int> next = stackalloc int[13];
        start[1..13].CopyTo(next[1..]);
        for (var i = 0; i < n; i++)
        {
            if (month[i] != 0)
            {
                order[next[month[i]]++] = i;
            }
        }

        var single = settings.Segmentation == HourlyTowtSegmentation.SingleYear;
        var capacity = single ? usable : 0;
        if (!single)
        {
            for (var m = 1; m <= 12; m++)
            {
                capacity = Math.Max(capacity, monthCount[m] + monthCount[Wrap(m - 1)] + monthCount[Wrap(m + 1)]);
            }
        }

        var kernel = new TimeOfWeekTemperatureKernel(capacity, settings.TemperatureBinEndpoints.Count);

        // Fitted value of every usable hour by its own month's segment (NaN elsewhere), handed back by the kernel.
        var predicted = new double[n];
        Array.Fill(predicted, double.NaN);
        var byMonth = new HourlyTowtSegment?[12];
        var segments = new List<HourlyTowtSegment>(12);
        if (single)
        {
            // Input order (time order), so the residual autocorrelation of the metrics reads consecutive hours.
            var inputOrder = new int[usable];
            for (int i = 0, r = 0; i < n; i++)
            {
                if (month[i] != 0)
                {
                    inputOrder[r++] = i;
                }
            }

            var rows = 0;
            Load(kernel, ref rows, inputOrder, energy, temperature, tow, 1, true);

            var segment = kernel.Fit(rows, "all", 0, settings, warnings);
            kernel.CopyCentrePredictions(rows, predicted);
            segments.Add(segment);
            Array.Fill(byMonth, segment);
        }
        else
        {
            var neighbour = settings.NeighbourMonthWeight;
            for (var m = 1; m <= 12; m++)
            {
                int previous = Wrap(m - 1), following = Wrap(m + 1);
                var name = $"{MonthNames[previous - 1]}-{MonthNames[m - 1]}-{MonthNames[following - 1]}-weighted";
                var rows = 0;
                if (neighbour > 0)
                {
                    Load(kernel, ref rows, order.AsSpan(start[previous], monthCount[previous]), energy, temperature, tow, neighbour, false);
                }

                Load(kernel, ref rows, order.AsSpan(start[m], monthCount[m]), energy, temperature, tow, 1, true);
                if (neighbour > 0)
                {
                    Load(kernel, ref rows, order.AsSpan(start[following], monthCount[following]), energy, temperature, tow, neighbour, false);
                }

                if (rows == 0)
                {
                    warnings.Add(new HourlyTowtWarning(HourlyTowtWarning.SegmentEmpty, name,
                        $"no baseline hour falls in {name}; hours of {MonthNames[m - 1]} cannot be predicted", 0));
                    continue;
                }

                var segment = kernel.Fit(rows, name, m, settings, warnings);
                kernel.CopyCentrePredictions(rows, predicted);
                segments.Add(segment);
                byMonth[m - 1] = segment;
            }
        }

        // Whole-baseline figures: each hour by its own month's segment.
        var observed = new double[n];
        for (var i = 0; i < n; i++)
        {
            observed[i] = month[i] == 0 ? double.NaN : energy[i];
        }

        var parameters = 0;
        foreach (var segment in segments)
        {
            parameters += segment.Parameters;
        }

        // eemeter counts every parameter of an hourly model, so both conventions use p (NaN figures when n ≤ p).
        var statistics = GoodnessOfFit.Compute(observed, predicted, default, parameters, parameters);
        var predictedTotal = CompensatedSum.OfFinite(predicted, out _);
        var observedTotal = CompensatedSum.OfFinite(observed, out _);
        return new HourlyTowtFit(settings, byMonth, segments, usable, n - usable, warnings, statistics, observedTotal, predictedTotal);
    }

    /// <summary>Fits a whole series given as a start instant and consecutive hourly values.</summary>
    public static HourlyTowtFit Fit(Instant firstHour, ReadOnlySpan<double> energy, ReadOnlySpan<double> temperature, HourlyTowtSettings? settings = null)
    {
        var hours = new Instant[energy.Length];
        for (var i = 0; i < hours.Length; i++)
        {
            hours[i] = firstHour + Duration.FromHours(i);
        }

        return Fit(hours, energy, temperature, settings);
    }

    private static void Load(
        TimeOfWeekTemperatureKernel kernel,
        ref int rows,
        ReadOnlySpan<int> indices,
        ReadOnlySpan<double> energy,
        ReadOnlySpan<double> temperature,
        int[] tow,
        double weight,
        bool centre)
    {
        foreach (var i in indices)
        {
            kernel.Y[rows] = energy[i];
            kernel.T[rows] = temperature[i];
            kernel.W[rows] = weight;
            kernel.Tow[rows] = tow[i];
            kernel.Centre[rows] = centre;
            kernel.Source[rows] = i;
            rows++;
        }
    }

    private static int Wrap(int month) => ((month + 11) % 12) + 1;
}
