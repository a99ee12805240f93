using NodaTime;

namespace EnergySom.Contracts.Terms;

/// <summary>A half-open range of local dates, <c>[From, To)</c>.</summary>
public readonly record struct LocalDateRange(LocalDate From, LocalDate To)
{
    public bool Contains(LocalDate date) => date >= From && date < To;

    public int Days => Period.Between(From, To, PeriodUnits.Days).Days;

    public override string ToString() => $"[{From:yyyy-MM-dd}, {To:yyyy-MM-dd})";
}
