using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// One settlement period of a contract: whole months counted from the term start, always inside one contract year.
/// </summary>
/// <param name="Label"><c>2025-03</c> for a month, <c>2025-01/2025-03</c> (first/last month) for a quarter or year.</param>
/// <param name="Index">0-based number of the period in the term.</param>
/// <param name="IndexInYear">0-based number of the period in its contract year.</param>
/// <param name="PeriodsInYear">Periods per contract year (12, 4 or 1).</param>
public sealed record SettlementPeriod(string Label, LocalDateRange Dates, int ContractYear, int Index, int IndexInYear, int PeriodsInYear)
{
    /// <summary>True for the last period of its contract year: the year's guarantees are trued up in it.</summary>
    public bool ClosesContractYear => IndexInYear == PeriodsInYear - 1;
}
