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
    /// <param name="BaselineChecks">One line per carrier: whether its frozen baseline result file was found and matched the contract's SHA-256.</param>
    public sealed record Outcome(SettlementStatement Statement, RecordOutcome Recorded, StatementView View, SettlementReadings Readings, IReadOnlyList<string> BaselineChecks);

    /// <exception cref="UserFacingException">A baseline file other than the pinned one, unusable readings, or inputs the engine refuses.</exception>
    /// <param name="baselineFolder">Where the frozen baseline result files are (<c>RESULT-ID.json</c>); a file found there
    /// must be byte for byte the one the contract pins, or nothing is settled.</param>
    public static async Task<Outcome> SettleAsync(
        ContractLedger ledger, Contract contract, TariffLibrary tariffs, IReadingStore store, SettlementPeriod period, string baselineFolder, PartyKey escoKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var checks = CheckBaselineFiles(contract, baselineFolder);

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
        return new Outcome(statement, outcome, view, readings, checks);
    }

    /// <summary>
    /// The contract pins each carrier's baseline result by SHA-256; the predictions in the store are named by its id and
    /// version only. When the result file is at hand it is checked, so a statement is never computed against a model
    /// other than the frozen one under the same name.
    /// </summary>
    /// <exception cref="UserFacingException">A result file differs from the one the contract pins.</exception>
    public static IReadOnlyList<string> CheckBaselineFiles(Contract contract, string baselineFolder)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var lines = new List<string>();
        foreach (var scope in contract.Carriers)
        {
            var pinned = scope.BaselineResult;
            var path = Path.Combine(baselineFolder, pinned.Id + ".json");
            if (!File.Exists(path))
            {
                lines.Add($"{scope.Carrier.Code()}: {pinned} — {path} not found, SHA-256 not checked");
                continue;
            }

            var bytes = File.ReadAllBytes(path);
            if (!pinned.Matches(bytes))
            {
                throw new UserFacingException(
                    $"{path}: SHA-256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))} is not the frozen result {pinned} contract {contract.Id} pins ({pinned.Sha256}); nothing settled");
            }

            lines.Add($"{scope.Carrier.Code()}: {pinned} — {path} matches the contract's SHA-256");
        }

        return lines;
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
