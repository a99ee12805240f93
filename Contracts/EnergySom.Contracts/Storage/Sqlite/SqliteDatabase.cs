using SQLitePCL;

namespace EnergySom.Contracts.Storage.Sqlite;

/// <summary>
/// One connection to a SQLite database file, over the raw SQLitePCLRaw API (the bundled SQLite is 3.35.5).
/// A thin wrapper: open (WAL journal, busy timeout, foreign keys), prepared statements, transactions, and
/// errors that name the file, the operation and SQLite's message.
/// </summary>
/// <remarks>
/// A connection is not thread-safe: use it from one thread at a time (the stores above it take a lock).
/// WAL lets readers in other processes read while one writer appends; <c>BEGIN IMMEDIATE</c> takes the write
/// lock up front so two writers queue on the busy timeout instead of failing half-way through a transaction.
/// </remarks>
public sealed class SqliteDatabase : IDisposable
{
    private static readonly Lazy<bool> Initialised = new(() =>
    {
        Batteries_V2.Init();
        return true;
    });

    private readonly sqlite3 _handle;
    private bool _disposed;

    private SqliteDatabase(sqlite3 handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The file this connection is open on.</summary>
    public string Path { get; }

    /// <summary>Version of the SQLite library in use (e.g. 3.35.5).</summary>
    public static string LibraryVersion
    {
        get
        {
            _ = Initialised.Value;
            return raw.sqlite3_libversion().utf8_to_string();
        }
    }

    /// <summary>Number of rows changed by the last INSERT, UPDATE or DELETE.</summary>
    public int Changes => raw.sqlite3_changes(_handle);

    /// <summary>
    /// Opens <paramref name="path"/>. Writable connections switch the file to WAL journal mode; every connection
    /// waits up to <paramref name="busyTimeout"/> (default 5 s) for another writer's lock.
    /// </summary>
    /// <exception cref="SqliteException">The file cannot be opened (missing, not a database, no permission).</exception>
    public static SqliteDatabase Open(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _ = Initialised.Value;
        var flags = mode switch
        {
            SqliteOpenMode.ReadWriteCreate => raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE,
            SqliteOpenMode.ReadWrite => raw.SQLITE_OPEN_READWRITE,
            SqliteOpenMode.ReadOnly => raw.SQLITE_OPEN_READONLY,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
        };

        // The stores serialise access themselves; FULLMUTEX keeps a stray second thread from corrupting state.
        flags |= raw.SQLITE_OPEN_FULLMUTEX;
        if (mode != SqliteOpenMode.ReadWriteCreate && !File.Exists(path))
        {
            throw new SqliteException($"{path}: no such database file", 14, 14);
        }

        var rc = raw.sqlite3_open_v2(path, out var handle, flags, null);
        if (rc != SqliteCodes.Ok)
        {
            var message = handle is null || handle.IsInvalid ? raw.sqlite3_errstr(rc).utf8_to_string() : raw.sqlite3_errmsg(handle).utf8_to_string();
            var extended = handle is null || handle.IsInvalid ? rc : raw.sqlite3_extended_errcode(handle);
            handle?.Dispose();
            throw new SqliteException($"{path}: cannot open database: {message} (SQLite code {rc})", rc, extended);
        }

        var database = new SqliteDatabase(handle, path);
        try
        {
            raw.sqlite3_busy_timeout(handle, (int)(busyTimeout ?? TimeSpan.FromSeconds(5)).TotalMilliseconds);

            // Reading the schema fails here, not later, when the file is not a database.
            database.Execute("PRAGMA foreign_keys = ON;");
            if (mode != SqliteOpenMode.ReadOnly)
            {
                var journal = database.QueryScalarText("PRAGMA journal_mode = WAL;");
                if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new SqliteException($"{path}: cannot switch to WAL journal mode (got '{journal}')", 1, 1);
                }

                // WAL with synchronous=FULL: a committed ledger entry survives a power cut, not only a crash.
                database.Execute("PRAGMA synchronous = FULL;");
            }

            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Runs one or more SQL statements that return no rows (schema, pragmas).</summary>
    public void Execute(string sql)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rc = raw.sqlite3_exec(_handle, sql, out var error);
        if (rc != SqliteCodes.Ok)
        {
            throw Error(rc, $"executing {Abbreviate(sql)}", error);
        }
    }

    /// <summary>Prepares one SQL statement; parameters are numbered from 1 (<c>?1</c>, <c>?2</c> …).</summary>
    public SqliteStatement Prepare(string sql)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rc = raw.sqlite3_prepare_v3(_handle, sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement);
        if (rc != SqliteCodes.Ok)
        {
            statement?.Dispose();
            throw Error(rc, $"preparing {Abbreviate(sql)}");
        }

        return new SqliteStatement(this, statement, sql);
    }

    /// <summary>
    /// Starts a transaction. <paramref name="immediate"/> takes the write lock now (<c>BEGIN IMMEDIATE</c>), so a
    /// transaction that reads then writes cannot be refused half-way by another writer.
    /// </summary>
    public SqliteTransaction BeginTransaction(bool immediate = true)
    {
        Execute(immediate ? "BEGIN IMMEDIATE;" : "BEGIN;");
        return new SqliteTransaction(this);
    }

    /// <summary>Runs a query that returns one text value (pragmas, counts as text).</summary>
    public string? QueryScalarText(string sql)
    {
        using var statement = Prepare(sql);
        return statement.Step() ? statement.GetStringOrNull(0) : null;
    }

    /// <summary>Runs a query that returns one integer, or null when it returns no row or NULL.</summary>
    public long? QueryScalarInt64(string sql)
    {
        using var statement = Prepare(sql);
        return statement.Step() && !statement.IsNull(0) ? statement.GetInt64(0) : null;
    }

    internal sqlite3 Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _handle;
        }
    }

    internal SqliteException Error(int rc, string doing, string? message = null)
    {
        var detail = message ?? raw.sqlite3_errmsg(_handle).utf8_to_string();
        var extended = raw.sqlite3_extended_errcode(_handle);
        return new SqliteException($"{Path}: {doing}: {detail} (SQLite code {extended})", rc, extended);
    }

    internal static string Abbreviate(string sql)
    {
        var oneLine = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 80 ? $"'{oneLine}'" : $"'{oneLine[..77]}...'";
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // close_v2 defers the close until statements a caller forgot to dispose are finalised.
        raw.sqlite3_close_v2(_handle);
        _handle.Dispose();
    }
}
