namespace EnergySom.Contracts.Ledger;

/// <summary>Where a statement is in its workflow: draft → approved by the ESCO → final (approved by the factory).</summary>
public enum StatementState
{
    /// <summary>Computed and recorded by the ESCO; nobody has approved it yet.</summary>
    Draft,

    /// <summary>The ESCO approved it; it awaits the factory.</summary>
    ApprovedByEsco,

    /// <summary>Both parties approved it. It is never edited again, only reversed.</summary>
    Final,

    /// <summary>A party disputed it, with a reason. The period is settled again to issue a corrected statement.</summary>
    Disputed,

    /// <summary>A newer statement of the same period (changed inputs) replaced it before it became final.</summary>
    Superseded,

    /// <summary>It was final and has been reversed; a new statement corrects the period.</summary>
    Reversed,
}

/// <summary>Codes of <see cref="StatementState"/> as printed and filtered on.</summary>
public static class StatementStates
{
    public static string Code(this StatementState state) => state switch
    {
        StatementState.Draft => "draft",
        StatementState.ApprovedByEsco => "approved-by-esco",
        StatementState.Final => "final",
        StatementState.Disputed => "disputed",
        StatementState.Superseded => "superseded",
        StatementState.Reversed => "reversed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static bool TryParse(string? code, out StatementState state)
    {
        foreach (var candidate in Enum.GetValues<StatementState>())
        {
            if (string.Equals(candidate.Code(), code, StringComparison.Ordinal))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }
}
