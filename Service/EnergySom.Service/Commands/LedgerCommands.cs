using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EnergySom.Contracts.Ledger;
using EnergySom.Contracts.Storage;
using EnergySom.Contracts.Storage.Postgres;
using EnergySom.Contracts.Storage.Sqlite;
using NodaTime;

namespace EnergySom.Service.Commands;

/// <summary>
/// The ledger on the command line: <c>energysom keys create|register|list</c>,
/// <c>energysom statement list|show|approve|dispute|reverse</c>, <c>energysom ledger verify|checkpoint|log</c>.
/// </summary>
/// <remarks>
/// Store: the SQLite file <c>--db PATH</c> (default <c>$ENERGYSOM_DB</c>, else <c>data/energysom.db</c>); when
/// <c>ENERGYSOM_POSTGRES</c> holds an Npgsql connection string and no <c>--db</c> is given, PostgreSQL. Keys:
/// <c>--key FILE</c> (default <c>$ENERGYSOM_KEY</c>, else <c>keys/ROLE.pem</c>); an encrypted key's passphrase
/// comes from <c>ENERGYSOM_KEY_PASSPHRASE</c>, never from the command line.
/// </remarks>
public static class LedgerCommands
{
    public const string DefaultDatabase = "data/energysom.db";

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Adds the <c>keys</c>, <c>statement</c> and <c>ledger</c> command groups.</summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Subcommands.Add(Keys());
        root.Subcommands.Add(Statements());
        root.Subcommands.Add(Ledger());
    }

    internal static Option<string?> DbOption() => new("--db")
    {
        Description = $"SQLite ledger file (default: $ENERGYSOM_DB, else {DefaultDatabase}; PostgreSQL when ENERGYSOM_POSTGRES is set and --db is not)",
    };

    internal static Option<string?> KeyOption(string description) => new("--key") { Description = description };

    private static Option<string> RoleOption()
    {
        var role = new Option<string>("--as") { Description = "The role you act in: esco or factory", Required = true };
        role.AcceptOnlyFromAmong("esco", "factory");
        return role;
    }

    // ---------------------------------------------------------------- keys

    private static Command Keys()
    {
        var keys = new Command("keys", "Create and register the parties' signing keys (ECDSA P-256).");
        keys.Subcommands.Add(KeysCreate());
        keys.Subcommands.Add(KeysRegister());
        keys.Subcommands.Add(KeysList());
        return keys;
    }

    private static Command KeysCreate()
    {
        var party = new Option<string>("--party") { Description = "The party the key signs for, e.g. esco", Required = true };
        var output = new Option<string?>("--out") { Description = "Private key file (default: keys/PARTY.pem); the public key goes beside it as .pub.pem" };
        var encrypt = new Option<bool>("--encrypt") { Description = "Encrypt the private key with the passphrase in ENERGYSOM_KEY_PASSPHRASE" };
        var command = new Command("create", "Create a new key pair: a private key file only you keep, and its public key to register.") { party, output, encrypt };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                var partyName = LedgerIds.Require(parse.GetValue(party), "--party");
                var privatePath = parse.GetValue(output) ?? Path.Combine("keys", Slug(partyName) + ".pem");
                var publicPath = PublicPathOf(privatePath);
                string? passphrase = null;
                if (parse.GetValue(encrypt))
                {
                    passphrase = Env("ENERGYSOM_KEY_PASSPHRASE");
                    if (string.IsNullOrEmpty(passphrase))
                    {
                        throw new UserFacingException("--encrypt: set the passphrase in ENERGYSOM_KEY_PASSPHRASE");
                    }
                }

                foreach (var path in new[] { privatePath, publicPath })
                {
                    if (File.Exists(path))
                    {
                        throw new UserFacingException($"{path} exists: a key file is never overwritten; choose another --out");
                    }
                }

                using var key = PartyKey.Generate();
                try
                {
                    var folder = Path.GetDirectoryName(Path.GetFullPath(privatePath))!;
                    Directory.CreateDirectory(folder);

                    // Created with owner-only permissions before any key material is written to it.
                    var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                    if (!OperatingSystem.IsWindows())
                    {
                        options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                    }

                    await using (var stream = new FileStream(privatePath, options))
                    await using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
                    {
                        await writer.WriteAsync(key.ExportPrivatePem(partyName, passphrase));
                    }

                    await File.WriteAllTextAsync(publicPath, key.ExportPublicPem(partyName), token);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new UserFacingException($"cannot write the key files: {ex.Message}", ex);
                }

                Console.WriteLine($"created key {key.KeyId} for party '{partyName}'");
                Console.WriteLine($"  private key: {privatePath} (keep it secret{(passphrase is null ? "" : ", encrypted")})");
                Console.WriteLine($"  public key:  {publicPath} (register it: energysom keys register --party \"{partyName}\" --public-key {publicPath} --key SIGNER.pem)");
                return 0;
            },
            ct));
        return command;
    }

    private static Command KeysRegister()
    {
        var party = new Option<string>("--party") { Description = "The party the key signs for", Required = true };
        var publicKey = new Option<string?>("--public-key") { Description = "Public (or private) key file to register (default: the --key file itself)" };
        var key = KeyOption("Your private key, which signs the registration: the key itself for the ledger's first key, a registered party's key to introduce a new party, the party's current key to replace it");
        var db = DbOption();
        var command = new Command("register", "Register a party's public key in the ledger.") { party, publicKey, key, db };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                using var signer = LoadKey(parse.GetValue(key), null);
                var publicKeyBytes = parse.GetValue(publicKey) is { } file ? ReadPublicKey(file) : signer.PublicKey.ToArray();
                await using var store = await OpenStoreAsync(parse.GetValue(db), create: true, token);
                var ledger = new ContractLedger(store, SystemClock.Instance);
                var registered = await Run(() => ledger.Keys.RegisterAsync(LedgerIds.Require(parse.GetValue(party), "--party"), publicKeyBytes, signer, token));
                var entry = (await store.ReadRangeAsync(registered.RegisteredAt - 1, 1, token)).Single();
                Console.WriteLine($"key {registered.KeyId} of '{registered.Party}' is registered (entry {registered.RegisteredAt}, signed by '{registered.RegisteredBy}')");
                Console.WriteLine($"receipt: {entry.Sequence}:{entry.HashHex}");
                return 0;
            },
            ct));
        return command;
    }

    private static Command KeysList()
    {
        var db = DbOption();
        var command = new Command("list", "List the keys registered in the ledger.") { db };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                await using var store = await OpenStoreAsync(parse.GetValue(db), create: false, token);
                var keys = await Run(() => new ContractLedger(store, SystemClock.Instance).Keys.ListAsync(token));
                Console.WriteLine($"{"KEY",-32}  {"ENTRY",5}  {"STATUS",-16}  PARTY");
                foreach (var k in keys)
                {
                    var status = k.RetiredAt is { } retired ? $"replaced at {retired}" : "active";
                    Console.WriteLine(string.Create(C, $"{k.KeyId,-32}  {k.RegisteredAt,5}  {status,-16}  {k.Party}"));
                }

                return 0;
            },
            ct));
        return command;
    }

    // ---------------------------------------------------------------- statements

    private static Command Statements()
    {
        var statements = new Command("statement", "Settlement statements: list, show, approve, dispute, reverse.");
        statements.Subcommands.Add(StatementList());
        statements.Subcommands.Add(StatementShow());
        statements.Subcommands.Add(StatementDecision("approve", "Approve a statement: the ESCO first, then the factory, which makes it final.", needsReason: false));
        statements.Subcommands.Add(StatementDecision("dispute", "Dispute a statement that is not final yet, with a reason.", needsReason: true));
        statements.Subcommands.Add(StatementDecision("reverse", "Reverse a final statement, with a reason; the period is then settled again.", needsReason: true));
        return statements;
    }

    private static Command StatementList()
    {
        var contract = new Option<string?>("--contract") { Description = "Only this contract's statements" };
        var state = new Option<string?>("--state") { Description = "Only statements in this state (draft, approved-by-esco, final, disputed, superseded, reversed)" };
        state.AcceptOnlyFromAmong([.. Enum.GetValues<StatementState>().Select(s => s.Code())]);
        var db = DbOption();
        var command = new Command("list", "List statements with their state.") { contract, state, db };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                await using var store = await OpenStoreAsync(parse.GetValue(db), create: false, token);
                var statements = await Run(() => new ContractLedger(store, SystemClock.Instance).Statements.ListAsync(parse.GetValue(contract), token));
                if (parse.GetValue(state) is { } wanted)
                {
                    statements = [.. statements.Where(s => s.State.Code() == wanted)];
                }

                if (statements.Count == 0)
                {
                    Console.WriteLine("no statements");
                    return 0;
                }

                var width = Math.Max(9, statements.Max(s => s.StatementId.Length));
                Console.WriteLine($"{"STATEMENT".PadRight(width)}  {"PERIOD",-8}  {"STATE",-16}  DRAFTED (UTC)");
                foreach (var s in statements)
                {
                    Console.WriteLine($"{s.StatementId.PadRight(width)}  {s.Period,-8}  {s.State.Code(),-16}  {s.DraftedAt.ToString("uuuu-MM-dd HH:mm", C)}");
                }

                return 0;
            },
            ct));
        return command;
    }

    private static Command StatementShow()
    {
        var id = new Argument<string>("id") { Description = "Statement id" };
        var json = new Option<bool>("--json") { Description = "Print only the statement document (canonical JSON, as recorded)" };
        var db = DbOption();
        var command = new Command("show", "Show a statement: its state, history and document.") { id, json, db };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                await using var store = await OpenStoreAsync(parse.GetValue(db), create: false, token);
                var statementId = parse.GetValue(id)!;
                var statement = await Run(() => new ContractLedger(store, SystemClock.Instance).Statements.GetAsync(statementId, token))
                    ?? throw new UserFacingException($"statement {statementId} is not in the ledger ({store.Description})");
                if (parse.GetValue(json))
                {
                    Console.WriteLine(Encoding.UTF8.GetString(statement.Document));
                    return 0;
                }

                Console.WriteLine($"statement  {statement.StatementId}");
                Console.WriteLine($"contract   {statement.ContractId}, period {statement.Period}");
                Console.WriteLine($"parties    ESCO '{statement.Esco}', factory '{statement.Factory}'");
                Console.WriteLine($"state      {statement.State.Code()}{(statement.Reason is { } reason ? $" ({reason})" : "")}");
                if (statement.Supersedes is { } supersedes)
                {
                    Console.WriteLine($"replaces   {supersedes}");
                }

                if (statement.SupersededBy is { } by)
                {
                    Console.WriteLine($"replaced by {by}");
                }

                Console.WriteLine($"document   sha256 {statement.DocumentDigest}; inputs {statement.InputDigest}");
                Console.WriteLine("history");
                foreach (var e in statement.History)
                {
                    var what = e.Type switch
                    {
                        LedgerEntryTypes.StatementDrafted => "drafted",
                        LedgerEntryTypes.StatementApproved => $"approved as {e.Role!.Value.Code()}",
                        LedgerEntryTypes.StatementDisputed => $"disputed as {e.Role!.Value.Code()}: {e.Reason}",
                        LedgerEntryTypes.StatementReversed => $"reversed as {e.Role!.Value.Code()}: {e.Reason}",
                        _ => e.Type,
                    };
                    Console.WriteLine(string.Create(C, $"  {e.Sequence,6}  {e.RecordedAt.ToString("uuuu-MM-dd HH:mm:ss'Z'", C)}  {what} by '{e.Actor}'  receipt {e.Sequence}:{e.EntryHash}"));
                }

                Console.WriteLine("document");
                using var parsed = JsonDocument.Parse(statement.Document);
                Console.WriteLine(JsonSerializer.Serialize(parsed.RootElement, Indented));
                return 0;
            },
            ct));
        return command;
    }

    private static Command StatementDecision(string verb, string description, bool needsReason)
    {
        var id = new Argument<string>("id") { Description = "Statement id" };
        var role = RoleOption();
        var reason = new Option<string?>("--reason") { Description = "Why (required)", Required = needsReason };
        var key = KeyOption("Your private key file (default: $ENERGYSOM_KEY, else keys/ROLE.pem)");
        var db = DbOption();
        var command = new Command(verb, description) { id, role, key, db };
        if (needsReason)
        {
            command.Options.Add(reason);
        }

        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                if (!PartyRoles.TryParse(parse.GetValue(role), out var asRole))
                {
                    throw new UserFacingException($"--as {parse.GetValue(role)}: esco or factory");
                }
                using var signer = LoadKey(parse.GetValue(key), asRole);
                await using var store = await OpenStoreAsync(parse.GetValue(db), create: false, token);
                var book = new ContractLedger(store, SystemClock.Instance).Statements;
                var statementId = parse.GetValue(id)!;
                var statement = await Run(() => verb switch
                {
                    "approve" => book.ApproveAsync(statementId, asRole, signer, token),
                    "dispute" => book.DisputeAsync(statementId, asRole, parse.GetValue(reason) ?? "", signer, token),
                    _ => book.ReverseAsync(statementId, asRole, parse.GetValue(reason) ?? "", signer, token),
                });
                var last = statement.History[^1];
                var past = verb switch { "approve" => "approved", "dispute" => "disputed", _ => "reversed" };
                Console.WriteLine($"statement {statement.StatementId} {past} by {asRole.Title()} ('{last.Actor}'): now {statement.State.Code()}");
                Console.WriteLine($"receipt: {last.Sequence}:{last.EntryHash}");
                return 0;
            },
            ct));
        return command;
    }

    // ---------------------------------------------------------------- ledger

    private static Command Ledger()
    {
        var ledger = new Command("ledger", "Verify the ledger, sign checkpoints, list entries.");
        ledger.Subcommands.Add(LedgerVerify());
        ledger.Subcommands.Add(LedgerCheckpoint());
        ledger.Subcommands.Add(LedgerLog());
        return ledger;
    }

    private static Command LedgerVerify()
    {
        var full = new Option<bool>("--full") { Description = "Verify every signature, trusting no checkpoint (slower: about 0.1 ms per entry per core)" };
        var receipts = new Option<string[]>("--receipt") { Description = "SEQUENCE:HASH of an entry you saw (repeatable): detects entries removed from the end" };
        var trusted = new Option<string[]>("--trusted-key") { Description = "A public key file you trust (repeatable): it must be registered in this ledger" };
        var db = DbOption();
        var command = new Command("verify", "Recompute the hash chain and check every link, digest, rule and signature; report the first altered entry.")
        {
            full, receipts, trusted, db,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                var options = new LedgerVerifyOptions
                {
                    AllSignatures = parse.GetValue(full),
                    Receipts = [.. (parse.GetValue(receipts) ?? []).Select(ParseReceipt)],
                    TrustedKeys = [.. (parse.GetValue(trusted) ?? []).Select(f => (ReadOnlyMemory<byte>)ReadPublicKey(f))],
                };
                await using var store = await OpenStoreAsync(parse.GetValue(db), create: false, token);
                var verification = await Run(() => LedgerVerifier.VerifyAsync(store, options, token));
                if (!verification.IsIntact)
                {
                    var fault = verification.Fault!;
                    Console.WriteLine(fault.Sequence > 0 ? $"ledger altered at entry {fault.Sequence}: {fault.Detail}" : $"ledger not trusted: {fault.Detail}");
                    Console.WriteLine($"  store: {store.Description}");
                    return 1;
                }

                Console.WriteLine(verification.Head is { } head
                    ? string.Create(C, $"ledger intact: {verification.Entries} entries, head {head.HashHex}")
                    : "ledger intact: 0 entries");
                Console.WriteLine($"  store: {store.Description}");
                Console.WriteLine(verification.Checkpoint is { } checkpoint
                    ? string.Create(C, $"  signatures: {verification.SignaturesChecked} verified; entries 1-{checkpoint.Through} vouched for by the checkpoint at entry {checkpoint.Sequence}, signed by '{checkpoint.Signer}' (--full checks them all)")
                    : string.Create(C, $"  signatures: {verification.SignaturesChecked} verified (every entry)"));
                foreach (var k in verification.Keys)
                {
                    Console.WriteLine(string.Create(C, $"  key {k.KeyId} '{k.Party}' (entry {k.RegisteredAt}{(k.RetiredAt is { } r ? $", replaced at {r}" : "")})"));
                }

                if (verification.Head is { } receiptHead)
                {
                    Console.WriteLine($"  receipt: {receiptHead.Sequence}:{receiptHead.HashHex}");
                }

                return 0;
            },
            ct));
        return command;
    }

    private static Command LedgerCheckpoint()
    {
        var key = KeyOption("Your private key file, which signs the checkpoint (default: $ENERGYSOM_KEY)");
        var full = new Option<bool>("--full") { Description = "Verify every signature before vouching, not only those after the last checkpoint" };
        var db = DbOption();
        var command = new Command("checkpoint", "Verify the ledger and record, signed, that it was intact up to its head (keeps later verification fast).") { key, full, db };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                using var signer = LoadKey(parse.GetValue(key), null);
                await using var store = await OpenStoreAsync(parse.GetValue(db), create: false, token);
                var ledger = new ContractLedger(store, SystemClock.Instance);
                var (verification, checkpoint) = await Run(() => ledger.Checkpoints.CreateAsync(signer, parse.GetValue(full), token));
                if (!verification.IsIntact)
                {
                    Console.WriteLine($"ledger altered at entry {verification.Fault!.Sequence}: {verification.Fault.Detail}");
                    Console.WriteLine("no checkpoint was recorded");
                    return 1;
                }

                if (checkpoint is null)
                {
                    Console.WriteLine("the ledger is empty: nothing to vouch for");
                    return 0;
                }

                Console.WriteLine(string.Create(C, $"checkpoint at entry {checkpoint.Sequence} vouches for entries 1-{verification.Entries} (head {verification.Head!.HashHex}), signed by '{checkpoint.Actor}'"));
                Console.WriteLine($"receipt: {checkpoint.Sequence}:{checkpoint.HashHex}");
                return 0;
            },
            ct));
        return command;
    }

    private static Command LedgerLog()
    {
        var from = new Option<long>("--from") { Description = "First entry to list", DefaultValueFactory = _ => 1 };
        var limit = new Option<int>("--limit") { Description = "How many entries", DefaultValueFactory = _ => 50 };
        var db = DbOption();
        var command = new Command("log", "List ledger entries as stored (not verified: use ledger verify).") { from, limit, db };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                var count = parse.GetValue(limit);
                if (count is < 1 or > 100_000)
                {
                    throw new UserFacingException($"--limit {count}: must be 1..100000");
                }

                await using var store = await OpenStoreAsync(parse.GetValue(db), create: false, token);
                var entries = await Run(() => store.ReadRangeAsync(Math.Max(0, parse.GetValue(from) - 1), count, token));
                foreach (var e in entries)
                {
                    Console.WriteLine(string.Create(C, $"{e.Sequence,6}  {e.RecordedAt.ToString("uuuu-MM-dd HH:mm:ss'Z'", C)}  {e.Type,-19}  {e.SubjectId}  by '{e.Actor}'  {e.HashHex[..16]}"));
                }

                return 0;
            },
            ct));
        return command;
    }

    // ---------------------------------------------------------------- wiring

    /// <summary>Opens the ledger store the options and environment select.</summary>
    internal static async Task<ILedgerStore> OpenStoreAsync(string? db, bool create, CancellationToken ct)
    {
        var postgres = Env("ENERGYSOM_POSTGRES");
        try
        {
            if (db is null && postgres is not null)
            {
                return await PostgresLedgerStore.OpenAsync(postgres, ct);
            }

            var path = db ?? Env("ENERGYSOM_DB") ?? DefaultDatabase;
            return SqliteLedgerStore.Open(path, create);
        }
        catch (LedgerStoreException ex)
        {
            throw new UserFacingException(
                create || db is not null || postgres is not null ? ex.Message : $"{ex.Message} (pass --db PATH, or set ENERGYSOM_POSTGRES)", ex);
        }
    }

    internal static PartyKey LoadKey(string? file, PartyRole? role)
    {
        var path = file ?? Env("ENERGYSOM_KEY") ?? (role is { } r ? Path.Combine("keys", r.Code() + ".pem") : null)
            ?? throw new UserFacingException("--key FILE: which private key signs? (or set ENERGYSOM_KEY)");
        if (!File.Exists(path))
        {
            throw new UserFacingException($"no key file {path}: pass --key FILE (create one with energysom keys create --party NAME)");
        }

        try
        {
            return PartyKey.Load(path, Env("ENERGYSOM_KEY_PASSPHRASE"));
        }
        catch (FormatException ex)
        {
            throw new UserFacingException(ex.Message, ex);
        }
    }

    private static byte[] ReadPublicKey(string path)
    {
        try
        {
            return PartyKey.PublicKeyFromPem(File.ReadAllText(path), Env("ENERGYSOM_KEY_PASSPHRASE"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new UserFacingException($"{path}: {ex.Message}", ex);
        }
    }

    private static LedgerReceipt ParseReceipt(string text)
    {
        try
        {
            return LedgerReceipt.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UserFacingException($"--receipt: {ex.Message}", ex);
        }
    }

    /// <summary>Runs a ledger operation, turning its refusals into one-line user-facing errors.</summary>
    internal static async Task<T> Run<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (WorkflowException ex)
        {
            throw new UserFacingException(ex.Message, ex);
        }
        catch (LedgerStoreException ex)
        {
            throw new UserFacingException(ex.Message, ex);
        }
    }

    /// <summary>An environment variable; set-but-empty counts as unset.</summary>
    internal static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static string PublicPathOf(string privatePath) =>
        privatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) ? privatePath[..^4] + ".pub.pem" : privatePath + ".pub.pem";

    private static string Slug(string party)
    {
        var slug = new string([.. party.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return slug.Length == 0 ? "party" : slug;
    }
}
