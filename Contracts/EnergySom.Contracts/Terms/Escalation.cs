namespace EnergySom.Contracts.Terms;

/// <summary>What a price escalation clause applies to.</summary>
public enum EscalationTarget
{
    /// <summary>Service fees and trusteeship fees.</summary>
    Fees,

    /// <summary>Agreed unit prices (valuation and guarantee prices).</summary>
    AgreedPrices,

    /// <summary>The minimum payment per period.</summary>
    MinimumPayment,
}

/// <summary>
/// Compound escalation by contract year: the amount of year n is base × (1 + rate)^(n−1), computed in decimal,
/// money rounded to the contract's rounding step and unit prices to 0.0001 yuan each year.
/// </summary>
public sealed record Escalation(decimal RatePerYear, IReadOnlyList<EscalationTarget> AppliesTo)
{
    public const int UnitPriceDecimals = 4;

    public bool Covers(EscalationTarget target) => AppliesTo.Contains(target);

    public decimal Factor(int contractYear)
    {
        var factor = 1m;
        for (var y = 1; y < contractYear; y++)
        {
            factor *= 1m + RatePerYear;
        }

        return factor;
    }
}

public static class EscalationTargetExtensions
{
    public static string Code(this EscalationTarget target) => target switch
    {
        EscalationTarget.Fees => "fees",
        EscalationTarget.AgreedPrices => "agreed_prices",
        EscalationTarget.MinimumPayment => "minimum_payment",
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, null),
    };
}
