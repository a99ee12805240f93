namespace EnergySom.Contracts.Terms;

/// <summary>How an interval with no verified savings (a missing reading or baseline value) is treated.</summary>
public enum MissingIntervalPolicy
{
    /// <summary>Left out: it earns nothing; the statement lists the gaps.</summary>
    Exclude,

    /// <summary>Priced at the baseline model's estimate for the interval, on separate "estimated" lines.</summary>
    Estimate,

    /// <summary>Left out of the amounts and listed as disputed items (with their estimated value when known) for the parties to resolve.</summary>
    Dispute,
}
