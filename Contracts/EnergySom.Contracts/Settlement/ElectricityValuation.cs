using System.Globalization;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// Values avoided electricity: each interval's kWh at the price of its time-of-use band in the tariff version in
/// force on its local date (or at the agreed price), demand-charge savings month by month, non-routine adjustments;
/// and, for an energy-cost trusteeship, the actual energy cost.
/// </summary>
internal static class ElectricityValuation
{
    private const string Input = "carriers.electricity";
    private static readonly Duration DefaultStep = Duration.FromMinutes(15);

    public static CarrierResult Value(SettlementContext ctx, CarrierScope scope, CarrierInput input)
    {
        var result = new CarrierResult(EnergyCarrier.Electricity, "kWh");
        var forms = (input.Avoided is null ? 0 : 1) + (input.DailyAvoided is null ? 0 : 1) + (input.PeriodAvoided is null ? 0 : 1);
        if (forms != 1)
        {
            throw ctx.Error(Input, "give exactly one form of savings: avoided (intervals), daily_avoided or period_avoided");
        }

        var valuation = scope.Valuation;
        if (valuation.Method == ValuationMethod.Tariff)
        {
            if (input.PeriodAvoided is not null)
            {
                throw ctx.Error($"{Input}.period_avoided", "a period total cannot be priced at time-of-use bands; give interval or daily savings (or value at an agreed price)");
            }

            var timeline = Timeline(ctx, scope);
            var (avoided, estimates) = Intervals(ctx, input, result);
            var grid = Grid(ctx, timeline, avoided.Step);
            RecordTariffs(ctx, result, timeline);
            var sums = Accumulate(ctx, grid, avoided, estimates, $"{Input}.avoided");
            SavingsLines.Add(ctx, result, grid, sums, (key, quantity, estimated) => TouShape(ctx, scope, key, quantity, estimated, grid));
            SavingsLines.Quality(ctx, result, input.Avoided is null ? "daily_allocated" : "interval", grid, sums, (key, q) => q * UnitPrice(scope, key.Price));
        }
        else
        {
            var price = ctx.Contract.Escalated(valuation.AgreedUnitPrice!.Value, ctx.ContractYear, EscalationTarget.AgreedPrices);
            AgreedPrice(ctx, input, result, price);
        }

        if (scope.DemandSavings)
        {
            Demand(ctx, scope, input, result);
        }

        Adjustments(ctx, scope, result);
        return result;
    }

    /// <summary>Actual energy cost at the tariff (energy-cost trusteeship): every interval's metered kWh, and the demand or capacity charge on the actual billing demand.</summary>
    public static void ActualCost(SettlementContext ctx, CarrierScope scope, CarrierInput input, CarrierResult result)
    {
        if (input.Metered is not { } metered)
        {
            throw ctx.Error($"{Input}.metered", "an energy-cost trusteeship prices the actual consumption: give the metered interval energy");
        }

        var timeline = Timeline(ctx, scope);
        var grid = Grid(ctx, timeline, metered.Step);
        RecordTariffs(ctx, result, timeline);
        var sums = SlotSums.Accumulate(grid, metered.Values, Offset(ctx, metered, "metered"), [], 0, false, MissingIntervalPolicy.Exclude, _ => new InvalidOperationException());
        if (sums.MissingRuns.Count > 0)
        {
            var first = sums.MissingRuns[0];
            throw ctx.Error($"{Input}.metered", $"the actual cost needs every interval's consumption; {sums.Missing} are missing, the first at {grid.SlotStart(first.Start)}");
        }

        if (!result.Series.Any(s => s.Kind == "metered"))
        {
            result.Series.Add(SeriesDigest.Of(EnergyCarrier.Electricity, "metered", metered, ctx.From, ctx.To));
        }

        SavingsLines.AddCost(ctx, result, grid, sums, (key, quantity, _) => (
            $"electricity.{key.Band!.Value.Code()}",
            $"Actual electricity, {SavingsLines.BandText(key.Band.Value)}{PatternText(key)}{SegmentText(key, grid)}",
            "kWh",
            key.Price,
            null,
            quantity));
        // The basic charge is part of the actual cost only where the tariff is a two-part tariff.
        var twoPart = timeline.Over(ctx.Dates).Any(s => s.Tariff.DemandCharge is not null);
        foreach (var (month, segment, days, daysInMonth, demand) in twoPart ? DemandMonths(ctx, timeline, input, "actual cost", result) : [])
        {
            var charge = segment.Tariff.DemandCharge!;
            result.CostLines.Add(DemandLine(
                ctx,
                $"electricity.demand_charge.{Month(month)}",
                LineSections.Cost,
                $"Actual {(charge.Basis == DemandChargeBasis.MaximumDemand ? "maximum-demand" : "capacity")} charge {Month(month)}: {Number(demand.Actual)} {charge.Unit} × {days}/{daysInMonth} days",
                SettlementContext.Quantity((decimal)demand.Actual * days / daysInMonth),
                segment));
        }
    }

    private static (IntervalSeries Avoided, IntervalSeries? Estimates) Intervals(SettlementContext ctx, CarrierInput input, CarrierResult result)
    {
        if (input.Avoided is { } avoided)
        {
            result.Series.Add(SeriesDigest.Of(EnergyCarrier.Electricity, "avoided", avoided, ctx.From, ctx.To));
            if (input.Estimates is { } estimates)
            {
                if (estimates.Step != avoided.Step)
                {
                    throw ctx.Error($"{Input}.estimates", $"the estimates' {estimates.Step.TotalMinutes}-minute step differs from the savings' {avoided.Step.TotalMinutes}-minute step");
                }

                result.Series.Add(SeriesDigest.Of(EnergyCarrier.Electricity, "estimates", estimates, ctx.From, ctx.To));
            }

            return (avoided, input.Estimates);
        }

        var daily = input.DailyAvoided!;
        var policy = ctx.Policies.DailyAllocation;
        if (policy == DailyAllocationPolicy.ProRataMetered && input.Metered is null)
        {
            throw ctx.Error($"{Input}.metered", "daily savings are allocated pro rata to the metered interval energy (daily_allocation: pro_rata_metered); give the metered intervals");
        }

        var step = input.Metered?.Step ?? DefaultStep;
        result.Series.Add(SeriesDigest.Of(EnergyCarrier.Electricity, "daily_avoided", daily, ctx.Dates));
        if (input.Metered is { } metered)
        {
            result.Series.Add(SeriesDigest.Of(EnergyCarrier.Electricity, "metered", metered, ctx.From, ctx.To));
        }

        var allocated = DailyAllocation.Allocate(daily, input.Metered, step, ctx.Zone, ctx.Dates, policy);
        IntervalSeries? allocatedEstimates = null;
        if (input.DailyEstimates is { } dailyEstimates)
        {
            result.Series.Add(SeriesDigest.Of(EnergyCarrier.Electricity, "daily_estimates", dailyEstimates, ctx.Dates));
            allocatedEstimates = DailyAllocation.Allocate(dailyEstimates, input.Metered, step, ctx.Zone, ctx.Dates, policy);
        }

        return (allocated, allocatedEstimates);
    }

    private static void AgreedPrice(SettlementContext ctx, CarrierInput input, CarrierResult result, decimal price)
    {
        (string, string, string, decimal, VolumeConversion?, decimal) Shape(PriceKey key, decimal quantity, bool estimated) =>
            (estimated ? "electricity.estimated" : "electricity", $"Avoided electricity{(estimated ? ", estimated for missing data" : "")} at the agreed price", "kWh", price, null, quantity);

        if (input.PeriodAvoided is { } total)
        {
            if (double.IsNaN(total))
            {
                throw ctx.Error($"{Input}.period_avoided", "is missing (NaN)");
            }

            result.Series.Add(SeriesDigest.Of(EnergyCarrier.Electricity, "period_avoided", total, ctx.Dates));
            var quantity = SettlementContext.Quantity(total);
            result.Lines.Add(new StatementLine("electricity", LineSections.Savings, "electricity", "Avoided electricity in the period at the agreed price", quantity, "kWh", price, ctx.Money(quantity * price), null, null, null));
            result.Metered += quantity;
            result.Quality.Add(new DataQuality("electricity", "period_total", 1, 1, 0, 0, []));
            return;
        }

        if (input.Avoided is { } avoided)
        {
            result.Series.Add(SeriesDigest.Of(EnergyCarrier.Electricity, "avoided", avoided, ctx.From, ctx.To));
            var slots = checked((int)((ctx.To - ctx.From).BclCompatibleTicks / avoided.Step.BclCompatibleTicks));
            var grid = PricingGrid.Single(slots, price, ctx.Dates, PricingGrid.IntervalStarts(ctx.From, avoided.Step));
            if (input.Estimates is { } estimates)
            {
                result.Series.Add(SeriesDigest.Of(EnergyCarrier.Electricity, "estimates", estimates, ctx.From, ctx.To));
            }

            var sums = Accumulate(ctx, grid, avoided, input.Estimates, $"{Input}.avoided");
            SavingsLines.Add(ctx, result, grid, sums, Shape);
            SavingsLines.Quality(ctx, result, "interval", grid, sums, (_, q) => q * price);
            return;
        }

        var daily = input.DailyAvoided!;
        result.Series.Add(SeriesDigest.Of(EnergyCarrier.Electricity, "daily_avoided", daily, ctx.Dates));
        var dayGrid = PricingGrid.Single(ctx.Dates.Days, price, ctx.Dates, i => SettlementContext.Iso(ctx.Dates.From.PlusDays(i)));
        var values = Days(ctx.Dates, daily);
        double[] estimateValues = [];
        if (input.DailyEstimates is { } dailyEstimates)
        {
            result.Series.Add(SeriesDigest.Of(EnergyCarrier.Electricity, "daily_estimates", dailyEstimates, ctx.Dates));
            estimateValues = Days(ctx.Dates, dailyEstimates);
        }

        var daySums = SlotSums.Accumulate(dayGrid, values, 0, estimateValues, 0, input.DailyEstimates is not null, ctx.Policies.MissingIntervals,
            i => ctx.Error($"{Input}.daily_estimates", $"day {SettlementContext.Iso(ctx.Dates.From.PlusDays(i))} is missing and has no estimate (missing_intervals: estimate)"));
        SavingsLines.Add(ctx, result, dayGrid, daySums, Shape);
        SavingsLines.Quality(ctx, result, "daily", dayGrid, daySums, (_, q) => q * price);
    }

    internal static double[] Days(LocalDateRange dates, DailySeries series)
    {
        var values = new double[dates.Days];
        for (var d = 0; d < values.Length; d++)
        {
            values[d] = series.ValueOn(dates.From.PlusDays(d));
        }

        return values;
    }

    private static SlotSums Accumulate(SettlementContext ctx, PricingGrid grid, IntervalSeries avoided, IntervalSeries? estimates, string name)
    {
        var offset = Offset(ctx, avoided, name);
        var estimateOffset = estimates is null ? 0 : Offset(ctx, estimates, $"{Input}.estimates");
        return SlotSums.Accumulate(
            grid,
            avoided.Values,
            offset,
            estimates is null ? [] : estimates.Values,
            estimateOffset,
            estimates is not null,
            ctx.Policies.MissingIntervals,
            i => ctx.Error($"{Input}.estimates", $"the interval at {grid.SlotStart(i)} is missing and has no estimate (missing_intervals: estimate)"));
    }

    /// <summary>Index in <paramref name="series"/> of the period's first interval; the series must lie on the period's grid.</summary>
    private static int Offset(SettlementContext ctx, IntervalSeries series, string name)
    {
        var ticks = (ctx.From - series.Start).BclCompatibleTicks;
        if (ticks % series.Step.BclCompatibleTicks != 0)
        {
            throw ctx.Error(name, $"the series starting {SettlementContext.Iso(series.Start)} is not on the {series.Step.TotalMinutes}-minute grid of the period starting {SettlementContext.Iso(ctx.From)}");
        }

        return checked((int)(ticks / series.Step.BclCompatibleTicks));
    }

    private static PricingGrid Grid(SettlementContext ctx, TariffTimeline<TimeOfUseTariff> timeline, Duration step)
    {
        try
        {
            return PricingGrid.TimeOfUse(timeline, ctx.Zone, ctx.Dates, step, ctx.Policies.BandSplit);
        }
        catch (BandStraddleException ex)
        {
            throw ctx.Error(Input, ex.Message);
        }
        catch (ArgumentException ex)
        {
            throw ctx.Error(Input, ex.Message);
        }
    }

    internal static TariffTimeline<TimeOfUseTariff> Timeline(SettlementContext ctx, CarrierScope scope)
    {
        try
        {
            var timeline = ctx.Input.Tariffs.Electricity(scope.TariffId);
            _ = timeline.Over(ctx.Dates);
            return timeline;
        }
        catch (TariffNotInForceException ex)
        {
            throw ctx.Error("tariffs", ex.Message);
        }
    }

    private static void RecordTariffs(SettlementContext ctx, CarrierResult result, TariffTimeline<TimeOfUseTariff> timeline)
    {
        foreach (var segment in timeline.Over(ctx.Dates))
        {
            if (!result.Tariffs.Any(t => t.Id == segment.Tariff.Id && t.Version == segment.Tariff.Version))
            {
                result.Tariffs.Add(TariffRecord.Of("electricity", segment.Tariff, segment.Dates, segment.Tariff.Provenance));
            }
        }
    }

    private static (string, string, string, decimal, VolumeConversion?, decimal) TouShape(SettlementContext ctx, CarrierScope scope, PriceKey key, decimal quantity, bool estimated, PricingGrid grid)
    {
        var band = key.Band!.Value;
        var price = UnitPrice(scope, key.Price);
        var floor = price != key.Price ? $", at the price floor {Number(price)} (tariff {Number(key.Price)})" : "";
        var description = $"Avoided electricity, {SavingsLines.BandText(band)}{PatternText(key)}{SegmentText(key, grid)}{(estimated ? ", estimated for missing intervals" : "")}{floor}";
        return ($"electricity.{band.Code()}{(estimated ? ".estimated" : "")}", description, "kWh", price, null, quantity);
    }

    private static decimal UnitPrice(CarrierScope scope, decimal tariffPrice) =>
        scope.Valuation.PriceFloor is { } floor && floor > tariffPrice ? floor : tariffPrice;

    private static string PatternText(PriceKey key) => key.Pattern is { Name: not "default" } pattern ? $", {pattern.Name}" : "";

    private static string SegmentText(PriceKey key, PricingGrid grid) =>
        grid.Keys.Select(k => k.Segment).Distinct().Count() > 1
            ? $", {SettlementContext.Iso(key.Dates.From)} to {SettlementContext.Iso(key.Dates.To.PlusDays(-1))}"
            : "";

    private static void Demand(SettlementContext ctx, CarrierScope scope, CarrierInput input, CarrierResult result)
    {
        var timeline = Timeline(ctx, scope);
        RecordTariffs(ctx, result, timeline);
        foreach (var (month, segment, days, daysInMonth, demand) in DemandMonths(ctx, timeline, input, "demand savings", result))
        {
            var charge = segment.Tariff.DemandCharge!;
            var delta = (decimal)demand.Baseline - (decimal)demand.Actual;
            result.Lines.Add(DemandLine(
                ctx,
                $"electricity.demand.{Month(month)}",
                LineSections.Demand,
                $"{(charge.Basis == DemandChargeBasis.MaximumDemand ? "Maximum-demand" : "Capacity")} charge savings {Month(month)}: baseline {Number(demand.Baseline)} − actual {Number(demand.Actual)} {charge.Unit}, {days}/{daysInMonth} days",
                SettlementContext.Quantity(delta * days / daysInMonth),
                segment));
        }
    }

    /// <summary>A line priced at the demand (or capacity) charge of <paramref name="segment"/>'s tariff version, per kW(kVA)·month.</summary>
    private static StatementLine DemandLine(SettlementContext ctx, string code, string section, string description, decimal quantity, TariffSegment<TimeOfUseTariff> segment)
    {
        var charge = segment.Tariff.DemandCharge!;
        return new StatementLine(
            code,
            section,
            "electricity",
            description,
            quantity,
            $"{charge.Unit}·month",
            charge.Price,
            ctx.Money(quantity * charge.Price),
            $"{segment.Tariff.Id}@{segment.Tariff.Version}",
            null,
            null);
    }

    /// <summary>Each month of the settled dates, split by tariff version (days in force), with its billing demand.</summary>
    private static List<(YearMonth Month, TariffSegment<TimeOfUseTariff> Segment, int Days, int DaysInMonth, MonthlyDemand Demand)> DemandMonths(
        SettlementContext ctx, TariffTimeline<TimeOfUseTariff> timeline, CarrierInput input, string purpose, CarrierResult result)
    {
        var months = new List<(YearMonth, TariffSegment<TimeOfUseTariff>, int, int, MonthlyDemand)>();
        var anyCharge = false;
        for (var first = new LocalDate(ctx.Dates.From.Year, ctx.Dates.From.Month, 1); first < ctx.Dates.To; first = first.PlusMonths(1))
        {
            var month = first.ToYearMonth();
            var span = new LocalDateRange(first < ctx.Dates.From ? ctx.Dates.From : first, first.PlusMonths(1) < ctx.Dates.To ? first.PlusMonths(1) : ctx.Dates.To);
            var segments = timeline.Over(span).Where(s => s.Tariff.DemandCharge is not null).ToList();
            if (segments.Count == 0)
            {
                continue;
            }

            anyCharge = true;
            var demand = input.Demand.FirstOrDefault(d => d.Month == month)
                ?? throw ctx.Error($"{Input}.demand", $"the billing demand of {Month(month)} is needed for the {purpose} (tariff {segments[0].Tariff.Id}@{segments[0].Tariff.Version} has a {segments[0].Tariff.DemandCharge!.Code} charge)");
            if (!double.IsFinite(demand.Baseline) || !double.IsFinite(demand.Actual) || demand.Actual < 0 || demand.Baseline < 0)
            {
                throw ctx.Error($"{Input}.demand", $"the billing demand of {Month(month)} must be finite and not negative (baseline {demand.Baseline}, actual {demand.Actual})");
            }

            if (!result.Demand.Any(d => d.Month == Month(month)))
            {
                result.Demand.Add(new DemandInput("electricity", Month(month), SettlementContext.Quantity(demand.Baseline), SettlementContext.Quantity(demand.Actual), segments[0].Tariff.DemandCharge!.Unit));
            }

            foreach (var segment in segments)
            {
                months.Add((month, segment, segment.Dates.Days, CalendarDays(month), demand));
            }
        }

        if (!anyCharge)
        {
            throw ctx.Error("tariffs", $"no version of tariff {timeline.Id} in force in the period has a demand or capacity charge, but the contract settles {purpose}");
        }

        return months;
    }

    private static void Adjustments(SettlementContext ctx, CarrierScope scope, CarrierResult result)
    {
        foreach (var adjustment in ctx.Input.Adjustments.Where(a => a.Carrier == EnergyCarrier.Electricity).OrderBy(a => a.Date).ThenBy(a => a.Id, StringComparer.Ordinal))
        {
            var name = $"adjustments.{adjustment.Id}";
            if (!ctx.Dates.Contains(adjustment.Date))
            {
                throw ctx.Error(name, $"is dated {SettlementContext.Iso(adjustment.Date)}, outside the settled dates {ctx.Dates}");
            }

            if (!double.IsFinite(adjustment.Quantity))
            {
                throw ctx.Error(name, "the quantity must be a finite number of kWh");
            }

            decimal price;
            string? tariffLabel = null;
            if (scope.Valuation.Method == ValuationMethod.Tariff)
            {
                if (adjustment.Band is not { } band)
                {
                    throw ctx.Error(name, "an electricity adjustment valued at time-of-use prices needs the band its energy falls in");
                }

                var tariff = Timeline(ctx, scope).InForceOn(adjustment.Date);
                var pattern = tariff.PatternOn(adjustment.Date);
                if (!pattern.Windows.Any(w => w.Band == band))
                {
                    throw ctx.Error(name, $"tariff {tariff.Id}@{tariff.Version} has no {band.Code()} band on {SettlementContext.Iso(adjustment.Date)}");
                }

                price = UnitPrice(scope, tariff.PriceOf(band, pattern));
                tariffLabel = $"{tariff.Id}@{tariff.Version}";
                if (!result.Tariffs.Any(t => t.Id == tariff.Id && t.Version == tariff.Version))
                {
                    RecordTariffs(ctx, result, Timeline(ctx, scope));
                }
            }
            else
            {
                price = ctx.Contract.Escalated(scope.Valuation.AgreedUnitPrice!.Value, ctx.ContractYear, EscalationTarget.AgreedPrices);
            }

            var quantity = SettlementContext.Quantity(adjustment.Quantity);
            result.Lines.Add(new StatementLine(
                $"adjustment.{adjustment.Id}",
                LineSections.Adjustment,
                "electricity",
                $"Non-routine adjustment {adjustment.Id}{(adjustment.Band is { } b ? $", {SavingsLines.BandText(b)}" : "")}: {adjustment.Reason} (documented by {adjustment.DocumentedBy})",
                quantity,
                "kWh",
                price,
                ctx.Money(quantity * price),
                tariffLabel,
                adjustment.Band?.Code(),
                null));
            result.Adjustments += quantity;
            result.AdjustmentInputs.Add(new AdjustmentInput(adjustment.Id, "electricity", SettlementContext.Iso(adjustment.Date), quantity, "kWh", adjustment.Band?.Code(), adjustment.Reason, adjustment.DocumentedBy));
        }
    }

    private static int CalendarDays(YearMonth month) => month.Calendar.GetDaysInMonth(month.Year, month.Month);

    internal static string Month(YearMonth month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string Number(double value) => SettlementContext.Quantity(value).ToString(CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
