namespace EnergySom.Contracts.Terms;

/// <summary>
/// Energy performance contract types of GB/T 24915-2020 合同能源管理技术通则 (reference/standards.md §2.1, [S]).
/// </summary>
public enum ContractType
{
    /// <summary>节能效益分享型: the savings value is shared by a ratio that may change by contract year.</summary>
    SharedSavings,

    /// <summary>节能量保证型: the ESCO guarantees a quantity of savings per year and pays any shortfall.</summary>
    GuaranteedSavings,

    /// <summary>能源费用托管型: the factory pays a fixed fee; the ESCO bears the actual energy cost and keeps the difference.</summary>
    EnergyCostTrusteeship,

    /// <summary>融资租赁型: a financier leases the equipment to the factory; the ESCO guarantees the savings.</summary>
    FinanceLease,

    /// <summary>混合型: a combination of the other types, each on its own carriers.</summary>
    Mixed,
}

public static class ContractTypeExtensions
{
    public static string Code(this ContractType type) => type switch
    {
        ContractType.SharedSavings => "shared_savings",
        ContractType.GuaranteedSavings => "guaranteed_savings",
        ContractType.EnergyCostTrusteeship => "energy_cost_trusteeship",
        ContractType.FinanceLease => "finance_lease",
        ContractType.Mixed => "mixed",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string ChineseName(this ContractType type) => type switch
    {
        ContractType.SharedSavings => "节能效益分享型",
        ContractType.GuaranteedSavings => "节能量保证型",
        ContractType.EnergyCostTrusteeship => "能源费用托管型",
        ContractType.FinanceLease => "融资租赁型",
        ContractType.Mixed => "混合型",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
