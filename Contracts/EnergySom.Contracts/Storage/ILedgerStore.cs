using EnergySom.Contracts.Ledger;

namespace EnergySom.Contracts.Storage;

/// <summary>
/// Where the ledger lives: an embedded SQLite file on one machine (<see cref="Sqlite.SqliteLedgerStore"/>), or
/// PostgreSQL beyond one machine (<see cref="Postgres.PostgresLedgerStore"/>). Contracts, statements, their
/// approvals and disputes, and the parties' keys are all ledger entries (one source of truth, all covered by
/// the hash chain); the queries below find them by type, subject or contract without reading the whole ledger.
/// </summary>
/// <remarks>
/// A store keeps entries exactly as given and never interprets them: hashing, signing and the workflow rules
/// live in the ledger classes above it, and verification never trusts what a store returns. Both stores
/// refuse UPDATE and DELETE on entries with a trigger, so a mistaken statement cannot alter history; a
/// deliberate edit by someone who disables the trigger is what <see cref="LedgerVerifier"/> detects.
/// </remarks>
public interface ILedgerStore : IAsyncDisposable
{
    /// <summary>What and where the store is, for messages (e.g. <c>SQLite data/energysom.db</c>).</summary>
    string Description { get; }

    /// <summary>The last entry, or null when the ledger is empty.</summary>
    Task<LedgerHead?> ReadHeadAsync(CancellationToken ct = default);

    /// <summary>
    /// Appends <paramref name="entry"/> atomically, if and only if it chains onto the current head: its sequence
    /// is the head's plus one and its previous hash is the head's hash.
    /// </summary>
    /// <exception cref="LedgerConflictException">Another writer appended first; re-read the head and retry.</exception>
    Task AppendAsync(LedgerEntry entry, CancellationToken ct = default);

    /// <summary>
    /// Appends entries that were sealed elsewhere (copying a ledger from one store to another, restoring a
    /// backup) in one transaction: all or nothing, each chaining onto the one before and the first onto the head.
    /// </summary>
    /// <exception cref="LedgerConflictException">An entry does not chain on; nothing was written.</exception>
    Task AppendRangeAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct = default);

    /// <summary>Up to <paramref name="limit"/> entries with a sequence above <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadRangeAsync(long afterSequence, int limit, CancellationToken ct = default);

    /// <summary>Entries about one subject (a statement, a contract, a party's keys), in order.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadBySubjectAsync(string subjectId, CancellationToken ct = default);

    /// <summary>Entries of one contract (its registration, statements and decisions), in order.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadByContractAsync(string contractId, CancellationToken ct = default);

    /// <summary>Entries of one type (<see cref="LedgerEntryTypes"/>), in order.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadByTypeAsync(string type, CancellationToken ct = default);
}
