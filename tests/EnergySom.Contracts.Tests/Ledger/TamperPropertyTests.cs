using System.Buffers.Binary;
using EnergySom.Contracts.Ledger;
using EnergySom.Contracts.Storage.Sqlite;
using EnergySom.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace EnergySom.Contracts.Tests.Ledger;

/// <summary>
/// Property: changing any single byte of any column of any stored entry (by SQL, in the SQLite file) is detected,
/// and verification names that entry, whether it checks every signature or trusts a checkpoint.
/// </summary>
public sealed class TamperPropertyTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] Columns =
    [
        "sequence", "entry_type", "subject_id", "contract_id", "actor", "key_id", "recorded_at",
        "payload", "payload_digest", "previous_hash", "hash", "signature",
    ];

    private readonly TempDirectory _dir = new("esom-tamper-");
    private string _template = "";
    private int _entries;

    public async Task InitializeAsync()
    {
        // Standard ledger (10 entries), a checkpoint vouching for them (11), then two more entries (12, 13).
        _template = _dir.File("template.db");
        await using (var store = SqliteLedgerStore.Open(_template))
        {
            using var scenario = await new LedgerScenario(store).StandardAsync();
            await scenario.Ledger.Checkpoints.CreateAsync(scenario.EscoKey, allSignatures: true);
            await scenario.StatementAsync("2025-05", 77.70m, StatementState.ApprovedByEsco);
            _entries = (int)(await store.ReadHeadAsync())!.Sequence;
        }

        Assert.Equal(13, _entries);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AnySingleByteChange_InAnyStoredEntry_IsDetected_AtThatEntry()
    {
        await using var ledger = new TamperBench(_template);
        var applied = 0;
        var edits = from sequence in Gen.Choose(1, _entries)
                    from column in Gen.Elements(Columns)
                    from position in Gen.Choose(0, 4095)
                    from mask in Gen.Choose(1, 255)
                    from allSignatures in Gen.Elements(true, false)
                    select (Sequence: (long)sequence, Column: column, Position: position, Mask: (byte)mask, AllSignatures: allSignatures);

        Prop.ForAll(Arb.From(edits), edit =>
            {
                var verification = ledger.VerifyEdited(edit.Sequence, edit.Column, edit.Position, edit.Mask, edit.AllSignatures);
                if (verification is null)
                {
                    return true; // the database itself refused the edit (a renumbering onto an existing entry)
                }

                applied++;
                return !verification.IsIntact && verification.Fault!.Sequence == edit.Sequence;
            })
            .Check(Properties.Fixed(200));

        Assert.True(applied >= 150, $"only {applied} of 200 edits could be applied");
        Assert.True(ledger.Verify(allSignatures: true).IsIntact, "every edit was undone");
    }

    [Fact]
    public async Task EveryColumnOfEveryEntry_EditedAtRandomBytes_IsDetected_AtThatEntry()
    {
        await using var ledger = new TamperBench(_template);
        var random = new Random(20250402);
        var missed = new List<string>();
        for (var sequence = 1L; sequence <= _entries; sequence++)
        {
            foreach (var column in Columns)
            {
                foreach (var allSignatures in new[] { true, false })
                {
                    var (position, mask) = (random.Next(4096), (byte)random.Next(1, 256));
                    if (ledger.VerifyEdited(sequence, column, position, mask, allSignatures) is { } v && (v.IsIntact || v.Fault!.Sequence != sequence))
                    {
                        missed.Add($"entry {sequence} {column} byte {position} ^ {mask}: {(v.IsIntact ? "intact" : v.Fault!.ToString())}");
                    }
                }
            }
        }

        Assert.Empty(missed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task LastEntryRenumberedBelowOne_IsNotHidden(bool allSignatures)
    {
        // Entry 13 moved to a negative sequence (its top byte flipped): readers that start after entry 0 would no
        // longer see it, and the ledger would look like 12 intact entries.
        await using var ledger = new TamperBench(_template);

        var verification = ledger.VerifyEdited(_entries, "sequence", 0, 0xBD, allSignatures);

        Assert.NotNull(verification);
        Assert.False(verification.IsIntact);
        Assert.Equal(_entries, verification.Fault!.Sequence);
        Assert.Contains("stored outside the chain", verification.Fault.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntouchedLedger_IsIntact()
    {
        await using var ledger = new TamperBench(_template);

        Assert.True(ledger.Verify(allSignatures: false).IsIntact);
    }

    /// <summary>
    /// A copy of the template ledger with a raw connection that edits one byte, lets the store verify, and puts
    /// the byte back, so each case costs one verification rather than a new file.
    /// </summary>
    private sealed class TamperBench : IAsyncDisposable
    {
        private readonly string _file;
        private readonly SqliteLedgerStore _store;
        private readonly SqliteDatabase _raw;

        public TamperBench(string template)
        {
            _file = Path.Combine(Path.GetDirectoryName(template)!, $"bench-{Guid.NewGuid():N}.db");
            File.Copy(template, _file);
            _store = SqliteLedgerStore.Open(_file, create: false);
            _raw = SqliteDatabase.Open(_file, SqliteOpenMode.ReadWrite);
            _raw.Execute("DROP TRIGGER ledger_entries_no_update; PRAGMA synchronous = OFF;");
        }

        public LedgerVerification Verify(bool allSignatures) =>
            LedgerVerifier.VerifyAsync(_store, new LedgerVerifyOptions { AllSignatures = allSignatures }).GetAwaiter().GetResult();

        /// <summary>Verification with one byte of one column of one entry XORed; null when the database refuses the edit.</summary>
        public LedgerVerification? VerifyEdited(long sequence, string column, int position, byte mask, bool allSignatures)
        {
            var edited = Tamper(_raw, sequence, column, position, mask);
            if (edited is null)
            {
                return null;
            }

            try
            {
                return Verify(allSignatures);
            }
            finally
            {
                edited();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _raw.Dispose();
            await _store.DisposeAsync();
            File.Delete(_file);
        }
    }

    /// <summary>XORs one byte of one column of one entry; returns how to undo it, or null when the database refuses the edit.</summary>
    private static Action? Tamper(SqliteDatabase database, long sequence, string column, int position, byte mask)
    {
        using var read = database.Prepare($"SELECT {column} FROM ledger_entries WHERE sequence = ?1");
        read.Bind(1, sequence);
        Assert.True(read.Step());
        if (column is "sequence" or "recorded_at")
        {
            var original = read.GetInt64(0);
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, original);
            bytes[position % 8] ^= mask;
            var changed = BinaryPrimitives.ReadInt64BigEndian(bytes);
            read.Reset();
            var key = column == "sequence" ? changed : sequence;
            return Set(database, column, sequence, s => s.Bind(1, changed))
                ? () => Assert.True(Set(database, column, key, s => s.Bind(1, original)))
                : null;
        }
        else
        {
            var original = read.GetBlob(0);
            var isText = column is not ("payload" or "payload_digest" or "previous_hash" or "hash" or "signature");
            read.Reset();

            // An empty column (a key entry's contract id) gains one byte instead.
            var bytes = original.Length == 0 ? [mask] : (byte[])original.Clone();
            if (original.Length > 0)
            {
                bytes[position % bytes.Length] ^= mask;
            }

            Assert.True(Set(database, column, sequence, s => s.Bind(1, bytes)));
            return () => Assert.True(Set(database, column, sequence, s => _ = isText ? s.Bind(1, System.Text.Encoding.UTF8.GetString(original)) : s.Bind(1, original)));
        }
    }

    private static bool Set(SqliteDatabase database, string column, long sequence, Action<SqliteStatement> bind)
    {
        using var update = database.Prepare($"UPDATE ledger_entries SET {column} = ?1 WHERE sequence = ?2");
        bind(update);
        update.Bind(2, sequence);
        try
        {
            return update.Execute() == 1;
        }
        catch (SqliteException ex) when (ex.IsUniqueViolation)
        {
            return false;
        }
    }
}
