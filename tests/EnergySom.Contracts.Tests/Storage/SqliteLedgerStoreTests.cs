using EnergySom.Contracts.Storage;
using EnergySom.Contracts.Storage.Sqlite;
using EnergySom.Testing;

namespace EnergySom.Contracts.Tests.Storage;

/// <summary>The store contract on the embedded SQLite file; hand edits go through the raw SQLite wrapper.</summary>
public sealed class SqliteLedgerStoreTests : LedgerStoreContractTests, IDisposable
{
    private readonly TempDirectory _dir = new("esom-ledger-sqlite-");

    private string DatabasePath => _dir.File("ledger.db");

    protected override Task<ILedgerStore> CreateStoreAsync() => Task.FromResult<ILedgerStore>(SqliteLedgerStore.Open(DatabasePath));

    protected override Task<ILedgerStore> ReopenStoreAsync() => Task.FromResult<ILedgerStore>(SqliteLedgerStore.Open(DatabasePath, create: false));

    protected override Task<string?> TryRawWriteAsync(string sql)
    {
        using var database = SqliteDatabase.Open(DatabasePath, SqliteOpenMode.ReadWrite);
        try
        {
            database.Execute(sql);
            return Task.FromResult<string?>(null);
        }
        catch (SqliteException ex)
        {
            return Task.FromResult<string?>(ex.Message);
        }
    }

    protected override Task DisableAppendOnlyAsync()
    {
        using var database = SqliteDatabase.Open(DatabasePath, SqliteOpenMode.ReadWrite);
        database.Execute("DROP TRIGGER ledger_entries_no_update; DROP TRIGGER ledger_entries_no_delete;");
        return Task.CompletedTask;
    }

    protected override Task SetColumnAsync(long sequence, string column, object value)
    {
        using var database = SqliteDatabase.Open(DatabasePath, SqliteOpenMode.ReadWrite);
        using var update = database.Prepare($"UPDATE ledger_entries SET {column} = ?1 WHERE sequence = ?2");
        _ = value switch
        {
            byte[] bytes => update.Bind(1, bytes),
            string text => update.Bind(1, text),
            long number => update.Bind(1, number),
            _ => throw new ArgumentException($"unsupported value {value.GetType()}", nameof(value)),
        };
        update.Bind(2, sequence);
        Assert.Equal(1, update.Execute());
        return Task.CompletedTask;
    }

    protected override Task DeleteEntryAsync(long sequence)
    {
        using var database = SqliteDatabase.Open(DatabasePath, SqliteOpenMode.ReadWrite);
        using var delete = database.Prepare("DELETE FROM ledger_entries WHERE sequence = ?1");
        Assert.Equal(1, delete.Bind(1, sequence).Execute());
        return Task.CompletedTask;
    }

    public void Dispose() => _dir.Dispose();
}
