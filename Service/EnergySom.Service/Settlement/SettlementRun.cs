using System.Globalization;
using System.Text.Json;
using EnergySom.Contracts.Ledger;
using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using EnergySom.Metering.Storage;
using EnergySom.Service.Commands;

namespace EnergySom.Service.Settlement;

/// <summary>
/// One settlement as <c>energysom settle</c> and the demo run it: the period of the contract's calendar, the metered
/// energy and baseline predictions from the reading store, the statements in force for earlier periods from the
/// ledger, the engine, and the result recorded as a draft (or found already recorded: same inputs, same statement).
/// </summary>
public static class SettlementRun
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>What one run produced and what the ledger did with it.</summary>
    public sealed record Outcome(SettlementStatement Statement, RecordOutcome Recorded, StatementView View, SettlementReadings Readings);

    /// <exception cref="UserFacingException">An unknown period, unusable readings, or inputs the engine refuses.</exception>
    public static async Task<Outcome> SettleAsync(
        ContractLedger ledger, Contract contract, TariffLibrary tariffs, IReadingStore store, string periodLabel, PartyKey escoKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var period = FindPeriod(contract, periodLabel);

        var readings = await SettlementReadings.ReadAsync(store, contract, period, ct);
        var prior = await PriorStatementsAsync(ledger, contract.Id, period, ct);
        SettlementStatement statement;
        try
        {
            statement = SettlementEngine.Settle(new SettlementInput(contract, period, tariffs, readings.Carriers)
            {
                PriorStatements = prior,
                Readings = readings.Digests,
            });
        }
        catch (SettlementInputException ex)
        {
            throw new UserFacingException($"contract {contract.Id}, period {period.Label}: {ex.Message}", ex);
        }

        var (outcome, view) = await LedgerCommands.Run(() => ledger.Statements.RecordDraftAsync(StatementDraft.From(statement), escoKey, ct));
        return new Outcome(statement, outcome, view, readings);
    }

    /// <summary>The contract's settlement period that <paramref name="label"/> (e.g. 2025-03) names or falls in.</summary>
    /// <exception cref="UserFacingException">The label is not a month of the contract's term.</exception>
    public static SettlementPeriod FindPeriod(Contract contract, string label)
    {
        ArgumentNullException.ThrowIfNull(contract);
        try
        {
            return SettlementCalendar.Find(contract, label);
        }
        catch (ArgumentException ex)
        {
            throw new UserFacingException($"--period {label}: {ex.Message}", ex);
        }
    }

    /// <summary>The contract's statements in force for earlier periods: neither superseded nor reversed.</summary>
    private static async Task<IReadOnlyList<SettlementStatement>> PriorStatementsAsync(ContractLedger ledger, string contractId, SettlementPeriod period, CancellationToken ct)
    {
        var statements = await LedgerCommands.Run(() => ledger.Statements.ListAsync(contractId, ct));
        var prior = new List<SettlementStatement>();
        foreach (var s in statements.Where(s => s.State is not (StatementState.Superseded or StatementState.Reversed)))
        {
            SettlementStatement parsed;
            try
            {
                parsed = StatementJson.Parse(s.Document);
            }
            catch (JsonException)
            {
                continue; // not an engine statement (e.g. recorded by another tool): nothing to carry forward
            }

            if (string.CompareOrdinal(parsed.PeriodFrom, period.Dates.From.ToString("yyyy-MM-dd", C)) < 0)
            {
                prior.Add(parsed);
            }
        }

        return prior;
    }
}
