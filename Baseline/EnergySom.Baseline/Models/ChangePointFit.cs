using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Models;

/// <summary>
/// A fitted change-point model: its form, coefficients with standard errors, change points, Guideline 14
/// statistics, and what happened to every other form during selection.
/// </summary>
public sealed class ChangePointFit
{
    /// <summary>Recorded in results so a stored fit says which algorithm produced it.</summary>
    public const string AlgorithmVersion = "change-point/1";

    internal ChangePointFit(
        ChangePointForm form,
        double baseLoad,
        double slope,
        double heatingSlope,
        double coolingSlope,
        double? heatingChangePoint,
        double? coolingChangePoint,
        IReadOnlyList<ModelTerm> terms,
        FitStatistics? statistics,
        int parameters,
        int n,
        int rowsDropped,
        IReadOnlyList<ChangePointCandidate> candidates,
        string selectionReason,
        ChangePointSettings settings)
    {
        Form = form;
        Base = baseLoad;
        Slope = slope;
        HeatingSlope = heatingSlope;
        CoolingSlope = coolingSlope;
        HeatingChangePoint = heatingChangePoint;
        CoolingChangePoint = coolingChangePoint;
        Terms = terms;
        Statistics = statistics;
        Parameters = parameters;
        N = n;
        RowsDropped = rowsDropped;
        Candidates = candidates;
        SelectionReason = selectionReason;
        Settings = settings;
    }

    /// <summary>The chosen form.</summary>
    public ChangePointForm Form { get; }

    /// <summary>β₀: energy per period at the change point(s), the flat part of a 3P/4P/5P, the intercept of a 2P, the mean of a 1P.</summary>
    public double Base { get; }

    /// <summary>β₁ of a 2P model (energy per driver unit), 0 otherwise.</summary>
    public double Slope { get; }

    /// <summary>Slope below the heating change point (energy per driver unit, negative: use rises as it gets colder); 0 when absent.</summary>
    public double HeatingSlope { get; }

    /// <summary>Slope above the cooling change point (positive); 0 when absent.</summary>
    public double CoolingSlope { get; }

    /// <summary>Heating change point (driver unit); for 4P the single change point; null when absent.</summary>
    public double? HeatingChangePoint { get; }

    /// <summary>Cooling change point; for 4P the same as <see cref="HeatingChangePoint"/>; null when absent.</summary>
    public double? CoolingChangePoint { get; }

    /// <summary>Coefficients (<c>base</c>/<c>intercept</c>, <c>slope</c>, <c>heating_slope</c>, <c>cooling_slope</c>) with standard errors and t.</summary>
    public IReadOnlyList<ModelTerm> Terms { get; }

    /// <summary>Guideline 14 statistics with p = <see cref="Parameters"/>; null when n ≤ p.</summary>
    public FitStatistics? Statistics { get; }

    /// <summary>Parameters counted for CV(RMSE) and FSU: coefficients plus change points (3P → 3, 4P → 4, 5P → 5).</summary>
    public int Parameters { get; }

    /// <summary>Periods used.</summary>
    public int N { get; }

    /// <summary>Periods left out because energy, driver or weight was missing.</summary>
    public int RowsDropped { get; }

    /// <summary>Every form tried, qualified or not, and why.</summary>
    public IReadOnlyList<ChangePointCandidate> Candidates { get; }

    /// <summary>Why this form was chosen (or why the model fell back to the mean).</summary>
    public string SelectionReason { get; }

    /// <summary>The settings used.</summary>
    public ChangePointSettings Settings { get; }

    /// <summary>Predicted energy for one period with driver value <paramref name="driver"/>; NaN for NaN.</summary>
    public double Predict(double driver)
    {
        if (double.IsNaN(driver))
        {
            return double.NaN;
        }

        return Form switch
        {
            ChangePointForm.Mean => Base,
            ChangePointForm.TwoParameter => Base + (Slope * driver),
            _ => Base
                + (HeatingChangePoint is { } h ? HeatingSlope * Math.Min(driver - h, 0) : 0)
                + (CoolingChangePoint is { } c ? CoolingSlope * Math.Max(driver - c, 0) : 0),
        };
    }

    /// <summary>Predicts every period.</summary>
    public void Predict(ReadOnlySpan<double> driver, Span<double> predicted)
    {
        if (predicted.Length < driver.Length)
        {
            throw new ArgumentException($"output ({predicted.Length}) is shorter than the input ({driver.Length})");
        }

        for (var i = 0; i < driver.Length; i++)
        {
            predicted[i] = Predict(driver[i]);
        }
    }
}
