namespace EnergySom.Contracts.Terms;

/// <summary>
/// The policies a contract chooses for the judgement calls of settlement; every statement records them.
/// Quantities on statement lines are rounded to <see cref="QuantityDecimals"/> decimals (half away from zero)
/// before pricing, so each amount can be recomputed from its printed quantity and unit price.
/// </summary>
public sealed record SettlementPolicies(
    BandSplitPolicy BandSplit,
    MissingIntervalPolicy MissingIntervals,
    DailyAllocationPolicy DailyAllocation,
    RoundingPolicy Rounding)
{
    public const int QuantityDecimals = 3;

    public static readonly SettlementPolicies Default = new(BandSplitPolicy.ProRataMinutes, MissingIntervalPolicy.Exclude, DailyAllocationPolicy.ProRataMetered, RoundingPolicy.Fen);
}

public static class SettlementPolicyCodes
{
    public static string Code(this BandSplitPolicy policy) => policy switch
    {
        BandSplitPolicy.IntervalStart => "interval_start",
        BandSplitPolicy.ProRataMinutes => "pro_rata_minutes",
        BandSplitPolicy.Reject => "reject",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };

    public static string Code(this MissingIntervalPolicy policy) => policy switch
    {
        MissingIntervalPolicy.Exclude => "exclude",
        MissingIntervalPolicy.Estimate => "estimate",
        MissingIntervalPolicy.Dispute => "dispute",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };

    public static string Code(this DailyAllocationPolicy policy) => policy switch
    {
        DailyAllocationPolicy.ProRataMetered => "pro_rata_metered",
        DailyAllocationPolicy.Uniform => "uniform",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };
}
