using EnergySom.Contracts.Terms;
using NodaTime;
using NodaTime.Text;

namespace EnergySom.Contracts.Settlement;

/// <summary>The frame of one settlement: contract, period, the dates actually settled, zone, rounding.</summary>
internal sealed class SettlementContext
{
    public SettlementContext(SettlementInput input, LocalDateRange dates)
    {
        Input = input;
        Contract = input.Contract;
        Period = input.Period;
        Dates = dates;
        Zone = input.Contract.Zone;
        From = dates.From.AtStartOfDayInZone(Zone).ToInstant();
        To = dates.To.AtStartOfDayInZone(Zone).ToInstant();
    }

    public SettlementInput Input { get; }

    public Contract Contract { get; }

    public SettlementPeriod Period { get; }

    /// <summary>Local dates settled: the period, cut at a buy-out date.</summary>
    public LocalDateRange Dates { get; }

    public DateTimeZone Zone { get; }

    public Instant From { get; }

    public Instant To { get; }

    public SettlementPolicies Policies => Contract.Policies;

    public int ContractYear => Period.ContractYear;

    public decimal Money(decimal amount) => Policies.Rounding.Round(amount);

    /// <summary>A quantity as printed on a line: 3 decimals, half away from zero.</summary>
    public static decimal Quantity(double value) =>
        Math.Round((decimal)value, SettlementPolicies.QuantityDecimals, MidpointRounding.AwayFromZero);

    public static decimal Quantity(decimal value) =>
        Math.Round(value, SettlementPolicies.QuantityDecimals, MidpointRounding.AwayFromZero);

    public SettlementInputException Error(string input, string problem) => new(Contract.Id, Period.Label, input, problem);

    public static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    public static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string Iso(Duration duration) => System.Xml.XmlConvert.ToString(duration.ToTimeSpan());
}
