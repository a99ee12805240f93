using EnergySom.Baseline.LeastSquares;
using EnergySom.Baseline.Results;

namespace EnergySom.Baseline.Models;

/// <summary>The outcome of fitting a CalTRACK daily or billing baseline.</summary>
public sealed class CalTrackFit
{
    /// <summary>The model, ready to predict.</summary>
    public required CalTrackModel Model { get; init; }

    /// <summary>The versioned record of the fit.</summary>
    public required BaselineResult Result { get; init; }

    /// <summary>The final least-squares fit of the selected form (Householder QR), with its inference.</summary>
    public required LinearFit Regression { get; init; }

    /// <summary>What the candidate search selected (its centred-normal-equation coefficients agree with
    /// <see cref="Regression"/> to rounding).</summary>
    public required CalTrackSelection Selection { get; init; }

    /// <summary>Observed totals per baseline period (NaN where missing).</summary>
    public required IReadOnlyList<double> BaselineObservedTotals { get; init; }

    /// <summary>Predicted totals per baseline period (NaN where temperatures are insufficient).</summary>
    public required IReadOnlyList<double> BaselinePredictedTotals { get; init; }
}
