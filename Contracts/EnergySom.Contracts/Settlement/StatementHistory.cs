using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// The earlier statements a settlement relies on: checked (same contract, authentic digest, known and earlier
/// periods, none twice, none missing where needed) and summed. Only statements actually needed are recorded in
/// the new statement, so a statement's identity does not depend on history it did not use.
/// </summary>
internal sealed class StatementHistory
{
    private readonly List<SettlementStatement> _used = [];

    private StatementHistory()
    {
    }

    public IReadOnlyList<SettlementStatement> SameYear { get; private set; } = [];

    public IReadOnlyList<SettlementStatement> All { get; private set; } = [];

    public IReadOnlyList<PriorStatementInput> Used =>
        _used.Distinct().OrderBy(s => s.PeriodFrom, StringComparer.Ordinal).Select(s => new PriorStatementInput(s.StatementId, s.Period, s.Digest)).ToList();

    public decimal EscoThisYear => Sum(SameYear, s => s.EscoAmount);

    public decimal EscoTotal => Sum(All, s => s.EscoAmount);

    public decimal VerifiedThisYear(EnergyCarrier carrier)
    {
        var code = carrier.Code();
        return Sum(SameYear, s => s.CarrierTotals.Where(t => t.Carrier == code).Sum(t => t.Total));
    }

    public static StatementHistory Load(SettlementContext ctx, bool needYear, bool needAll)
    {
        var history = new StatementHistory();
        if (!needYear && !needAll)
        {
            return history;
        }

        var calendar = SettlementCalendar.Periods(ctx.Contract);
        var byLabel = new Dictionary<string, SettlementStatement>(StringComparer.Ordinal);
        foreach (var prior in ctx.Input.PriorStatements)
        {
            var name = $"prior_statements.{prior.StatementId}";
            if (prior.SchemaVersion != SettlementStatement.CurrentSchemaVersion)
            {
                throw ctx.Error(name, $"has schema {prior.SchemaVersion}; a settlement builds only on {SettlementStatement.CurrentSchemaVersion} statements");
            }

            if (prior.Contract.Id != ctx.Contract.Id)
            {
                throw ctx.Error(name, $"belongs to contract {prior.Contract.Id}");
            }

            if (!StatementJson.Verify(prior))
            {
                throw ctx.Error(name, "its digest does not match its content (altered after it was computed)");
            }

            var period = calendar.FirstOrDefault(p => p.Label == prior.Period)
                ?? throw ctx.Error(name, $"period {prior.Period} is not a settlement period of the contract");
            if (period.Index >= ctx.Period.Index)
            {
                continue;
            }

            if (!byLabel.TryAdd(prior.Period, prior))
            {
                throw ctx.Error(name, $"a second statement for {prior.Period} ({byLabel[prior.Period].StatementId}); pass only the statements in force");
            }
        }

        List<SettlementStatement> Require(IEnumerable<SettlementPeriod> periods, string purpose)
        {
            var list = new List<SettlementStatement>();
            var missing = new List<string>();
            foreach (var period in periods)
            {
                if (byLabel.TryGetValue(period.Label, out var statement))
                {
                    list.Add(statement);
                }
                else
                {
                    missing.Add(period.Label);
                }
            }

            if (missing.Count > 0)
            {
                throw ctx.Error("prior_statements", $"{purpose} needs the statements in force for {string.Join(", ", missing)}");
            }

            return list;
        }

        if (needYear)
        {
            history.SameYear = Require(calendar.Where(p => p.ContractYear == ctx.Period.ContractYear && p.Index < ctx.Period.Index), $"contract year {ctx.Period.ContractYear}'s true-up or cap");
            history._used.AddRange(history.SameYear);
        }

        if (needAll)
        {
            history.All = Require(calendar.Where(p => p.Index < ctx.Period.Index), "the total cap");
            history._used.AddRange(history.All);
        }

        return history;
    }

    private static decimal Sum(IEnumerable<SettlementStatement> statements, Func<SettlementStatement, decimal> value) =>
        statements.Aggregate(0m, (total, s) => total + value(s));
}
