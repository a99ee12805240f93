using System.Text.Json.Nodes;
using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Results;

/// <summary>
/// One sub-model of a segmented model (e.g. a month-centred segment of CalTRACK hourly / TOWT): its own
/// coefficients, statistics and parameters (occupancy, temperature bin endpoints, weights …).
/// </summary>
/// <param name="Name">Stable segment name, e.g. <c>dec-jan-feb-weighted</c>.</param>
public sealed record ModelSegment(
    string Name,
    IReadOnlyList<CoefficientEstimate> Coefficients,
    ModelStatistics? Statistics,
    JsonObject Parameters);
