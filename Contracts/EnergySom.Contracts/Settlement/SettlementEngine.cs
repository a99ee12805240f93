using EnergySom.Contracts.Definition;
using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// Turns verified savings into money exactly as the contract says: avoided energy priced per interval in the
/// tariff band and version in force, demand-charge savings, non-routine adjustments, then the contract's money
/// rules (shares, fees, lease instalments, guarantee true-ups at contract-year end, the trusteeship's cost, minimum
/// payments, caps, an early buy-out) and the resulting payments with VAT.
/// </summary>
/// <remarks>
/// Money is decimal; energy is summed in double, per price key in slot order with Neumaier compensation, so the
/// result is the same on every machine. Line quantities are rounded to 0.001 before pricing and amounts to the
/// contract's rounding step, so every line can be recomputed from its printed quantity and price. The statement
/// records the digests of everything it priced; same inputs give a byte-identical statement (canonical JSON),
/// changed inputs a new statement with a new digest and id. Band assignment of a period's interval slots is
/// computed once per tariff timeline, zone, period, step and policy and shared across contracts.
/// </remarks>
public static partial class SettlementEngine
{
    /// <summary>Version of the settlement algorithm, recorded in every statement.</summary>
    public const string EngineVersion = "settlement/2";

    /// <summary>Settles one contract for one period.</summary>
    /// <exception cref="SettlementInputException">The inputs do not fit the contract, the period or the tariffs.</exception>
    public static SettlementStatement Settle(SettlementInput input) => Settle(input, checkCalendar: true);

    /// <summary>
    /// Settles many contracts, in parallel over contracts (each statement is computed exactly as by <see cref="Settle(SettlementInput)"/>).
    /// One contract's bad input does not stop the others: each outcome holds a statement or the error.
    /// </summary>
    public static IReadOnlyList<SettlementOutcome> SettleMany(IReadOnlyList<SettlementInput> inputs, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        var outcomes = new SettlementOutcome[inputs.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, inputs.Count, options, i =>
        {
            try
            {
                outcomes[i] = new SettlementOutcome(inputs[i].Contract.Id, Settle(inputs[i]), null);
            }
            catch (SettlementInputException ex)
            {
                outcomes[i] = new SettlementOutcome(inputs[i].Contract.Id, null, ex);
            }
        });
        return outcomes;
    }

    internal static SettlementStatement Settle(SettlementInput input, bool checkCalendar)
    {
        var contract = input.Contract;
        var period = input.Period;
        if (checkCalendar)
        {
            if (period.Index < 0 || period.Index >= SettlementCalendar.Count(contract) || SettlementCalendar.At(contract, period.Index) != period)
            {
                throw new SettlementInputException(contract.Id, period.Label, "period", $"is not a {contract.Frequency.Code()} settlement period of the contract (use SettlementCalendar)");
            }

            var reporting = contract.MeasurementAndVerification.ReportingPeriod;
            if (period.Dates.From < reporting.From || period.Dates.To > reporting.To)
            {
                throw new SettlementInputException(contract.Id, period.Label, "period", $"lies outside the reporting period {reporting}");
            }
        }

        var dates = SettledDates(input);
        var ctx = new SettlementContext(input, dates);
        var carriers = ValueCarriers(ctx);
        var truingUp = period.ClosesContractYear || dates.To != period.Dates.To;
        var needYear = (truingUp && contract.Clauses.Any(c => c is GuaranteedSavingsClause or FinanceLeaseClause)) || contract.Limits.EscoCapPerYear is not null;
        var history = StatementHistory.Load(ctx, needYear, contract.Limits.EscoCapTotal is not null);
        var (entries, trueUps) = MoneyRules.Apply(ctx, carriers, history, truingUp);

        var lines = carriers.SelectMany(c => c.Lines).ToList();
        var savingsValue = lines.Sum(l => l.Amount);
        var esco = entries.Where(e => e.Party == "esco").Sum(e => e.Amount);
        var financier = entries.Where(e => e.Party == "financier").Sum(e => e.Amount);
        var statement = new SettlementStatement(
            SettlementStatement.CurrentSchemaVersion,
            "",
            "",
            new StatementContract(contract.Id, contract.Version, contract.Type.Code(), ContractDigest(contract)),
            period.Label,
            SettlementContext.Iso(period.Dates.From),
            SettlementContext.Iso(dates.To),
            period.ContractYear,
            period.ClosesContractYear,
            contract.Zone.Id,
            contract.Currency,
            new StatementParties(
                new StatementParty(contract.Parties.Esco.Id, contract.Parties.Esco.Name),
                new StatementParty(contract.Parties.Host.Id, contract.Parties.Host.Name),
                contract.Parties.Financier is { } f ? new StatementParty(f.Id, f.Name) : null),
            lines,
            carriers.SelectMany(c => c.CostLines).ToList(),
            savingsValue,
            carriers.Select(c => c.Total()).ToList(),
            entries,
            Payments(ctx, entries),
            esco,
            financier,
            savingsValue - esco - financier,
            trueUps,
            carriers.SelectMany(c => c.Quality).ToList(),
            carriers.SelectMany(c => c.Disputed).ToList(),
            new StatementInputs(
                carriers.Select(c => contract.ScopeOf(c.Carrier)!.BaselineResult).Select((b, i) => new BaselineInput(carriers[i].Carrier.Code(), b.Id, b.Version, b.Sha256)).ToList(),
                carriers.SelectMany(c => c.Tariffs).ToList(),
                carriers.SelectMany(c => c.Series).ToList(),
                input.Readings
                    .OrderBy(r => r.Meter, StringComparer.Ordinal).ThenBy(r => r.Quantity, StringComparer.Ordinal).ThenBy(r => r.From)
                    .Select(r => new ReadingInput(r.Meter, r.Quantity, SettlementContext.Iso(r.From), SettlementContext.Iso(r.To), r.Count, r.Sha256)).ToList(),
                carriers.SelectMany(c => c.Demand).ToList(),
                carriers.SelectMany(c => c.AdjustmentInputs).ToList(),
                history.Used,
                input.BuyoutDate is { } buyout && period.Dates.Contains(buyout) ? SettlementContext.Iso(buyout) : null),
            new StatementPolicies(
                contract.Policies.BandSplit.Code(),
                contract.Policies.MissingIntervals.Code(),
                contract.Policies.DailyAllocation.Code(),
                contract.Policies.Rounding.Step,
                contract.Policies.Rounding.ModeCode,
                SettlementPolicies.QuantityDecimals,
                "days_in_force",
                "days_elapsed"),
            EngineVersion);
        return StatementJson.WithIdentity(statement);
    }

    private static LocalDateRange SettledDates(SettlementInput input)
    {
        var contract = input.Contract;
        var period = input.Period;
        if (input.BuyoutDate is not { } buyout)
        {
            return period.Dates;
        }

        if (contract.EarlyBuyout is null)
        {
            throw new SettlementInputException(contract.Id, period.Label, "buyout_date", "the contract has no early buy-out terms");
        }

        if (buyout <= contract.Term.Start || buyout >= contract.Term.End)
        {
            throw new SettlementInputException(contract.Id, period.Label, "buyout_date", $"{SettlementContext.Iso(buyout)} is not inside the term {contract.Term.Range}");
        }

        if (buyout <= period.Dates.From)
        {
            throw new SettlementInputException(contract.Id, period.Label, "buyout_date", $"the contract ended by buy-out on {SettlementContext.Iso(buyout)}, before this period");
        }

        return buyout < period.Dates.To ? new LocalDateRange(period.Dates.From, buyout) : period.Dates;
    }

    private static List<CarrierResult> ValueCarriers(SettlementContext ctx)
    {
        var contract = ctx.Contract;
        var input = ctx.Input;
        foreach (var extra in input.Carriers.Where(c => contract.ScopeOf(c.Carrier) is null))
        {
            throw ctx.Error($"carriers.{extra.Carrier.Code()}", "is not a carrier of the contract");
        }

        var duplicate = input.Adjustments.GroupBy(a => a.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw ctx.Error($"adjustments.{duplicate.Key}", "is given twice");
        }

        foreach (var adjustment in input.Adjustments.Where(a => contract.ScopeOf(a.Carrier) is null))
        {
            throw ctx.Error($"adjustments.{adjustment.Id}", $"adjusts {adjustment.Carrier.Code()}, which is not a carrier of the contract");
        }

        var results = new List<CarrierResult>();
        var trusteeship = contract.Clauses.OfType<EnergyCostTrusteeshipClause>().FirstOrDefault();
        foreach (var scope in contract.Carriers)
        {
            var name = $"carriers.{scope.Carrier.Code()}";
            var given = input.Carriers.Where(c => c.Carrier == scope.Carrier).ToList();
            if (given.Count != 1)
            {
                throw ctx.Error(name, given.Count == 0 ? "no savings given for this carrier of the contract" : "savings given twice");
            }

            var carrier = given[0];
            if (carrier.BaselineResult != scope.BaselineResult)
            {
                throw ctx.Error($"{name}.baseline_result", $"{carrier.BaselineResult} ({carrier.BaselineResult.Sha256[..Math.Min(12, carrier.BaselineResult.Sha256.Length)]}…) is not the contract's frozen baseline result {scope.BaselineResult} ({scope.BaselineResult.Sha256[..12]}…)");
            }

            var result = scope.Carrier == EnergyCarrier.Electricity
                ? ElectricityValuation.Value(ctx, scope, carrier)
                : GasValuation.Value(ctx, scope, carrier);
            if (trusteeship is not null && trusteeship.Carriers.Contains(scope.Carrier))
            {
                if (scope.Carrier == EnergyCarrier.Electricity)
                {
                    ElectricityValuation.ActualCost(ctx, scope, carrier, result);
                }
                else
                {
                    GasValuation.ActualCost(ctx, scope, carrier, result);
                }
            }

            results.Add(result);
        }

        return results;
    }

    /// <summary>Net money per pair of parties from the cash entries, with VAT on payments to the ESCO and the financier.</summary>
    private static List<StatementPayment> Payments(SettlementContext ctx, List<StatementEntry> entries)
    {
        var payments = new List<StatementPayment>();
        var contract = ctx.Contract;
        var leaseVat = contract.Clauses.OfType<FinanceLeaseClause>().FirstOrDefault()?.VatRate;
        foreach (var party in new[] { "esco", "financier" })
        {
            var net = entries.Where(e => e.Party == party && e.Cash).Sum(e => e.Amount);
            if (net == 0)
            {
                continue;
            }

            var toParty = net > 0;
            var amount = Math.Abs(net);
            var rate = toParty ? (party == "financier" ? leaseVat ?? contract.Vat.Rate : contract.Vat.Rate) : 0m;
            decimal netOfVat, vat, total;
            if (contract.Vat.AmountsIncludeVat)
            {
                netOfVat = ctx.Money(amount / (1 + rate));
                vat = amount - netOfVat;
                total = amount;
            }
            else
            {
                netOfVat = amount;
                vat = ctx.Money(amount * rate);
                total = amount + vat;
            }

            payments.Add(new StatementPayment(toParty ? "host" : party, toParty ? party : "host", amount, rate, netOfVat, vat, total));
        }

        return payments;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Contract, string> ContractDigests = [];

    private static string ContractDigest(Contract contract) => ContractDigests.GetValue(contract, ContractJson.Digest);
}

/// <summary>The outcome of settling one contract in a batch: the statement, or why it could not be settled.</summary>
public sealed record SettlementOutcome(string ContractId, SettlementStatement? Statement, SettlementInputException? Error);
