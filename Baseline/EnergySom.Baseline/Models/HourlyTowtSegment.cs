using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Models;

/// <summary>
/// One fitted TOWT segment: its occupancy schedule, temperature bins, 168 time-of-week coefficients and the
/// occupied and unoccupied temperature slopes, with standard errors and the segment's metrics.
/// </summary>
/// <remarks>
/// Model (WLS, weights = segment weights, no intercept): <c>E = α[how] + Σᵢ gᵢ·binᵢ(T)·[occupied] + Σⱼ uⱼ·binⱼ(T)·[unoccupied]</c>,
/// CalTRACK 2.0 §3 and eemeter 3.2.0 (reference/caltrack-method.md, caltrack_hourly).
/// </remarks>
public sealed class HourlyTowtSegment
{
    private readonly bool[] _occupied;
    private readonly double[] _occupiedEndpoints;
    private readonly double[] _unoccupiedEndpoints;
    private readonly double[] _timeOfWeek;
    private readonly double[] _timeOfWeekErrors;
    private readonly double[] _occupiedSlopes;
    private readonly double[] _unoccupiedSlopes;

    internal HourlyTowtSegment(
        string name,
        int centreMonth,
        bool[] occupied,
        double[] occupiedEndpoints,
        double[] unoccupiedEndpoints,
        double[] timeOfWeek,
        double[] timeOfWeekErrors,
        double[] occupiedSlopes,
        double[] occupiedErrors,
        double[] unoccupiedSlopes,
        double[] unoccupiedErrors,
        int hours,
        double weightSum,
        int parameters,
        double weightedSumSquaredErrors,
        HourlyTowtSegmentMetrics? metrics,
        ModelStatistics? goodness)
    {
        Name = name;
        CentreMonth = centreMonth;
        _occupied = occupied;
        _occupiedEndpoints = occupiedEndpoints;
        _unoccupiedEndpoints = unoccupiedEndpoints;
        _timeOfWeek = timeOfWeek;
        _timeOfWeekErrors = timeOfWeekErrors;
        _occupiedSlopes = occupiedSlopes;
        _unoccupiedSlopes = unoccupiedSlopes;
        var terms = new List<ModelTerm>(occupiedSlopes.Length + unoccupiedSlopes.Length);
        for (var i = 0; i < occupiedSlopes.Length; i++)
        {
            terms.Add(new ModelTerm($"bin_{i}_occupied", occupiedSlopes[i], occupiedErrors[i]));
        }

        for (var i = 0; i < unoccupiedSlopes.Length; i++)
        {
            terms.Add(new ModelTerm($"bin_{i}_unoccupied", unoccupiedSlopes[i], unoccupiedErrors[i]));
        }

        TemperatureTerms = terms;
        Hours = hours;
        WeightSum = weightSum;
        Parameters = parameters;
        WeightedSumSquaredErrors = weightedSumSquaredErrors;
        Metrics = metrics;
        Goodness = goodness;
        Statistics = goodness is null ? null : FitStatistics.From(goodness);
    }

    /// <summary>Segment name as the reference writes it, e.g. <c>dec-jan-feb-weighted</c>, or <c>all</c> for one segment.</summary>
    public string Name { get; }

    /// <summary>Calendar month 1–12 this segment predicts, or 0 for the single whole-year segment.</summary>
    public int CentreMonth { get; }

    /// <summary>Occupancy of each hour-of-week (168 entries, Monday 00:00 first).</summary>
    public IReadOnlyList<bool> Occupied => _occupied;

    /// <summary>Temperature bin endpoints kept for occupied hours, ascending (temperature unit of the fit).</summary>
    public IReadOnlyList<double> OccupiedBinEndpoints => _occupiedEndpoints;

    /// <summary>Temperature bin endpoints kept for unoccupied hours, ascending.</summary>
    public IReadOnlyList<double> UnoccupiedBinEndpoints => _unoccupiedEndpoints;

    /// <summary>α per hour-of-week (energy per hour at zero temperature features); NaN where the segment had no such hour.</summary>
    public IReadOnlyList<double> TimeOfWeekCoefficients => _timeOfWeek;

    /// <summary>Standard error of each α.</summary>
    public IReadOnlyList<double> TimeOfWeekStandardErrors => _timeOfWeekErrors;

    /// <summary>Temperature slopes, named as the reference names them (<c>bin_0_occupied</c> …, <c>bin_0_unoccupied</c> …).</summary>
    public IReadOnlyList<ModelTerm> TemperatureTerms { get; }

    /// <summary>Hours with positive weight used in the fit.</summary>
    public int Hours { get; }

    /// <summary>Sum of the segment weights.</summary>
    public double WeightSum { get; }

    /// <summary>Parameters estimated: hours-of-week present plus temperature features kept.</summary>
    public int Parameters { get; }

    /// <summary>Σ w·(y − ŷ)² over the segment's hours.</summary>
    public double WeightedSumSquaredErrors { get; }

    /// <summary>Metrics on the centre-month hours in the reference's conventions; null when the centre month had no hour.</summary>
    public HourlyTowtSegmentMetrics? Metrics { get; }

    /// <summary>
    /// Guideline 14 statistics (CV(RMSE), NMBE in percent, n − p with p = <see cref="Parameters"/>) on the centre-month
    /// hours; null when there are no more hours than parameters.
    /// </summary>
    public FitStatistics? Statistics { get; }

    /// <summary>The same goodness of fit in both conventions (p = c = <see cref="Parameters"/>, as eemeter counts an hourly
    /// model's parameters), as the result record keeps it; null when there are no more hours than parameters.</summary>
    public ModelStatistics? Goodness { get; }

    /// <summary>Predicted energy of one hour of this segment's month; NaN when the hour-of-week was never seen or T is NaN.</summary>
    public double Predict(int hourOfWeek, double temperature)
    {
        if ((uint)hourOfWeek >= 168)
        {
            throw new ArgumentOutOfRangeException(nameof(hourOfWeek), hourOfWeek, "hour of week is 0–167");
        }

        var alpha = _timeOfWeek[hourOfWeek];
        if (double.IsNaN(temperature) || double.IsNaN(alpha))
        {
            return double.NaN;
        }

        var occupied = _occupied[hourOfWeek];
        var endpoints = occupied ? _occupiedEndpoints : _unoccupiedEndpoints;
        var slopes = occupied ? _occupiedSlopes : _unoccupiedSlopes;
        if (slopes.Length == 0)
        {
            return alpha;
        }

        Span<double> features = stackalloc double[slopes.Length];
        TimeOfWeekTemperatureFeatures.Compute(endpoints, temperature, features);
        var sum = alpha;
        for (var j = 0; j < slopes.Length; j++)
        {
            sum += slopes[j] * features[j];
        }

        return sum;
    }
}
