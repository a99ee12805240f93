using System.Text;
using EnergySom.Contracts.Ledger;
using EnergySom.Contracts.Storage;
using EnergySom.Testing;
using NodaTime;

namespace EnergySom.Contracts.Tests.Ledger;

/// <summary>
/// A small ledger to test against: an ESCO and a factory with registered keys, one registered contract, and
/// helpers to draft statements. The clock moves one minute per entry so every entry has its own time.
/// </summary>
internal sealed class LedgerScenario : IDisposable
{
    public const string Esco = "Huadong Energy Services Co.";
    public const string Factory = "Suzhou Precision Metal Works";
    public const string ContractId = "EPC-2025-001";

    public LedgerScenario(ILedgerStore store)
    {
        Clock = new ManualClock(Instant.FromUtc(2025, 4, 2, 1, 0));
        Ledger = new ContractLedger(new TickingStore(store, Clock), Clock);
    }

    public ManualClock Clock { get; }

    public ContractLedger Ledger { get; }

    public PartyKey EscoKey { get; } = PartyKey.Generate();

    public PartyKey FactoryKey { get; } = PartyKey.Generate();

    /// <summary>Registers both keys (ESCO first, it introduces the factory) and the contract: entries 1–3.</summary>
    public async Task<LedgerScenario> WithContractAsync()
    {
        await Ledger.Keys.RegisterAsync(Esco, EscoKey.PublicKey, EscoKey);
        await Ledger.Keys.RegisterAsync(Factory, FactoryKey.PublicKey, EscoKey);
        await Ledger.Contracts.RegisterAsync(
            new ContractRegistration(ContractId, Esco, Factory, Json($$"""{"contractId":"{{ContractId}}","type":"shared-savings","escoShare":[0.70,0.70,0.50]}""")),
            EscoKey);
        return this;
    }

    /// <summary>A statement document for a period; <paramref name="amount"/> changes its content (and id).</summary>
    public static StatementDraft Draft(string period, decimal amount, string contractId = ContractId)
    {
        var inputDigest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"{contractId}|{period}|{amount}")));
        var id = $"{contractId}/{period}/{inputDigest[..12]}";
        var document = Json($$"""
            {"schemaVersion":"energysom.statement/1","statementId":"{{id}}","contractId":"{{contractId}}","period":"{{period}}",
             "savingsValue":{{amount:0.00}},"escoAmount":{{amount * 0.7m:0.00}},"inputDigest":"{{inputDigest}}","note":"电费节省 — \"quoted\""}
            """);
        return new StatementDraft(id, contractId, period, inputDigest, document);
    }

    /// <summary>Drafts, and optionally approves, a statement; returns its id.</summary>
    public async Task<string> StatementAsync(string period, decimal amount, StatementState until = StatementState.Draft)
    {
        var (_, statement) = await Ledger.Statements.RecordDraftAsync(Draft(period, amount), EscoKey);
        if (until is StatementState.ApprovedByEsco or StatementState.Final)
        {
            await Ledger.Statements.ApproveAsync(statement.StatementId, PartyRole.Esco, EscoKey);
        }

        if (until == StatementState.Final)
        {
            await Ledger.Statements.ApproveAsync(statement.StatementId, PartyRole.Factory, FactoryKey);
        }

        return statement.StatementId;
    }

    /// <summary>
    /// The standard ledger of the tampering tests, 10 entries: keys (1, 2), contract (3), March drafted (4),
    /// approved by both (5, 6), April drafted (7), approved by the ESCO (8), disputed by the factory (9), April
    /// re-settled (10, superseding 7).
    /// </summary>
    public async Task<LedgerScenario> StandardAsync()
    {
        await WithContractAsync();
        await StatementAsync("2025-03", 1234.50m, StatementState.Final);
        var april = await StatementAsync("2025-04", 999.99m, StatementState.ApprovedByEsco);
        await Ledger.Statements.DisputeAsync(april, PartyRole.Factory, "the April meter data has a three-day gap", FactoryKey);
        await StatementAsync("2025-04", 1001.10m);
        return this;
    }

    public static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    public void Dispose()
    {
        EscoKey.Dispose();
        FactoryKey.Dispose();
    }

    /// <summary>Moves the clock one minute before each append.</summary>
    private sealed class TickingStore(ILedgerStore inner, ManualClock clock) : ILedgerStore
    {
        public string Description => inner.Description;

        public Task<LedgerHead?> ReadHeadAsync(CancellationToken ct = default)
        {
            clock.Advance(Duration.FromMinutes(1));
            return inner.ReadHeadAsync(ct);
        }

        public Task AppendAsync(LedgerEntry entry, CancellationToken ct = default) => inner.AppendAsync(entry, ct);

        public Task AppendRangeAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct = default) => inner.AppendRangeAsync(entries, ct);

        public Task<IReadOnlyList<LedgerEntry>> ReadRangeAsync(long afterSequence, int limit, CancellationToken ct = default) => inner.ReadRangeAsync(afterSequence, limit, ct);

        public Task<IReadOnlyList<LedgerEntry>> ReadBySubjectAsync(string subjectId, CancellationToken ct = default) => inner.ReadBySubjectAsync(subjectId, ct);

        public Task<IReadOnlyList<LedgerEntry>> ReadByContractAsync(string contractId, CancellationToken ct = default) => inner.ReadByContractAsync(contractId, ct);

        public Task<IReadOnlyList<LedgerEntry>> ReadByTypeAsync(string type, CancellationToken ct = default) => inner.ReadByTypeAsync(type, ct);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
