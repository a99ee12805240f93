using System.Globalization;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// Values avoided natural gas: each day's volume (on the contract's volume basis) converted explicitly to the
/// tariff's basis and priced at the version in force that day (or at the agreed price per metered m³); a period
/// total within one tariff version; non-routine adjustments; and, for a trusteeship, the actual gas cost.
/// </summary>
internal static class GasValuation
{
    private const string Input = "carriers.natural_gas";

    /// <summary>Conversion factors are printed and applied to 6 decimals, so a line can be recomputed as printed.</summary>
    private const int FactorDecimals = 6;

    public static CarrierResult Value(SettlementContext ctx, CarrierScope scope, CarrierInput input)
    {
        var basis = scope.VolumeBasis ?? GasVolumeBasis.Normal;
        var result = new CarrierResult(EnergyCarrier.NaturalGas, GasVolume.UnitOf(basis));
        if (input.Avoided is not null)
        {
            throw ctx.Error($"{Input}.avoided", "gas savings are settled per day or as a period total (daily_avoided or period_avoided)");
        }

        if ((input.DailyAvoided is null) == (input.PeriodAvoided is null))
        {
            throw ctx.Error(Input, "give exactly one form of savings: daily_avoided or period_avoided");
        }

        var agreed = scope.Valuation.Method == ValuationMethod.AgreedPrice
            ? ctx.Contract.Escalated(scope.Valuation.AgreedUnitPrice!.Value, ctx.ContractYear, EscalationTarget.AgreedPrices)
            : (decimal?)null;
        var segments = agreed is null ? Segments(ctx, scope) : [];
        foreach (var segment in segments)
        {
            result.Tariffs.Add(TariffRecord.Of("natural_gas", segment.Tariff, segment.Dates, segment.Tariff.Provenance));
        }

        SavingsLines.LineShape shape = (key, quantity, estimated) => Shape(scope, key, quantity, estimated, agreed, segments.Count > 1, "Avoided");
        if (input.PeriodAvoided is { } total)
        {
            if (!double.IsFinite(total))
            {
                throw ctx.Error($"{Input}.period_avoided", "must be a finite volume");
            }

            if (segments.Count > 1)
            {
                throw ctx.Error($"{Input}.period_avoided", $"a period total cannot be priced across the tariff change on {SettlementContext.Iso(segments[1].Dates.From)}; give daily volumes");
            }

            result.Series.Add(SeriesDigest.Of(EnergyCarrier.NaturalGas, "period_avoided", total, ctx.Dates));
            var key = agreed is { } price ? new PriceKey(0, null, null, null, price, ctx.Dates) : KeyOf(segments[0], 0);
            var quantity = SettlementContext.Quantity(total);
            result.Lines.Add(SavingsLines.Line(ctx, EnergyCarrier.NaturalGas, key, shape(key, quantity, false), LineSections.Savings));
            result.Metered += quantity;
            result.Quality.Add(new DataQuality("natural_gas", "period_total", 1, 1, 0, 0, []));
        }
        else
        {
            var daily = input.DailyAvoided!;
            result.Series.Add(SeriesDigest.Of(EnergyCarrier.NaturalGas, "daily_avoided", daily, ctx.Dates));
            var grid = agreed is { } price
                ? PricingGrid.Single(ctx.Dates.Days, price, ctx.Dates, i => SettlementContext.Iso(ctx.Dates.From.PlusDays(i)))
                : PricingGrid.Daily(segments, t => t.PricePerCubicMetre, ctx.Dates);
            double[] estimates = [];
            if (input.DailyEstimates is { } dailyEstimates)
            {
                result.Series.Add(SeriesDigest.Of(EnergyCarrier.NaturalGas, "daily_estimates", dailyEstimates, ctx.Dates));
                estimates = ElectricityValuation.Days(ctx.Dates, dailyEstimates);
            }

            var sums = SlotSums.Accumulate(grid, ElectricityValuation.Days(ctx.Dates, daily), 0, estimates, 0, input.DailyEstimates is not null, ctx.Policies.MissingIntervals,
                i => ctx.Error($"{Input}.daily_estimates", $"day {SettlementContext.Iso(ctx.Dates.From.PlusDays(i))} is missing and has no estimate (missing_intervals: estimate)"));
            SavingsLines.Add(ctx, result, grid, sums, shape);
            SavingsLines.Quality(ctx, result, "daily", grid, sums, (key, q) =>
            {
                var line = shape(key, q, false);
                return line.Quantity * line.UnitPrice;
            });
        }

        Adjustments(ctx, scope, result, agreed);
        return result;
    }

    /// <summary>Actual gas cost at the tariff (energy-cost trusteeship), from complete daily metered volumes.</summary>
    public static void ActualCost(SettlementContext ctx, CarrierScope scope, CarrierInput input, CarrierResult result)
    {
        if (input.MeteredDaily is not { } metered)
        {
            throw ctx.Error($"{Input}.metered_daily", "an energy-cost trusteeship prices the actual consumption: give the metered daily volumes");
        }

        var segments = Segments(ctx, scope);
        foreach (var segment in segments.Where(s => !result.Tariffs.Any(t => t.Version == s.Tariff.Version && t.Id == s.Tariff.Id)))
        {
            result.Tariffs.Add(TariffRecord.Of("natural_gas", segment.Tariff, segment.Dates, segment.Tariff.Provenance));
        }

        var grid = PricingGrid.Daily(segments, t => t.PricePerCubicMetre, ctx.Dates);
        var sums = SlotSums.Accumulate(grid, ElectricityValuation.Days(ctx.Dates, metered), 0, [], 0, false, MissingIntervalPolicy.Exclude, _ => new InvalidOperationException());
        if (sums.MissingRuns.Count > 0)
        {
            throw ctx.Error($"{Input}.metered_daily", $"the actual cost needs every day's consumption; {sums.Missing} days are missing, the first {grid.SlotStart(sums.MissingRuns[0].Start)}");
        }

        result.Series.Add(SeriesDigest.Of(EnergyCarrier.NaturalGas, "metered_daily", metered, ctx.Dates));
        SavingsLines.AddCost(ctx, result, grid, sums, (key, quantity, _) => Shape(scope, key, quantity, false, null, segments.Count > 1, "Actual"));
    }

    private static IReadOnlyList<TariffSegment<GasTariff>> Segments(SettlementContext ctx, CarrierScope scope)
    {
        try
        {
            return ctx.Input.Tariffs.Gas(scope.TariffId).Over(ctx.Dates);
        }
        catch (TariffNotInForceException ex)
        {
            throw ctx.Error("tariffs", ex.Message);
        }
    }

    private static PriceKey KeyOf(TariffSegment<GasTariff> segment, int index) =>
        new(index, segment.Tariff, null, null, segment.Tariff.PricePerCubicMetre, segment.Dates);

    private static (string, string, string, decimal, VolumeConversion?, decimal) Shape(CarrierScope scope, PriceKey key, decimal meteredQuantity, bool estimated, decimal? agreedPrice, bool severalVersions, string what)
    {
        var basis = scope.VolumeBasis ?? GasVolumeBasis.Normal;
        var suffix = estimated ? ", estimated for missing days" : "";
        var dates = severalVersions ? $", {SettlementContext.Iso(key.Dates.From)} to {SettlementContext.Iso(key.Dates.To.PlusDays(-1))}" : "";
        if (agreedPrice is { } price)
        {
            return (estimated ? "natural_gas.estimated" : "natural_gas", $"{what} natural gas, {GasVolume.Describe(basis)}{suffix}, at the agreed price", GasVolume.UnitOf(basis), price, null, meteredQuantity);
        }

        var tariff = (GasTariff)key.Tariff!;
        if (tariff.Basis == basis)
        {
            return (estimated ? "natural_gas.estimated" : "natural_gas", $"{what} natural gas, {GasVolume.Describe(basis)}{dates}{suffix}", GasVolume.UnitOf(basis), tariff.PricePerCubicMetre, null, meteredQuantity);
        }

        var factor = Math.Round((decimal)GasVolume.Factor(basis, tariff.Basis), FactorDecimals, MidpointRounding.AwayFromZero);
        var converted = SettlementContext.Quantity(meteredQuantity * factor);
        var description = $"{what} natural gas, {meteredQuantity.ToString(CultureInfo.InvariantCulture)} {GasVolume.UnitOf(basis)} × {factor.ToString(CultureInfo.InvariantCulture)} = {converted.ToString(CultureInfo.InvariantCulture)} {GasVolume.Describe(tariff.Basis)}{dates}{suffix}";
        return (estimated ? "natural_gas.estimated" : "natural_gas", description, GasVolume.UnitOf(tariff.Basis), tariff.PricePerCubicMetre, new VolumeConversion(meteredQuantity, GasVolume.UnitOf(basis), factor), converted);
    }

    private static void Adjustments(SettlementContext ctx, CarrierScope scope, CarrierResult result, decimal? agreed)
    {
        foreach (var adjustment in ctx.Input.Adjustments.Where(a => a.Carrier == EnergyCarrier.NaturalGas).OrderBy(a => a.Date).ThenBy(a => a.Id, StringComparer.Ordinal))
        {
            var name = $"adjustments.{adjustment.Id}";
            if (!ctx.Dates.Contains(adjustment.Date))
            {
                throw ctx.Error(name, $"is dated {SettlementContext.Iso(adjustment.Date)}, outside the settled dates {ctx.Dates}");
            }

            if (!double.IsFinite(adjustment.Quantity))
            {
                throw ctx.Error(name, "the quantity must be a finite volume");
            }

            if (adjustment.Band is not null)
            {
                throw ctx.Error(name, "a gas adjustment has no time-of-use band");
            }

            var quantity = SettlementContext.Quantity(adjustment.Quantity);
            PriceKey key;
            if (agreed is { } price)
            {
                key = new PriceKey(0, null, null, null, price, ctx.Dates);
            }
            else
            {
                var segments = Segments(ctx, scope);
                var segment = segments.First(s => s.Dates.Contains(adjustment.Date));
                key = KeyOf(segment, 0);
            }

            var shape = Shape(scope, key, quantity, false, agreed, false, "Adjusted");
            result.Lines.Add(SavingsLines.Line(ctx, EnergyCarrier.NaturalGas, key, shape, LineSections.Adjustment) with
            {
                Code = $"adjustment.{adjustment.Id}",
                Description = $"Non-routine adjustment {adjustment.Id}: {adjustment.Reason} (documented by {adjustment.DocumentedBy}); {shape.Item2}",
            });
            result.Adjustments += quantity;
            result.AdjustmentInputs.Add(new AdjustmentInput(adjustment.Id, "natural_gas", SettlementContext.Iso(adjustment.Date), quantity, result.Unit, null, adjustment.Reason, adjustment.DocumentedBy));
        }
    }
}
