namespace EnergySom.Contracts.Terms;

/// <summary>How often a contract is settled. Periods are blocks of whole months counted from the term start.</summary>
public enum SettlementFrequency
{
    Monthly,
    Quarterly,
    Yearly,
}

public static class SettlementFrequencyExtensions
{
    public static string Code(this SettlementFrequency frequency) => frequency switch
    {
        SettlementFrequency.Monthly => "monthly",
        SettlementFrequency.Quarterly => "quarterly",
        SettlementFrequency.Yearly => "yearly",
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, null),
    };

    /// <summary>Months in one settlement period: 1, 3 or 12 (each divides a contract year).</summary>
    public static int Months(this SettlementFrequency frequency) => frequency switch
    {
        SettlementFrequency.Monthly => 1,
        SettlementFrequency.Quarterly => 3,
        SettlementFrequency.Yearly => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, null),
    };
}
