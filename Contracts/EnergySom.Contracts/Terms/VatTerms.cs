namespace EnergySom.Contracts.Terms;

/// <summary>
/// Value-added tax on payments between the parties. Chinese VAT rates in use: 13 % (goods, tangible-asset
/// leasing), 9 %, 6 % (modern services, including energy-saving services), 5 % and 3 %/1 % (simplified methods),
/// 0 (exempt, e.g. qualifying EPC projects under 财税〔2010〕110号 and its successors [R: verify the exemption is in force
/// for the project]).
/// </summary>
/// <param name="Rate">Rate applied to payments to the ESCO (0.06 = 6 %).</param>
/// <param name="AmountsIncludeVat">True when the settled amounts are VAT-inclusive (Chinese tariff prices are).</param>
public sealed record VatTerms(decimal Rate, bool AmountsIncludeVat)
{
    public static readonly IReadOnlyList<decimal> KnownRates = [0m, 0.01m, 0.03m, 0.05m, 0.06m, 0.09m, 0.13m];
}
