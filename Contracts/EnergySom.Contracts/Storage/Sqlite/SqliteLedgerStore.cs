using System.Globalization;
using EnergySom.Contracts.Ledger;

namespace EnergySom.Contracts.Storage.Sqlite;

/// <summary>
/// The ledger in an embedded SQLite file (the default on one machine): one table of entries, append-only by
/// trigger, in WAL mode so readers in other processes see committed entries while one writer appends.
/// </summary>
public sealed class SqliteLedgerStore : ILedgerStore
{
    /// <summary>Schema version of the tables this class creates and reads.</summary>
    public const int SchemaVersion = 1;

    private const string Columns =
        "sequence, entry_type, subject_id, contract_id, actor, key_id, recorded_at, payload, payload_digest, previous_hash, hash, signature";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS ledger_schema (
            version INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ledger_entries (
            sequence       INTEGER PRIMARY KEY,
            entry_type     TEXT    NOT NULL,
            subject_id     TEXT    NOT NULL,
            contract_id    TEXT    NOT NULL,
            actor          TEXT    NOT NULL,
            key_id         TEXT    NOT NULL,
            recorded_at    INTEGER NOT NULL,
            payload        BLOB    NOT NULL,
            payload_digest BLOB    NOT NULL,
            previous_hash  BLOB    NOT NULL,
            hash           BLOB    NOT NULL,
            signature      BLOB    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ledger_entries_subject ON ledger_entries (subject_id, sequence);
        CREATE INDEX IF NOT EXISTS ledger_entries_contract ON ledger_entries (contract_id, sequence);
        CREATE INDEX IF NOT EXISTS ledger_entries_type ON ledger_entries (entry_type, sequence);
        CREATE TRIGGER IF NOT EXISTS ledger_entries_no_update BEFORE UPDATE ON ledger_entries
        BEGIN
            SELECT RAISE(ABORT, 'ledger entries are append-only: a correction is a new entry');
        END;
        CREATE TRIGGER IF NOT EXISTS ledger_entries_no_delete BEFORE DELETE ON ledger_entries
        BEGIN
            SELECT RAISE(ABORT, 'ledger entries are append-only: a correction is a new entry');
        END;
        """;

    private readonly SqliteDatabase _database;
    private readonly Lock _gate = new();
    private readonly SqliteStatement _head;
    private readonly SqliteStatement _insert;
    private readonly SqliteStatement _range;
    private readonly SqliteStatement _bySubject;
    private readonly SqliteStatement _byContract;
    private readonly SqliteStatement _byType;

    private SqliteLedgerStore(SqliteDatabase database)
    {
        _database = database;
        _head = database.Prepare("SELECT sequence, hash, signature FROM ledger_entries ORDER BY sequence DESC LIMIT 1");
        _insert = database.Prepare($"INSERT INTO ledger_entries ({Columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
        _range = database.Prepare($"SELECT {Columns} FROM ledger_entries WHERE sequence > ?1 ORDER BY sequence LIMIT ?2");
        _bySubject = database.Prepare($"SELECT {Columns} FROM ledger_entries WHERE subject_id = ?1 ORDER BY sequence");
        _byContract = database.Prepare($"SELECT {Columns} FROM ledger_entries WHERE contract_id = ?1 ORDER BY sequence");
        _byType = database.Prepare($"SELECT {Columns} FROM ledger_entries WHERE entry_type = ?1 ORDER BY sequence");
    }

    public string Description => $"SQLite {_database.Path}";

    /// <summary>The file the ledger is in.</summary>
    public string Path => _database.Path;

    /// <summary>
    /// Opens the ledger in <paramref name="path"/>. With <paramref name="create"/> the file and its folder are
    /// created when missing; without it a missing file is an error (read-only commands must not create one).
    /// </summary>
    /// <exception cref="LedgerStoreException">The file is missing, is not a ledger database, or has a newer schema.</exception>
    public static SqliteLedgerStore Open(string path, bool create = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!create && !File.Exists(path))
        {
            throw new LedgerStoreException($"no ledger database at {path}");
        }

        SqliteDatabase? database = null;
        try
        {
            if (create)
            {
                var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }
            }

            database = SqliteDatabase.Open(path, create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite);
            EnsureSchema(database);
            return new SqliteLedgerStore(database);
        }
        catch (SqliteException ex)
        {
            database?.Dispose();
            throw new LedgerStoreException($"cannot open the ledger: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            database?.Dispose();
            throw new LedgerStoreException($"{path}: cannot create the ledger database: {ex.Message}", ex);
        }
        catch
        {
            database?.Dispose();
            throw;
        }
    }

    private static void EnsureSchema(SqliteDatabase database)
    {
        using var transaction = database.BeginTransaction();
        database.Execute(Schema);
        var version = database.QueryScalarInt64("SELECT max(version) FROM ledger_schema");
        if (version is null)
        {
            database.Execute(string.Create(CultureInfo.InvariantCulture, $"INSERT INTO ledger_schema (version) VALUES ({SchemaVersion});"));
        }
        else if (version != SchemaVersion)
        {
            throw new LedgerStoreException(
                $"{database.Path}: ledger schema version {version} is not {SchemaVersion}, the version this EnergySom reads; use a matching EnergySom release");
        }

        transaction.Commit();
    }

    public Task<LedgerHead?> ReadHeadAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(ReadHead());
        }
    }

    private LedgerHead? ReadHead()
    {
        try
        {
            return _head.Step() ? new LedgerHead(_head.GetInt64(0), _head.GetBlob(1), _head.GetBlob(2)) : null;
        }
        finally
        {
            _head.Reset();
        }
    }

    public Task AppendAsync(LedgerEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return AppendRangeAsync([entry], ct);
    }

    public Task AppendRangeAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            // IMMEDIATE: the write lock is held from the head check to the commit, so no other process can
            // append between them; a second writer waits on the busy timeout, then sees the new head.
            using var transaction = _database.BeginTransaction(immediate: true);
            var head = ReadHead();
            var sequence = head?.Sequence ?? 0;
            var hash = head?.Hash ?? EntryHash.Genesis.ToArray();
            foreach (var entry in entries)
            {
                if (entry.Sequence != sequence + 1 || !entry.PreviousHash.AsSpan().SequenceEqual(hash))
                {
                    throw new LedgerConflictException(
                        $"{Description}: entry {entry.Sequence} does not chain onto entry {sequence}; another writer appended first");
                }

                Insert(entry);
                sequence = entry.Sequence;
                hash = entry.Hash;
            }

            transaction.Commit();
        }

        return Task.CompletedTask;
    }

    private void Insert(LedgerEntry entry)
    {
        try
        {
            _insert
                .Bind(1, entry.Sequence)
                .Bind(2, entry.Type)
                .Bind(3, entry.SubjectId)
                .Bind(4, entry.ContractId)
                .Bind(5, entry.Actor)
                .Bind(6, entry.KeyId)
                .Bind(7, entry.RecordedAt.ToUnixTimeTicks())
                .Bind(8, entry.Payload)
                .Bind(9, entry.PayloadDigest)
                .Bind(10, entry.PreviousHash)
                .Bind(11, entry.Hash)
                .Bind(12, entry.Signature)
                .Execute();
        }
        catch (SqliteException ex) when (ex.IsUniqueViolation)
        {
            _insert.Reset();
            throw new LedgerConflictException($"{Description}: entry {entry.Sequence} already exists; another writer appended first", ex);
        }
        catch
        {
            _insert.Reset();
            throw;
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> ReadRangeAsync(long afterSequence, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _range.Bind(1, afterSequence).Bind(2, limit);
            return Task.FromResult(ReadEntries(_range, limit));
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> ReadBySubjectAsync(string subjectId, CancellationToken ct = default) => Query(_bySubject, subjectId, ct);

    public Task<IReadOnlyList<LedgerEntry>> ReadByContractAsync(string contractId, CancellationToken ct = default) => Query(_byContract, contractId, ct);

    public Task<IReadOnlyList<LedgerEntry>> ReadByTypeAsync(string type, CancellationToken ct = default) => Query(_byType, type, ct);

    private Task<IReadOnlyList<LedgerEntry>> Query(SqliteStatement statement, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            statement.Bind(1, key);
            return Task.FromResult(ReadEntries(statement, 16));
        }
    }

    private static IReadOnlyList<LedgerEntry> ReadEntries(SqliteStatement statement, int capacity)
    {
        var entries = new List<LedgerEntry>(Math.Min(capacity, 4096));
        try
        {
            while (statement.Step())
            {
                entries.Add(new LedgerEntry(
                    statement.GetInt64(0),
                    statement.GetString(1),
                    statement.GetString(2),
                    statement.GetString(3),
                    statement.GetString(4),
                    statement.GetString(5),
                    StoredTime.FromTicks(statement.GetInt64(6)),
                    statement.GetBlob(7),
                    statement.GetBlob(8),
                    statement.GetBlob(9),
                    statement.GetBlob(10),
                    statement.GetBlob(11)));
            }
        }
        finally
        {
            statement.Reset();
        }

        return entries;
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _head.Dispose();
            _insert.Dispose();
            _range.Dispose();
            _bySubject.Dispose();
            _byContract.Dispose();
            _byType.Dispose();
            _database.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
