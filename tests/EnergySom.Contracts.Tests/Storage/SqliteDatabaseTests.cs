using EnergySom.Contracts.Storage;
using EnergySom.Contracts.Storage.Sqlite;
using EnergySom.Testing;

namespace EnergySom.Contracts.Tests.Storage;

/// <summary>The thin wrapper over the raw SQLitePCLRaw API: WAL, prepared statements, transactions, clear errors.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDirectory _dir = new("esom-sqlite-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Open_UsesWalJournal_AndTheBundledSqlite()
    {
        using var database = SqliteDatabase.Open(_dir.File("a.db"));

        Assert.Equal("wal", database.QueryScalarText("PRAGMA journal_mode"));
        Assert.Equal(2, database.QueryScalarInt64("PRAGMA synchronous")); // FULL
        Assert.StartsWith("3.", SqliteDatabase.LibraryVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void PreparedStatement_BindsAndReadsEveryType_AndRunsAgainAfterReset()
    {
        using var database = SqliteDatabase.Open(_dir.File("a.db"));
        database.Execute("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n TEXT);");
        using (var insert = database.Prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4)"))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(1, insert.Bind(1, long.MaxValue - i).Bind(2, $"电 {i}").Bind(3, new byte[] { 0, 1, (byte)i }).BindNull(4).Execute());
            }

            Assert.Equal(1, insert.Bind(1, 0).Bind(2, "").Bind(3, ReadOnlySpan<byte>.Empty).BindNull(4).Execute());
        }

        using var select = database.Prepare("SELECT i, s, b, n FROM t ORDER BY i DESC");
        Assert.True(select.Step());
        Assert.Equal(long.MaxValue, select.GetInt64(0));
        Assert.Equal("电 0", select.GetString(1));
        Assert.Equal(new byte[] { 0, 1, 0 }, select.GetBlob(2));
        Assert.True(select.IsNull(3));
        Assert.Null(select.GetStringOrNull(3));
        Assert.True(select.Step());
        Assert.True(select.Step());
        Assert.True(select.Step());
        Assert.Equal(0, select.GetInt64(0));
        Assert.False(select.IsNull(2)); // an empty blob stays a blob, not NULL
        Assert.Empty(select.GetBlob(2));
        Assert.False(select.Step());
    }

    [Fact]
    public void Transaction_RollsBackUnlessCommitted()
    {
        using var database = SqliteDatabase.Open(_dir.File("a.db"));
        database.Execute("CREATE TABLE t (i INTEGER);");
        using (database.BeginTransaction())
        {
            database.Execute("INSERT INTO t VALUES (1);");
        }

        using (var transaction = database.BeginTransaction())
        {
            database.Execute("INSERT INTO t VALUES (2);");
            transaction.Commit();
        }

        Assert.Equal(2, database.QueryScalarInt64("SELECT sum(i) FROM t"));
    }

    [Fact]
    public void Errors_NameTheFile_TheStatement_AndSqlitesReason()
    {
        var path = _dir.File("a.db");
        using var database = SqliteDatabase.Open(path);
        database.Execute("CREATE TABLE t (i INTEGER PRIMARY KEY);");
        database.Execute("INSERT INTO t VALUES (1);");

        var syntax = Assert.Throws<SqliteException>(() => database.Prepare("SELEC 1"));
        var constraint = Assert.Throws<SqliteException>(() => database.Execute("INSERT INTO t VALUES (1);"));
        using var insert = database.Prepare("INSERT INTO t VALUES (?1)");
        var stepped = Assert.Throws<SqliteException>(() => insert.Bind(1, 1).Execute());

        Assert.StartsWith($"{path}: preparing 'SELEC 1': near \"SELEC\": syntax error", syntax.Message, StringComparison.Ordinal);
        Assert.Contains("UNIQUE constraint failed: t.i", constraint.Message, StringComparison.Ordinal);
        Assert.True(stepped.IsUniqueViolation);
        Assert.Contains("running 'INSERT INTO t VALUES (?1)'", stepped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpeningAMissingOrForeignFile_FailsClearly()
    {
        File.WriteAllText(_dir.File("notes.txt"), new string('x', 4096));

        var missing = Assert.Throws<SqliteException>(() => SqliteDatabase.Open(_dir.File("missing.db"), SqliteOpenMode.ReadWrite));
        var foreign = Assert.Throws<SqliteException>(() => SqliteDatabase.Open(_dir.File("notes.txt")));

        Assert.Contains("no such database file", missing.Message, StringComparison.Ordinal);
        Assert.Contains("file is not a database", foreign.Message, StringComparison.Ordinal);
        Assert.StartsWith(_dir.File("notes.txt"), foreign.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LedgerStore_RefusesANewerSchema_AndAMissingFileWhenNotCreating()
    {
        var path = _dir.File("ledger.db");
        await (SqliteLedgerStore.Open(path)).DisposeAsync();
        using (var database = SqliteDatabase.Open(path))
        {
            database.Execute("UPDATE ledger_schema SET version = 2;");
        }

        var newer = Assert.Throws<LedgerStoreException>(() => SqliteLedgerStore.Open(path));
        var missing = Assert.Throws<LedgerStoreException>(() => SqliteLedgerStore.Open(_dir.File("nothing.db"), create: false));

        Assert.Contains("ledger schema version 2 is not 1", newer.Message, StringComparison.Ordinal);
        Assert.Equal($"no ledger database at {_dir.File("nothing.db")}", missing.Message);
        Assert.False(File.Exists(_dir.File("nothing.db")));
    }

    [Fact]
    public async Task LedgerStore_CreatesItsFolder()
    {
        var path = Path.Combine(_dir.Path, "data", "nested", "energysom.db");

        await using var store = SqliteLedgerStore.Open(path);

        Assert.True(File.Exists(path));
        Assert.Equal($"SQLite {path}", store.Description);
    }
}
