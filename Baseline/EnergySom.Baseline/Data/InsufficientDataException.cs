using EnergySom.Baseline.Results;

namespace EnergySom.Baseline.Data;

/// <summary>
/// The baseline data do not meet the sufficiency criteria, so no model was fitted. Carries every warning with
/// the numbers behind it; fit anyway only by asking explicitly (the result then records that it was overridden).
/// </summary>
public sealed class InsufficientDataException(SufficiencyReport report)
    : Exception(Describe(report))
{
    /// <summary>The failed check.</summary>
    public SufficiencyReport Report { get; } = report;

    /// <summary>The critical warnings.</summary>
    public IReadOnlyList<BaselineWarning> Critical => [.. Report.Warnings.Where(w => w.Critical)];

    private static string Describe(SufficiencyReport report) =>
        $"insufficient baseline data ({report.Criteria}): " + string.Join("; ", report.Warnings.Where(w => w.Critical)
            .Select(w => $"{w.Code} ({string.Join(", ", w.Data.Select(kv => $"{kv.Key}={kv.Value?.ToJsonString()}"))})"));
}
