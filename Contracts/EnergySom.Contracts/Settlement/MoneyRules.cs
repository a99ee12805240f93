using System.Globalization;
using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// Applies the contract's money rules to the valued savings: each clause (shares, fees, lease instalments,
/// guarantee true-ups, the trusteeship's cost), then the minimum payment and the caps, then an early buy-out.
/// Every rule is an entry with its basis in numbers.
/// </summary>
internal static class MoneyRules
{
    public static (List<StatementEntry> Entries, List<GuaranteeTrueUp> TrueUps) Apply(
        SettlementContext ctx, IReadOnlyList<CarrierResult> carriers, StatementHistory history, bool truingUp)
    {
        var entries = new List<StatementEntry>();
        var trueUps = new List<GuaranteeTrueUp>();
        foreach (var clause in ctx.Contract.Clauses.OrderBy(c => c.Type))
        {
            var scope = carriers.Where(c => clause.Carriers.Contains(c.Carrier)).ToList();
            var value = scope.Sum(c => c.Value);
            switch (clause)
            {
                case SharedSavingsClause shared:
                    var share = shared.EscoShare(ctx.ContractYear);
                    entries.Add(new StatementEntry(
                        "shared_savings.esco_share",
                        clause.Code,
                        $"ESCO share of the savings value ({Percent(share)}, contract year {ctx.ContractYear})",
                        "esco",
                        ctx.Money(value * share),
                        share,
                        true,
                        $"{N(value)} × {N(share)}"));
                    break;
                case GuaranteedSavingsClause guaranteed:
                    entries.Add(Instalment(ctx, clause.Code, "service_fee", "Service fee", ctx.Contract.Escalated(guaranteed.ServiceFeePerYear, ctx.ContractYear, EscalationTarget.Fees)));
                    if (truingUp)
                    {
                        TrueUp(ctx, clause, guaranteed.Guarantees, guaranteed.EscoShareOfExcess, carriers, history, entries, trueUps);
                    }

                    break;
                case EnergyCostTrusteeshipClause trusteeship:
                    entries.Add(Instalment(ctx, clause.Code, "fee", "Energy trusteeship fee", ctx.Contract.Escalated(trusteeship.FeePerYear, ctx.ContractYear, EscalationTarget.Fees)));
                    var cost = scope.Sum(c => c.Cost);
                    var hostPays = trusteeship.UtilityBillsPaidBy == PartyRole.Host;
                    entries.Add(new StatementEntry(
                        "energy_cost_trusteeship.actual_cost",
                        clause.Code,
                        hostPays
                            ? "Actual energy cost, paid by the host to the utility and set off against the fee"
                            : "Actual energy cost, borne by the ESCO (paid to the utility)",
                        "esco",
                        -cost,
                        null,
                        hostPays,
                        $"Σ cost lines of {string.Join(", ", clause.Carriers.Select(c => c.Code()))} = {N(cost)}"));
                    break;
                case FinanceLeaseClause lease:
                    if (ctx.Period.Index < lease.Payments)
                    {
                        var fraction = SettledFraction(ctx);
                        var amount = ctx.Money(lease.PaymentPerPeriod * fraction);
                        entries.Add(new StatementEntry(
                            "finance_lease.instalment",
                            clause.Code,
                            $"Lease instalment {ctx.Period.Index + 1} of {lease.Payments}",
                            "financier",
                            amount,
                            null,
                            true,
                            fraction == 1m ? N(lease.PaymentPerPeriod) : $"{N(lease.PaymentPerPeriod)} × {N(fraction)} of the period (buy-out)"));
                    }

                    if (truingUp)
                    {
                        TrueUp(ctx, clause, lease.Guarantees, 0m, carriers, history, entries, trueUps);
                    }

                    break;
            }
        }

        ApplyLimits(ctx, history, entries);
        ApplyBuyout(ctx, entries);
        return (entries, trueUps);
    }

    /// <summary>This period's instalment of a yearly amount: equal instalments, the year's last one taking the rounding remainder; cut pro rata to the days settled at a buy-out.</summary>
    private static StatementEntry Instalment(SettlementContext ctx, string clause, string code, string what, decimal perYear)
    {
        var n = ctx.Period.PeriodsInYear;
        var regular = ctx.Money(perYear / n);
        var instalment = ctx.Period.ClosesContractYear ? perYear - (regular * (n - 1)) : regular;
        var basis = ctx.Period.ClosesContractYear && n > 1 ? $"{N(perYear)} − {n - 1} × {N(regular)} (last instalment of the year)" : $"{N(perYear)} / {n}";
        var fraction = SettledFraction(ctx);
        if (fraction != 1m)
        {
            instalment = ctx.Money(instalment * fraction);
            basis += $" × {N(fraction)} of the period (buy-out)";
        }

        return new StatementEntry($"{clause}.{code}", clause, $"{what}, instalment {ctx.Period.IndexInYear + 1} of {n} of contract year {ctx.ContractYear}", "esco", instalment, null, true, basis);
    }

    private static decimal SettledFraction(SettlementContext ctx) =>
        ctx.Dates.To == ctx.Period.Dates.To ? 1m : Math.Round((decimal)ctx.Dates.Days / ctx.Period.Dates.Days, 6, MidpointRounding.AwayFromZero);

    private static void TrueUp(
        SettlementContext ctx,
        PaymentClause clause,
        IReadOnlyList<SavingsGuarantee> guarantees,
        decimal escoShareOfExcess,
        IReadOnlyList<CarrierResult> carriers,
        StatementHistory history,
        List<StatementEntry> entries,
        List<GuaranteeTrueUp> trueUps)
    {
        var year = ctx.Contract.Term.Year(ctx.ContractYear);
        var elapsed = new LocalDateRange(year.From, ctx.Dates.To);
        var prorate = elapsed.To != year.To;
        foreach (var guarantee in guarantees)
        {
            var carrier = carriers.First(c => c.Carrier == guarantee.Carrier);
            var verified = history.VerifiedThisYear(guarantee.Carrier) + carrier.Total().Total;
            var guaranteed = prorate
                ? SettlementContext.Quantity(guarantee.QuantityPerYear * elapsed.Days / year.Days)
                : guarantee.QuantityPerYear;
            var price = ctx.Contract.Escalated(guarantee.UnitPrice, ctx.ContractYear, EscalationTarget.AgreedPrices);
            var shortfall = Math.Max(0m, guaranteed - verified);
            var excess = Math.Max(0m, verified - guaranteed);
            var code = guarantee.Carrier.Code();
            trueUps.Add(new GuaranteeTrueUp(clause.Code, code, carrier.Unit, ctx.ContractYear, guaranteed, verified, shortfall, excess, price));
            var guaranteedText = prorate ? $"{N(guarantee.QuantityPerYear)} × {elapsed.Days}/{year.Days} days = {N(guaranteed)}" : N(guaranteed);
            if (shortfall > 0)
            {
                entries.Add(new StatementEntry(
                    $"{clause.Code}.shortfall.{code}",
                    clause.Code,
                    $"Guarantee shortfall of contract year {ctx.ContractYear} ({code}), paid by the ESCO",
                    "esco",
                    -ctx.Money(shortfall * price),
                    price,
                    true,
                    $"({guaranteedText} − {N(verified)}) {carrier.Unit} × {N(price)}"));
            }
            else if (excess > 0 && escoShareOfExcess > 0)
            {
                entries.Add(new StatementEntry(
                    $"{clause.Code}.excess.{code}",
                    clause.Code,
                    $"ESCO share of the savings above the guarantee in contract year {ctx.ContractYear} ({code})",
                    "esco",
                    ctx.Money(excess * price * escoShareOfExcess),
                    escoShareOfExcess,
                    true,
                    $"({N(verified)} − {guaranteedText}) {carrier.Unit} × {N(price)} × {N(escoShareOfExcess)}"));
            }
        }
    }

    private static void ApplyLimits(SettlementContext ctx, StatementHistory history, List<StatementEntry> entries)
    {
        var limits = ctx.Contract.Limits;
        if (limits.MinimumPaymentPerPeriod is { } minimumBase)
        {
            var minimum = ctx.Contract.Escalated(minimumBase, ctx.ContractYear, EscalationTarget.MinimumPayment);
            var periodic = entries.Where(e => e.Party == "esco" && !IsTrueUp(e)).Sum(e => e.Amount);
            if (periodic < minimum)
            {
                entries.Add(new StatementEntry(
                    "limits.minimum_payment",
                    "limits",
                    "Top-up to the minimum payment per period",
                    "esco",
                    minimum - periodic,
                    null,
                    true,
                    $"{N(minimum)} − {N(periodic)}"));
            }
        }

        var esco = entries.Where(e => e.Party == "esco").Sum(e => e.Amount);
        decimal? allowed = null;
        var basis = new List<string>();
        if (limits.EscoCapPerYear is { } perYear)
        {
            allowed = perYear - history.EscoThisYear;
            basis.Add($"yearly cap {N(perYear)} − {N(history.EscoThisYear)} already paid in contract year {ctx.ContractYear}");
        }

        if (limits.EscoCapTotal is { } total)
        {
            var room = total - history.EscoTotal;
            basis.Add($"total cap {N(total)} − {N(history.EscoTotal)} already paid");
            allowed = allowed is { } a ? Math.Min(a, room) : room;
        }

        if (allowed is { } limit)
        {
            var ceiling = Math.Max(0m, limit);
            if (esco > ceiling)
            {
                entries.Add(new StatementEntry(
                    "limits.cap",
                    "limits",
                    "Cut to the cap on payments to the ESCO",
                    "esco",
                    ceiling - esco,
                    null,
                    true,
                    $"{N(esco)} due, {N(ceiling)} allowed ({string.Join("; ", basis)})"));
            }
        }
    }

    private static void ApplyBuyout(SettlementContext ctx, List<StatementEntry> entries)
    {
        if (ctx.Input.BuyoutDate is not { } date || !ctx.Period.Dates.Contains(date))
        {
            return;
        }

        var buyout = ctx.Contract.EarlyBuyout!;
        var amount = buyout.AmountByYear[ctx.ContractYear - 1];
        entries.Add(new StatementEntry(
            "early_buyout",
            "early_buyout",
            $"Early buy-out effective {SettlementContext.Iso(date)} (contract year {ctx.ContractYear}); the contract ends",
            buyout.Payee.Code(),
            amount,
            null,
            true,
            $"agreed amount for contract year {ctx.ContractYear}: {N(amount)}"));
    }

    private static bool IsTrueUp(StatementEntry entry) => entry.Code.Contains(".shortfall.", StringComparison.Ordinal) || entry.Code.Contains(".excess.", StringComparison.Ordinal);

    private static string N(decimal value) => Definition.CanonicalJsonWriter.Format(value);

    private static string Percent(decimal share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
