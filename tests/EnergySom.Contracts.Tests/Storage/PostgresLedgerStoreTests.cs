using System.Globalization;
using EnergySom.Contracts.Storage;
using EnergySom.Contracts.Storage.Postgres;
using Npgsql;

namespace EnergySom.Contracts.Tests.Storage;

/// <summary>
/// The store contract on a real PostgreSQL 15 server started by the tests; hand edits go through Npgsql. The
/// class has a database of its own, and each test a schema of its own in it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLedgerStoreTests(PostgresServer server) : LedgerStoreContractTests
{
    private static int _schemas;
    private string _connectionString = "";

    public override async Task InitializeAsync()
    {
        var database = await server.DatabaseForAsync(nameof(PostgresLedgerStoreTests));
        var schema = string.Create(CultureInfo.InvariantCulture, $"test{Interlocked.Increment(ref _schemas)}");
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync();
        }

        _connectionString = new NpgsqlConnectionStringBuilder(database) { SearchPath = schema }.ConnectionString;
    }

    protected override async Task<ILedgerStore> CreateStoreAsync() => await PostgresLedgerStore.OpenAsync(_connectionString);

    protected override async Task<ILedgerStore> ReopenStoreAsync() => await PostgresLedgerStore.OpenAsync(_connectionString);

    protected override async Task<string?> TryRawWriteAsync(string sql)
    {
        try
        {
            await ExecuteAsync(sql);
            return null;
        }
        catch (PostgresException ex)
        {
            return ex.MessageText;
        }
    }

    protected override Task DisableAppendOnlyAsync() => ExecuteAsync("ALTER TABLE ledger_entries DISABLE TRIGGER USER");

    protected override async Task SetColumnAsync(long sequence, string column, object value)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand($"UPDATE ledger_entries SET {column} = $1 WHERE sequence = $2", connection);
        update.Parameters.Add(new NpgsqlParameter { Value = value });
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    protected override async Task DeleteEntryAsync(long sequence)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand("DELETE FROM ledger_entries WHERE sequence = $1", connection);
        delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        Assert.Equal(1, await delete.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task Truncate_IsRefusedByTheDatabase()
    {
        await using var store = await CreateStoreAsync();

        var error = await TryRawWriteAsync("TRUNCATE ledger_entries");

        Assert.Contains("append-only", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableServer_FailsWithAMessageNamingIt_WithoutThePassword()
    {
        var builder = new NpgsqlConnectionStringBuilder(_connectionString) { Port = 1, Password = "s3cret-pw", Timeout = 2 };

        var error = await Assert.ThrowsAsync<LedgerStoreException>(() => PostgresLedgerStore.OpenAsync(builder.ConnectionString));

        Assert.Contains("PostgreSQL 127.0.0.1:1/", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", error.Message, StringComparison.Ordinal);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
