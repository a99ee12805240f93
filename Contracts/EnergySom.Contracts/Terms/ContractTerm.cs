using NodaTime;

namespace EnergySom.Contracts.Terms;

/// <summary>The contract term: whole contract years from a first day (the first of a month).</summary>
public sealed record ContractTerm(LocalDate Start, int Years)
{
    public LocalDate End => Start.PlusYears(Years);

    public LocalDateRange Range => new(Start, End);

    /// <summary>Contract year (1-based) of a local date inside the term.</summary>
    public int ContractYear(LocalDate date)
    {
        if (date < Start || date >= End)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date, $"outside the term {Range}");
        }

        return Period.Between(Start, date, PeriodUnits.Years).Years + 1;
    }

    /// <summary>Days of contract year <paramref name="year"/>, half-open.</summary>
    public LocalDateRange Year(int year) => new(Start.PlusYears(year - 1), Start.PlusYears(year));
}
