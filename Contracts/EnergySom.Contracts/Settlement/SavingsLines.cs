using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Settlement;

/// <summary>Turning per-key sums into statement lines, data quality and disputed items, for any carrier.</summary>
internal static class SavingsLines
{
    /// <summary>How one price key becomes a line: code, description, unit, price and an optional volume conversion.</summary>
    public delegate (string Code, string Description, string Unit, decimal UnitPrice, VolumeConversion? Conversion, decimal Quantity) LineShape(PriceKey key, decimal meteredUnitQuantity, bool estimated);

    /// <summary>
    /// One line per key with data (section <c>savings</c>), then one per key with estimates (section <c>estimated</c>),
    /// in key order; adds the metered and estimated totals (metered unit, each rounded once) to <paramref name="result"/>.
    /// </summary>
    public static void Add(SettlementContext ctx, CarrierResult result, PricingGrid grid, SlotSums sums, LineShape shape)
    {
        double metered = 0, meteredCompensation = 0, estimated = 0, estimatedCompensation = 0;
        var estimatedLines = new List<StatementLine>();
        for (var k = 0; k < grid.Keys.Length; k++)
        {
            var key = grid.Keys[k];
            if (sums.MeteredSlots[k] > 0)
            {
                var quantity = SettlementContext.Quantity(sums.Metered(k));
                result.Lines.Add(Line(ctx, result.Carrier, key, shape(key, quantity, false), LineSections.Savings));
                Neumaier(ref metered, ref meteredCompensation, sums.Metered(k));
            }

            if (sums.EstimatedSlotsPerKey[k] > 0)
            {
                var quantity = SettlementContext.Quantity(sums.Estimated(k));
                estimatedLines.Add(Line(ctx, result.Carrier, key, shape(key, quantity, true), LineSections.Estimated));
                Neumaier(ref estimated, ref estimatedCompensation, sums.Estimated(k));
            }
        }

        result.Lines.AddRange(estimatedLines);
        result.Metered += SettlementContext.Quantity(metered + meteredCompensation);
        result.Estimated += SettlementContext.Quantity(estimated + estimatedCompensation);
    }

    /// <summary>Cost lines of actual energy (trusteeship): one per key with data.</summary>
    public static void AddCost(SettlementContext ctx, CarrierResult result, PricingGrid grid, SlotSums sums, LineShape shape)
    {
        for (var k = 0; k < grid.Keys.Length; k++)
        {
            if (sums.MeteredSlots[k] > 0)
            {
                var key = grid.Keys[k];
                result.CostLines.Add(Line(ctx, result.Carrier, key, shape(key, SettlementContext.Quantity(sums.Metered(k)), false), LineSections.Cost));
            }
        }
    }

    public static StatementLine Line(SettlementContext ctx, EnergyCarrier carrier, PriceKey key, (string Code, string Description, string Unit, decimal UnitPrice, VolumeConversion? Conversion, decimal Quantity) shape, string section) =>
        new(
            shape.Code,
            section,
            carrier.Code(),
            shape.Description,
            shape.Quantity,
            shape.Unit,
            shape.UnitPrice,
            ctx.Money(shape.Quantity * shape.UnitPrice),
            key.Tariff is null ? null : $"{key.Tariff.Id}@{key.Tariff.Version}",
            key.Band?.Code(),
            shape.Conversion);

    /// <summary>Records completeness, and under the dispute policy one disputed item per run of missing slots.</summary>
    public static void Quality(SettlementContext ctx, CarrierResult result, string form, PricingGrid grid, SlotSums sums, Func<PriceKey, decimal, decimal> valueOf)
    {
        var ranges = sums.MissingRuns.Select(r => new MissingRange(grid.SlotStart(r.Start), grid.SlotStart(r.Start + r.Count), r.Count)).ToList();
        result.Quality.Add(new DataQuality(result.Carrier.Code(), form, grid.Slots, sums.Present, sums.Missing, sums.EstimatedSlots, ranges));
        if (ctx.Policies.MissingIntervals != MissingIntervalPolicy.Dispute)
        {
            return;
        }

        foreach (var run in sums.MissingRuns)
        {
            decimal? quantity = null;
            decimal? value = null;
            if (run.Estimates is { } estimates)
            {
                var total = 0.0;
                var money = 0m;
                foreach (var (k, energy) in estimates.OrderBy(e => e.Key))
                {
                    total += energy;
                    money += valueOf(grid.Keys[k], SettlementContext.Quantity(energy));
                }

                quantity = SettlementContext.Quantity(total);
                value = ctx.Money(money);
            }

            result.Disputed.Add(new DisputedItem(
                result.Carrier.Code(),
                grid.SlotStart(run.Start),
                grid.SlotStart(run.Start + run.Count),
                run.Count,
                quantity,
                value,
                $"{run.Count} missing {(form == "daily" ? "day" : "interval")}{(run.Count == 1 ? "" : "s")}; missing_intervals policy is dispute"));
        }
    }

    public static string BandText(TouBand band) => $"{band.Code()} ({band.ChineseName()})";

    private static void Neumaier(ref double sum, ref double compensation, double value)
    {
        var t = sum + value;
        compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - t) + value : (value - t) + sum;
        sum = t;
    }
}
