using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Contracts.Settlement;

public static partial class SettlementEngine
{
    private static readonly Duration LegacyStep = Duration.FromMinutes(15);

    /// <summary>
    /// Settles a foundation-style request by building the equivalent contract (shared savings on electricity and
    /// gas, interval-start band split, missing intervals excluded, the request's rounding) and settling it as any
    /// other: same prices, same shares, same rounding as before, in a current-schema statement.
    /// </summary>
    public static SettlementStatement Settle(SettlementRequest request)
    {
        var terms = request.Terms;
        var baseline = new BaselineResultReference("baseline", request.BaselineVersion, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.BaselineVersion))));
        var start = terms.Start;
        var contract = new Contract(
            terms.ContractId,
            1,
            $"{terms.ContractId} (shared savings)",
            ContractType.SharedSavings,
            new ContractParties(new Party(Slug(terms.Esco), terms.Esco, null), new Party(Slug(terms.Factory), terms.Factory, null), null),
            new Site("site", terms.Factory, null),
            request.Zone,
            "CNY",
            new VatTerms(0m, true),
            [
                new CarrierScope(EnergyCarrier.Electricity, ["electricity"], request.Tariff.Id, null, false, SavingsValuation.AtTariff, new BaselineModelSpec("stipulated", [], null), baseline),
                new CarrierScope(EnergyCarrier.NaturalGas, ["natural_gas"], request.GasTariff.Id, GasVolumeBasis.Normal, false, SavingsValuation.AtTariff, new BaselineModelSpec("stipulated", [], null), baseline),
            ],
            [],
            new MeasurementAndVerification(MvOption.C, new LocalDateRange(start.PlusYears(-1), start), new LocalDateRange(start, start.PlusYears(terms.EscoShareByYear.Count))),
            new ContractTerm(start, terms.EscoShareByYear.Count),
            SettlementFrequency.Monthly,
            new SettlementPolicies(BandSplitPolicy.IntervalStart, MissingIntervalPolicy.Exclude, DailyAllocationPolicy.ProRataMetered, request.Rounding),
            [new SharedSavingsClause([EnergyCarrier.Electricity, EnergyCarrier.NaturalGas], terms.EscoShareByYear)],
            PaymentLimits.None,
            null,
            null);

        var first = request.Period.OnDayOfMonth(1);
        var dates = new LocalDateRange(first, first.PlusMonths(1));
        var index = Period.Between(new LocalDate(start.Year, start.Month, 1), first, PeriodUnits.Months).Months;
        var period = new SettlementPeriod(request.Period.ToString("yyyy-MM", CultureInfo.InvariantCulture), dates, terms.ContractYear(first), index, index % 12, 12);
        var from = first.AtStartOfDayInZone(request.Zone).ToInstant();
        var to = dates.To.AtStartOfDayInZone(request.Zone).ToInstant();
        var electricity = IntervalSeries.FromPoints(request.Electricity.Select(i => (i.Start, i.AvoidedKwh)), from, to, LegacyStep);
        var input = new SettlementInput(
            contract,
            period,
            new TariffLibrary([request.Tariff], [request.GasTariff]),
            [
                new CarrierInput(EnergyCarrier.Electricity, baseline) { Avoided = electricity },
                new CarrierInput(EnergyCarrier.NaturalGas, baseline) { PeriodAvoided = request.GasAvoidedNormalCubicMetres },
            ]);
        return Settle(input, checkCalendar: false);
    }

    private static string Slug(string name)
    {
        var slug = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return slug.Length == 0 ? "party" : slug[..Math.Min(64, slug.Length)];
    }
}
