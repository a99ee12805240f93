using EnergySom.Contracts.Storage;
using NodaTime;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// The system of record of EnergySom's contracts: parties' keys, contracts, settlement statements and their
/// approvals, disputes and reversals, in one append-only, hash-chained, signed ledger.
/// </summary>
/// <example>
/// <code>
/// await using var store = SqliteLedgerStore.Open("data/energysom.db");
/// var ledger = new ContractLedger(store, SystemClock.Instance);
/// await ledger.Contracts.RegisterAsync(new ContractRegistration(id, esco, factory, contractJson), escoKey);
/// var (outcome, statement) = await ledger.Statements.RecordDraftAsync(StatementDraft.From(settled), escoKey);
/// await ledger.Statements.ApproveAsync(statement.StatementId, PartyRole.Esco, escoKey);
/// var verification = await ledger.VerifyAsync();
/// </code>
/// </example>
public sealed class ContractLedger
{
    private readonly LedgerWriter _writer;

    /// <param name="store">Where the entries are kept.</param>
    /// <param name="clock">The time recorded in each entry.</param>
    public ContractLedger(ILedgerStore store, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        _writer = new LedgerWriter(store, clock);
        Keys = new PartyKeyRegistry(_writer);
        Contracts = new ContractRegistry(_writer);
        Statements = new StatementBook(_writer);
        Checkpoints = new LedgerCheckpoints(_writer);
    }

    public ILedgerStore Store => _writer.Store;

    public PartyKeyRegistry Keys { get; }

    public ContractRegistry Contracts { get; }

    public StatementBook Statements { get; }

    public LedgerCheckpoints Checkpoints { get; }

    /// <summary>Verifies the whole ledger (see <see cref="LedgerVerifier"/>).</summary>
    public Task<LedgerVerification> VerifyAsync(LedgerVerifyOptions? options = null, CancellationToken ct = default) =>
        LedgerVerifier.VerifyAsync(_writer.Store, options, ct);
}
