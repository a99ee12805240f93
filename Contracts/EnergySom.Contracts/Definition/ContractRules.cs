using System.Globalization;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Definition;

/// <summary>
/// The second pass over a contract: rules across fields. Each broken rule is reported on the field that has to
/// change, at the line where that field was read.
/// </summary>
internal sealed class ContractRules(DefinitionDocument document, Contract contract, TariffLibrary? tariffs)
{
    private static string Clause(PaymentClause clause) => $"payment_terms.{clause.Code}";

    public void Check()
    {
        CheckPeriods();
        CheckCarriers();
        CheckMeasures();
        CheckTypeAgainstClauses();
        foreach (var clause in contract.Clauses)
        {
            CheckClause(clause);
        }

        CheckLimits();
        CheckBuyout();
        if (tariffs is not null)
        {
            CheckTariffs(tariffs);
        }
    }

    private void Error(string field, string message) => document.Error(field, message);

    private void CheckPeriods()
    {
        var mv = contract.MeasurementAndVerification;
        var term = contract.Term;
        if (mv.BaselinePeriod.To > mv.ReportingPeriod.From)
        {
            Error("mv.baseline_period.to", $"the baseline period must end by the start of the reporting period ({mv.ReportingPeriod.From:yyyy-MM-dd}); it ends {mv.BaselinePeriod.To:yyyy-MM-dd}");
        }

        if (mv.ReportingPeriod.From < term.Start)
        {
            Error("mv.reporting_period.from", $"the reporting period starts {mv.ReportingPeriod.From:yyyy-MM-dd}, before the term ({term.Start:yyyy-MM-dd})");
        }

        if (mv.ReportingPeriod.To > term.End)
        {
            Error("mv.reporting_period.to", $"the reporting period ends {mv.ReportingPeriod.To:yyyy-MM-dd}, after the term ({term.End:yyyy-MM-dd}, {term.Years} years from {term.Start:yyyy-MM-dd})");
        }
    }

    private void CheckCarriers()
    {
        var meters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < contract.Carriers.Count; i++)
        {
            var scope = contract.Carriers[i];
            for (var m = 0; m < scope.Meters.Count; m++)
            {
                var meter = scope.Meters[m];
                if (!meters.TryAdd(meter, $"carriers[{i}]"))
                {
                    Error($"carriers[{i}].meters[{m}]", $"meter {meter} is listed twice (also under {meters[meter]})");
                }
            }
        }
    }

    private void CheckMeasures()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var inScope = contract.Carriers.Select(c => c.Carrier).ToHashSet();
        for (var i = 0; i < contract.Measures.Count; i++)
        {
            var measure = contract.Measures[i];
            if (!ids.Add(measure.Id))
            {
                Error($"measures[{i}].id", $"measure {measure.Id} is listed twice");
            }

            for (var c = 0; c < measure.Carriers.Count; c++)
            {
                if (!inScope.Contains(measure.Carriers[c]))
                {
                    Error($"measures[{i}].carriers[{c}]", $"{measure.Carriers[c].Code()} is not a carrier of this contract (carriers: {string.Join(", ", inScope.Select(s => s.Code()))})");
                }
            }
        }
    }

    private void CheckTypeAgainstClauses()
    {
        var clauses = contract.Clauses;
        if (contract.Type == ContractType.Mixed)
        {
            if (clauses.Count < 2)
            {
                Error("payment_terms", $"a mixed contract combines at least two contract types; only {clauses[0].Code} is given");
            }
        }
        else
        {
            foreach (var other in clauses.Where(c => c.Type != contract.Type))
            {
                Error(Clause(other), $"a {contract.Type.Code()} contract has only {contract.Type.Code()} terms (use type: mixed to combine types)");
            }

            if (clauses.All(c => c.Type != contract.Type))
            {
                Error("payment_terms", $"a {contract.Type.Code()} contract needs payment_terms.{contract.Type.Code()}");
            }
        }

        // Carriers: each clause settles carriers of the contract; in a mixed contract each carrier falls under exactly one clause.
        var inScope = contract.Carriers.Select(c => c.Carrier).ToList();
        var owner = new Dictionary<EnergyCarrier, PaymentClause>();
        foreach (var clause in clauses)
        {
            for (var c = 0; c < clause.Carriers.Count; c++)
            {
                var carrier = clause.Carriers[c];
                if (!inScope.Contains(carrier))
                {
                    Error($"{Clause(clause)}.carriers[{c}]", $"{carrier.Code()} is not a carrier of this contract");
                }
                else if (owner.TryGetValue(carrier, out var first))
                {
                    Error($"{Clause(clause)}.carriers", $"{carrier.Code()} is already settled under {first.Code}; in a mixed contract each carrier falls under one contract type (list carriers: for each)");
                }
                else
                {
                    owner[carrier] = clause;
                }
            }
        }

        foreach (var carrier in inScope.Where(c => !owner.ContainsKey(c)))
        {
            Error("payment_terms", $"{carrier.Code()} is in the contract's scope but under no payment terms (list it in one clause's carriers)");
        }
    }

    private void CheckClause(PaymentClause clause)
    {
        var path = Clause(clause);
        switch (clause)
        {
            case SharedSavingsClause shared:
                if (shared.EscoShareByYear.Count != contract.Term.Years)
                {
                    Error($"{path}.esco_share_by_year", $"gives {shared.EscoShareByYear.Count} yearly shares for a {contract.Term.Years}-year term (one per contract year)");
                }

                break;
            case GuaranteedSavingsClause guaranteed:
                CheckGuarantees(path, clause, guaranteed.Guarantees);
                break;
            case FinanceLeaseClause lease:
                CheckGuarantees(path, clause, lease.Guarantees);
                if (contract.Parties.Financier is null)
                {
                    Error("parties", "a finance lease needs the financier (parties.financier)");
                }

                var periods = contract.Term.Years * 12 / contract.Frequency.Months();
                if (lease.Payments > periods)
                {
                    Error($"{path}.payments", $"{lease.Payments} lease payments do not fit in the term's {periods} {contract.Frequency.Code()} settlement periods");
                }

                break;
            case EnergyCostTrusteeshipClause:
                break;
        }
    }

    private void CheckGuarantees(string path, PaymentClause clause, IReadOnlyList<SavingsGuarantee> guarantees)
    {
        var seen = new HashSet<EnergyCarrier>();
        for (var g = 0; g < guarantees.Count; g++)
        {
            var carrier = guarantees[g].Carrier;
            if (!clause.Carriers.Contains(carrier))
            {
                Error($"{path}.guarantees[{g}].carrier", $"{carrier.Code()} is not among the carriers of these terms ({string.Join(", ", clause.Carriers.Select(c => c.Code()))})");
            }

            if (!seen.Add(carrier))
            {
                Error($"{path}.guarantees[{g}].carrier", $"{carrier.Code()} is guaranteed twice");
            }
        }
    }

    private void CheckLimits()
    {
        var limits = contract.Limits;
        if (limits.EscoCapPerYear is { } perYear && limits.EscoCapTotal is { } total && perYear > total)
        {
            Error("limits.esco_cap_per_year", $"the yearly cap ({Format(perYear)}) exceeds the total cap ({Format(total)})");
        }

        if (limits.MinimumPaymentPerPeriod is { } minimum && limits.EscoCapPerYear is { } cap)
        {
            var periodsPerYear = 12 / contract.Frequency.Months();
            if (minimum * periodsPerYear > cap)
            {
                Error("limits.minimum_payment_per_period", $"{periodsPerYear} minimum payments of {Format(minimum)} exceed the yearly cap ({Format(cap)})");
            }
        }

        if (contract.Escalation is { } escalation && escalation.Covers(EscalationTarget.MinimumPayment) && limits.MinimumPaymentPerPeriod is null)
        {
            Error("escalation.applies_to", "escalates the minimum payment, but limits.minimum_payment_per_period is not set");
        }
    }

    private void CheckBuyout()
    {
        if (contract.EarlyBuyout is not { } buyout)
        {
            return;
        }

        if (buyout.AmountByYear.Count != contract.Term.Years)
        {
            Error("early_buyout.amount_by_year", $"gives {buyout.AmountByYear.Count} amounts for a {contract.Term.Years}-year term (one per contract year)");
        }

        if (buyout.Payee == PartyRole.Financier && contract.Clauses.All(c => c is not FinanceLeaseClause))
        {
            Error("early_buyout.payee", "the financier is paid a buy-out only under finance lease terms");
        }
    }

    private void CheckTariffs(TariffLibrary library)
    {
        for (var i = 0; i < contract.Carriers.Count; i++)
        {
            var scope = contract.Carriers[i];
            var path = $"carriers[{i}].tariff";
            if (scope.Carrier == EnergyCarrier.Electricity)
            {
                if (!library.HasElectricity(scope.TariffId))
                {
                    Error(path, library.HasGas(scope.TariffId)
                        ? $"{scope.TariffId} is a gas tariff, not an electricity tariff"
                        : $"no electricity tariff {scope.TariffId} in the tariff library ({string.Join(", ", library.ElectricityIds)})");
                    continue;
                }

                var timeline = library.Electricity(scope.TariffId);
                CheckInForce(path, timeline.Versions[0].EffectiveFrom, scope.TariffId);
                if (scope.DemandSavings && timeline.Versions.All(v => v.DemandCharge is null))
                {
                    Error($"carriers[{i}].demand_savings", $"tariff {scope.TariffId} has no demand or capacity charge (not a two-part tariff)");
                }
            }
            else
            {
                if (!library.HasGas(scope.TariffId))
                {
                    Error(path, library.HasElectricity(scope.TariffId)
                        ? $"{scope.TariffId} is an electricity tariff, not a gas tariff"
                        : $"no gas tariff {scope.TariffId} in the tariff library ({string.Join(", ", library.GasIds)})");
                    continue;
                }

                CheckInForce(path, library.Gas(scope.TariffId).Versions[0].EffectiveFrom, scope.TariffId);
            }
        }
    }

    private void CheckInForce(string path, NodaTime.LocalDate firstEffective, string id)
    {
        var reportingStart = contract.MeasurementAndVerification.ReportingPeriod.From;
        if (firstEffective > reportingStart)
        {
            Error(path, $"tariff {id} takes effect {firstEffective:yyyy-MM-dd}, after the reporting period starts ({reportingStart:yyyy-MM-dd})");
        }
    }

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
