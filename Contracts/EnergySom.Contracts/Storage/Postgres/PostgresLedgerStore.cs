using System.Globalization;
using System.Net.Sockets;
using EnergySom.Contracts.Ledger;
using Npgsql;

namespace EnergySom.Contracts.Storage.Postgres;

/// <summary>
/// The ledger in PostgreSQL, for deployments beyond one machine: several service nodes append to one chain.
/// Appends serialise on a transaction-scoped advisory lock, so the head check and the insert are atomic across
/// nodes; the table is append-only by trigger (UPDATE, DELETE and TRUNCATE are refused).
/// </summary>
/// <remarks>
/// Tables are created in the connection's schema (set <c>Search Path</c> in the connection string to choose
/// another). <c>recorded_at</c> is Unix ticks (100 ns) in a bigint, not timestamptz, because timestamptz keeps
/// microseconds and the hash covers the exact ticks.
/// </remarks>
public sealed class PostgresLedgerStore : ILedgerStore
{
    public const int SchemaVersion = 1;

    /// <summary>Advisory lock key of ledger appends and schema creation ("EnergySo" in ASCII).</summary>
    private const long LockKey = 0x456E_6572_6779_536F;

    private const string Columns =
        "sequence, entry_type, subject_id, contract_id, actor, key_id, recorded_at, payload, payload_digest, previous_hash, hash, signature";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS ledger_schema (
            version integer NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ledger_entries (
            sequence       bigint PRIMARY KEY,
            entry_type     text   NOT NULL,
            subject_id     text   NOT NULL,
            contract_id    text   NOT NULL,
            actor          text   NOT NULL,
            key_id         text   NOT NULL,
            recorded_at    bigint NOT NULL,
            payload        bytea  NOT NULL,
            payload_digest bytea  NOT NULL,
            previous_hash  bytea  NOT NULL,
            hash           bytea  NOT NULL,
            signature      bytea  NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ledger_entries_subject ON ledger_entries (subject_id, sequence);
        CREATE INDEX IF NOT EXISTS ledger_entries_contract ON ledger_entries (contract_id, sequence);
        CREATE INDEX IF NOT EXISTS ledger_entries_type ON ledger_entries (entry_type, sequence);
        CREATE OR REPLACE FUNCTION ledger_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'ledger entries are append-only: a correction is a new entry' USING ERRCODE = 'restrict_violation';
        END
        $$;
        CREATE OR REPLACE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
            FOR EACH ROW EXECUTE FUNCTION ledger_entries_refuse_change();
        CREATE OR REPLACE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
            FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_refuse_change();
        """;

    private readonly NpgsqlDataSource _dataSource;

    private PostgresLedgerStore(NpgsqlDataSource dataSource, string description)
    {
        _dataSource = dataSource;
        Description = description;
    }

    public string Description { get; }

    /// <summary>
    /// Connects with an Npgsql connection string and creates the tables when missing (safe when several nodes
    /// start at once: creation holds the advisory lock).
    /// </summary>
    /// <exception cref="LedgerStoreException">The server is unreachable, refuses the login, or holds a newer schema.</exception>
    public static async Task<PostgresLedgerStore> OpenAsync(string connectionString, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new LedgerStoreException($"invalid PostgreSQL connection string: {ex.Message}", ex);
        }

        // Never echo the password: describe the server by host, port, database and user only.
        var description = string.Create(
            CultureInfo.InvariantCulture,
            $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username} as {builder.Username}");
        var dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", ct);
            await ExecuteAsync(connection, transaction, Schema, ct);
            await using (var read = new NpgsqlCommand("SELECT max(version) FROM ledger_schema", connection, transaction))
            {
                var version = await read.ExecuteScalarAsync(ct);
                if (version is null or DBNull)
                {
                    await ExecuteAsync(connection, transaction, $"INSERT INTO ledger_schema (version) VALUES ({SchemaVersion})", ct);
                }
                else if (Convert.ToInt32(version, CultureInfo.InvariantCulture) != SchemaVersion)
                {
                    throw new LedgerStoreException(
                        $"{description}: ledger schema version {version} is not {SchemaVersion}, the version this EnergySom reads; use a matching EnergySom release");
                }
            }

            await transaction.CommitAsync(ct);
            return new PostgresLedgerStore(dataSource, description);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            await dataSource.DisposeAsync();
            throw new LedgerStoreException($"{description}: {ex.Message}", ex);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<LedgerHead?> ReadHeadAsync(CancellationToken ct = default)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            return await ReadHeadAsync(connection, null, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            throw new LedgerStoreException($"{Description}: cannot read the ledger's head: {ex.Message}", ex);
        }
    }

    private static async Task<LedgerHead?> ReadHeadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT sequence, hash, signature FROM ledger_entries ORDER BY sequence DESC LIMIT 1", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new LedgerHead(reader.GetInt64(0), Bytes(reader, 1), Bytes(reader, 2)) : null;
    }

    public Task AppendAsync(LedgerEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return AppendRangeAsync([entry], ct);
    }

    public async Task AppendRangeAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var current = entries.Count > 0 ? entries[0].Sequence : 0;
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);

            // Every node takes the same lock before reading the head, so the head cannot move before the insert.
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", ct);
            var head = await ReadHeadAsync(connection, transaction, ct);
            var sequence = head?.Sequence ?? 0;
            var hash = head?.Hash ?? EntryHash.Genesis.ToArray();
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO ledger_entries ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)", connection, transaction);
            foreach (var entry in entries)
            {
                current = entry.Sequence;
                if (entry.Sequence != sequence + 1 || !entry.PreviousHash.AsSpan().SequenceEqual(hash))
                {
                    throw new LedgerConflictException(
                        $"{Description}: entry {entry.Sequence} does not chain onto entry {sequence}; another writer appended first");
                }

                insert.Parameters.Clear();
                insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = entry.Sequence });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Type });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.SubjectId });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.ContractId });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.Actor });
                insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entry.KeyId });
                insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = entry.RecordedAt.ToUnixTimeTicks() });
                insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = entry.Payload });
                insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = entry.PayloadDigest });
                insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = entry.PreviousHash });
                insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = entry.Hash });
                insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = entry.Signature });
                await insert.ExecuteNonQueryAsync(ct);
                sequence = entry.Sequence;
                hash = entry.Hash;
            }

            await transaction.CommitAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new LedgerConflictException($"{Description}: entry {current} already exists; another writer appended first", ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            throw new LedgerStoreException($"{Description}: cannot append entry {current}: {ex.Message}", ex);
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> ReadRangeAsync(long afterSequence, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return QueryAsync(
            $"SELECT {Columns} FROM ledger_entries WHERE sequence > $1 ORDER BY sequence LIMIT $2",
            [new NpgsqlParameter<long> { TypedValue = afterSequence }, new NpgsqlParameter<int> { TypedValue = limit }],
            ct);
    }

    public Task<IReadOnlyList<LedgerEntry>> ReadBySubjectAsync(string subjectId, CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM ledger_entries WHERE subject_id = $1 ORDER BY sequence", [Text(subjectId)], ct);

    public Task<IReadOnlyList<LedgerEntry>> ReadByContractAsync(string contractId, CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM ledger_entries WHERE contract_id = $1 ORDER BY sequence", [Text(contractId)], ct);

    public Task<IReadOnlyList<LedgerEntry>> ReadByTypeAsync(string type, CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM ledger_entries WHERE entry_type = $1 ORDER BY sequence", [Text(type)], ct);

    private static NpgsqlParameter<string> Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new NpgsqlParameter<string> { TypedValue = value };
    }

    private async Task<IReadOnlyList<LedgerEntry>> QueryAsync(string sql, NpgsqlParameter[] parameters, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var entries = new List<LedgerEntry>();
            while (await reader.ReadAsync(ct))
            {
                entries.Add(new LedgerEntry(
                    reader.GetInt64(0),
                    TextOrEmpty(reader, 1),
                    TextOrEmpty(reader, 2),
                    TextOrEmpty(reader, 3),
                    TextOrEmpty(reader, 4),
                    TextOrEmpty(reader, 5),
                    StoredTime.FromTicks(reader.IsDBNull(6) ? 0 : reader.GetInt64(6)),
                    Bytes(reader, 7),
                    Bytes(reader, 8),
                    Bytes(reader, 9),
                    Bytes(reader, 10),
                    Bytes(reader, 11)));
            }

            return entries;
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            throw new LedgerStoreException($"{Description}: cannot read the ledger: {ex.Message}", ex);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            throw new LedgerStoreException($"{Description}: {ex.Message}", ex);
        }
    }

    // A row edited by hand may hold NULL where the schema says NOT NULL (after ALTER TABLE): read it as empty so
    // verification can report the entry instead of the read failing.
    private static byte[] Bytes(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? [] : reader.GetFieldValue<byte[]>(column);

    private static string TextOrEmpty(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? "" : reader.GetString(column);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
