using EnergySom.Baseline.Results;

namespace EnergySom.Baseline.Data;

/// <summary>The outcome of a data-sufficiency check: every warning with its numbers, and whether any is critical.</summary>
/// <param name="Criteria">Which criteria, e.g. <c>caltrack_2.0_daily_billing</c>.</param>
/// <param name="Warnings">All warnings, critical first.</param>
public sealed record SufficiencyReport(string Criteria, IReadOnlyList<BaselineWarning> Warnings)
{
    /// <summary>True when no warning is critical.</summary>
    public bool Passed => !Warnings.Any(w => w.Critical);

    /// <summary>Throws <see cref="InsufficientDataException"/> unless the data passed.</summary>
    public void ThrowIfInsufficient()
    {
        if (!Passed)
        {
            throw new InsufficientDataException(this);
        }
    }
}
