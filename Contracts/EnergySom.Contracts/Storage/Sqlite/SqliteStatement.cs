using System.Text;
using SQLitePCL;

namespace EnergySom.Contracts.Storage.Sqlite;

/// <summary>
/// A prepared SQL statement. Bind parameters (numbered from 1), <see cref="Step"/> through the rows, read columns
/// (numbered from 0), then <see cref="Reset"/> to run it again with new values.
/// </summary>
public sealed class SqliteStatement : IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly sqlite3_stmt _handle;
    private readonly string _sql;
    private bool _disposed;

    internal SqliteStatement(SqliteDatabase database, sqlite3_stmt handle, string sql)
    {
        _database = database;
        _handle = handle;
        _sql = sql;
    }

    public SqliteStatement Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_handle, index, value), index);

    public SqliteStatement Bind(int index, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Check(raw.sqlite3_bind_text(_handle, index, value), index);
    }

    /// <summary>Binds a BLOB (SQLite copies the bytes).</summary>
    public SqliteStatement Bind(int index, ReadOnlySpan<byte> value) =>

        // An empty span would bind NULL; bind a zero-length blob instead so NOT NULL columns accept it.
        Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_handle, index, 0) : raw.sqlite3_bind_blob(_handle, index, value), index);

    public SqliteStatement BindNull(int index) => Check(raw.sqlite3_bind_null(_handle, index), index);

    /// <summary>Advances to the next row: true when a row is available, false when the statement is done.</summary>
    /// <exception cref="SqliteException">The statement failed (constraint, busy beyond the timeout, I/O error …).</exception>
    public bool Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rc = raw.sqlite3_step(_handle);
        return rc switch
        {
            SqliteCodes.Row => true,
            SqliteCodes.Done => false,
            _ => throw _database.Error(rc, $"running {SqliteDatabase.Abbreviate(_sql)}"),
        };
    }

    /// <summary>Runs a statement that returns no rows; returns the number of rows it changed.</summary>
    public int Execute()
    {
        while (Step())
        {
        }

        var changes = _database.Changes;
        Reset();
        return changes;
    }

    /// <summary>Makes the statement ready to run again and clears its bindings.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // reset repeats the last step's error code; that error was already reported by Step.
        raw.sqlite3_reset(_handle);
        raw.sqlite3_clear_bindings(_handle);
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(_handle, column) == SqliteCodes.TypeNull;

    public long GetInt64(int column) => raw.sqlite3_column_int64(_handle, column);

    /// <summary>A column as text; NULL reads as the empty string.</summary>
    public string GetString(int column) => GetStringOrNull(column) ?? "";

    public string? GetStringOrNull(int column)
    {
        if (IsNull(column))
        {
            return null;
        }

        // Decoded from the stored bytes: an invalid UTF-8 sequence becomes U+FFFD rather than an exception, so a
        // damaged row can still be read and reported.
        return Encoding.UTF8.GetString(raw.sqlite3_column_blob(_handle, column));
    }

    /// <summary>A column's bytes (a copy); NULL reads as an empty array.</summary>
    public byte[] GetBlob(int column) => raw.sqlite3_column_blob(_handle, column).ToArray();

    /// <summary>A column's bytes without copying; valid until the next <see cref="Step"/> or <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> GetBlobSpan(int column) => raw.sqlite3_column_blob(_handle, column);

    private SqliteStatement Check(int rc, int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (rc != SqliteCodes.Ok)
        {
            throw _database.Error(rc, $"binding parameter {index} of {SqliteDatabase.Abbreviate(_sql)}");
        }

        return this;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _handle.Dispose();
    }
}
