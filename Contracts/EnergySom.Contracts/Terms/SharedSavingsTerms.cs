using NodaTime;

namespace EnergySom.Contracts.Terms;

/// <summary>
/// A shared-savings contract (节能效益分享型, GB/T 24915-2020): the ESCO receives a share of the verified
/// savings value, which may change by contract year; the factory keeps the rest.
/// </summary>
/// <param name="ContractId">Contract identifier.</param>
/// <param name="Esco">The energy service company.</param>
/// <param name="Factory">The host factory.</param>
/// <param name="Start">First day of contract year 1 (local date in the contract's zone).</param>
/// <param name="EscoShareByYear">ESCO share for contract years 1, 2, … (0.70 = 70 %).</param>
public sealed record SharedSavingsTerms(string ContractId, string Esco, string Factory, LocalDate Start, IReadOnlyList<decimal> EscoShareByYear)
{
    /// <summary>Contract year (1-based) of a local date.</summary>
    public int ContractYear(LocalDate date)
    {
        if (date < Start)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, $"before contract start {Start}");
        }

        var years = Period.Between(Start, date, PeriodUnits.Years).Years;
        return years + 1;
    }

    /// <summary>ESCO share in force on a date.</summary>
    public decimal EscoShare(LocalDate date)
    {
        var year = ContractYear(date);
        return year <= EscoShareByYear.Count
            ? EscoShareByYear[year - 1]
            : throw new ArgumentOutOfRangeException(nameof(date), date, $"contract year {year} is beyond the {EscoShareByYear.Count}-year term");
    }
}
