using System.Globalization;
using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Contracts.Settlement;

/// <summary>The settlement periods of a contract: blocks of 1, 3 or 12 months from the term start to its end.</summary>
public static class SettlementCalendar
{
    public static IReadOnlyList<SettlementPeriod> Periods(Contract contract)
    {
        var count = Count(contract);
        var periods = new List<SettlementPeriod>(count);
        for (var i = 0; i < count; i++)
        {
            periods.Add(At(contract, i));
        }

        return periods;
    }

    /// <summary>Number of settlement periods in the term.</summary>
    public static int Count(Contract contract) => contract.Term.Years * (12 / contract.Frequency.Months());

    /// <summary>The period with 0-based <paramref name="index"/> in the term.</summary>
    public static SettlementPeriod At(Contract contract, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count(contract));
        var months = contract.Frequency.Months();
        var perYear = 12 / months;
        var from = contract.Term.Start.PlusMonths(index * months);
        var to = from.PlusMonths(months);
        return new SettlementPeriod(LabelOf(from, to), new LocalDateRange(from, to), (index / perYear) + 1, index, index % perYear, perYear);
    }

    /// <summary>
    /// The period with <paramref name="label"/>, or the period containing the month <paramref name="label"/> names
    /// (<c>2025-03</c> finds the quarter 2025-01/2025-03 of a quarterly contract).
    /// </summary>
    public static SettlementPeriod Find(Contract contract, string label)
    {
        var periods = Periods(contract);
        var exact = periods.FirstOrDefault(p => string.Equals(p.Label, label, StringComparison.Ordinal));
        if (exact is not null)
        {
            return exact;
        }

        if (DateTime.TryParseExact(label, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            var day = new LocalDate(month.Year, month.Month, 1);
            var containing = periods.FirstOrDefault(p => p.Dates.Contains(day));
            if (containing is not null)
            {
                return containing;
            }
        }

        throw new ArgumentException(
            $"{contract.Id} has no settlement period {label} (its {contract.Frequency.Code()} periods run from {periods[0].Label} to {periods[^1].Label})", nameof(label));
    }

    private static string LabelOf(LocalDate from, LocalDate to)
    {
        var last = to.PlusMonths(-1);
        return from.PlusMonths(1) == to ? Month(from) : $"{Month(from)}/{Month(last)}";
    }

    private static string Month(LocalDate date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
