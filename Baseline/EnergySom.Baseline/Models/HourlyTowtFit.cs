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
        FitStatistics? statistics,
        double baselineObservedTotal,
        double baselinePredictedTotal)
    {
        Settings = settings;
        _byMonth = byMonth;
        Segments = segments;
        HoursUsed = hoursUsed;
        HoursDropped = hoursDropped;
        Warnings = warnings;
        Statistics = statistics;
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
}
