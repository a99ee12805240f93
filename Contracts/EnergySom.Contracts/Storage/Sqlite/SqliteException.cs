namespace EnergySom.Contracts.Storage.Sqlite;

/// <summary>
/// A SQLite call failed. The message names the database file, what was being done, SQLite's own message and
/// its result code, so an operator can act on it without a debugger.
/// </summary>
public sealed class SqliteException : Exception
{
    public SqliteException(string message, int resultCode, int extendedResultCode)
        : base(message)
    {
        ResultCode = resultCode;
        ExtendedResultCode = extendedResultCode;
    }

    public SqliteException()
    {
    }

    public SqliteException(string message)
        : base(message)
    {
    }

    public SqliteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Primary result code (e.g. 19 = SQLITE_CONSTRAINT, 5 = SQLITE_BUSY).</summary>
    public int ResultCode { get; }

    /// <summary>Extended result code (e.g. 1555 = SQLITE_CONSTRAINT_PRIMARYKEY).</summary>
    public int ExtendedResultCode { get; }

    /// <summary>True when a UNIQUE or PRIMARY KEY constraint refused the change.</summary>
    public bool IsUniqueViolation => ExtendedResultCode is SqliteCodes.ConstraintPrimaryKey or SqliteCodes.ConstraintUnique;
}
