namespace EnergySom.Contracts.Storage.Sqlite;

/// <summary>An open transaction: <see cref="Commit"/> it, or dispose it to roll back.</summary>
public sealed class SqliteTransaction : IDisposable
{
    private readonly SqliteDatabase _database;
    private bool _finished;

    internal SqliteTransaction(SqliteDatabase database) => _database = database;

    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _database.Execute("COMMIT;");
        _finished = true;
    }

    public void Rollback()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        _database.Execute("ROLLBACK;");
    }

    public void Dispose()
    {
        if (_finished)
        {
            return;
        }

        try
        {
            Rollback();
        }
        catch (SqliteException)
        {
            // SQLite already rolled back (e.g. after SQLITE_FULL); there is nothing left to undo.
        }
    }
}
