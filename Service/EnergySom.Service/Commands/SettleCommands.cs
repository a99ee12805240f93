using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EnergySom.Contracts.Definition;
using EnergySom.Contracts.Ledger;
using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using EnergySom.Metering.Storage;
using EnergySom.Service.Settlement;
using NodaTime;
using PartyRole = EnergySom.Contracts.Ledger.PartyRole;

namespace EnergySom.Service.Commands;

/// <summary>
/// <c>energysom contract add FILE</c> (register a checked contract in the ledger) and
/// <c>energysom settle --contract ID --period YYYY-MM [--json]</c> (settle a period from the stored readings and
/// record the statement as a draft).
/// </summary>
/// <remarks>
/// Composition only: the contract comes from the ledger, the tariffs from <c>--tariffs DIR</c>, the metered
/// energy and the frozen baseline's predictions from the reading store of <c>--data DIR</c>
/// (<see cref="SettlementReadings"/>); the settlement engine prices them and the ledger files the result.
/// </remarks>
public static class SettleCommands
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private static Option<string?> TariffsOption() => new("--tariffs")
    {
        Description = "Folder of tariff files (default: $ENERGYSOM_TARIFFS, else tariffs)",
    };

    /// <summary><c>contract add FILE</c>.</summary>
    public static Command Add()
    {
        var file = new Argument<string>("FILE") { Description = "Contract file (YAML or JSON)" };
        var tariffs = new Option<string?>("--tariffs") { Description = "Folder of tariff files: also check that the contract's tariffs exist and fit" };
        var esco = new Option<string?>("--esco") { Description = "The ESCO's party name in the ledger (default: the contract's parties.esco.id)" };
        var factory = new Option<string?>("--factory") { Description = "The factory's party name in the ledger (default: the contract's parties.host.id)" };
        var key = LedgerCommands.KeyOption("The ESCO's private key file, which signs the registration (default: $ENERGYSOM_KEY, else keys/esco.pem)");
        var db = LedgerCommands.DbOption();
        var command = new Command("add", "Check a contract file and register it (canonical definition and digest) in the ledger; adding it again changes nothing.")
        {
            file, tariffs, esco, factory, key, db,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                var path = parse.GetValue(file)!;
                Contract contract;
                try
                {
                    var library = parse.GetValue(tariffs) is { } folder ? TariffLoader.LoadDirectory(folder) : null;
                    contract = ContractLoader.Load(path, library);
                }
                catch (DefinitionException ex)
                {
                    // Checked before the ledger is opened: nothing is saved from an invalid file.
                    await ContractCommands.PrintErrorsAsync(path, ex);
                    return 1;
                }

                var escoParty = parse.GetValue(esco) ?? contract.Parties.Esco.Id;
                var factoryParty = parse.GetValue(factory) ?? contract.Parties.Host.Id;
                using var signer = LedgerCommands.LoadKey(parse.GetValue(key), PartyRole.Esco);
                await using var store = await LedgerCommands.OpenStoreAsync(parse.GetValue(db), create: true, token);
                var ledger = new ContractLedger(store, SystemClock.Instance);
                var (outcome, registered) = await LedgerCommands.Run(() => ledger.Contracts.RegisterAsync(
                    new ContractRegistration(contract.Id, escoParty, factoryParty, ContractJson.Canonical(contract)), signer, token));
                var entry = (await store.ReadRangeAsync(registered.Sequence - 1, 1, token)).Single();
                Console.WriteLine(outcome == RecordOutcome.Recorded
                    ? $"contract {contract.Id} v{contract.Version} registered (entry {registered.Sequence}): ESCO '{registered.Esco}', factory '{registered.Factory}'"
                    : $"contract {contract.Id} v{contract.Version} is already registered with this definition (entry {registered.Sequence}): nothing changed");
                Console.WriteLine($"  contract digest sha256:{ContractJson.Digest(contract)}");
                Console.WriteLine($"  document digest sha256:{registered.DocumentDigest}");
                Console.WriteLine($"receipt: {entry.Sequence}:{entry.HashHex}");
                return 0;
            },
            ct));
        return command;
    }

    /// <summary><c>settle --contract ID --period YYYY-MM [--json]</c>.</summary>
    public static Command Settle()
    {
        var contractId = new Option<string>("--contract") { Description = "A contract registered with energysom contract add", Required = true };
        var period = new Option<string>("--period") { Description = "The settlement period, e.g. 2025-03 (a month inside a quarterly or yearly period finds that period)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the statement as canonical JSON instead of the summary" };
        var tariffs = TariffsOption();
        var data = new Option<string?>("--data") { Description = "Data folder holding the embedded reading store (default: $ENERGYSOM_DATA, else data)" };
        var baselines = new Option<string?>("--baselines") { Description = "Folder of the frozen baseline result files (RESULT-ID.json), checked against the SHA-256 the contract pins (default: $ENERGYSOM_BASELINES, else baseline)" };
        var key = LedgerCommands.KeyOption("The ESCO's private key file, which signs the draft (default: $ENERGYSOM_KEY, else keys/esco.pem)");
        var db = LedgerCommands.DbOption();
        var command = new Command("settle", "Settle one period of a contract from the stored readings and record the statement as a draft in the ledger.")
        {
            contractId, period, json, tariffs, data, baselines, key, db,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            token => SettleAsync(
                parse.GetValue(contractId)!,
                parse.GetValue(period)!,
                parse.GetValue(json),
                parse.GetValue(tariffs) ?? LedgerCommands.Env("ENERGYSOM_TARIFFS") ?? "tariffs",
                parse.GetValue(data) ?? LedgerCommands.Env("ENERGYSOM_DATA") ?? "data",
                parse.GetValue(baselines) ?? LedgerCommands.Env("ENERGYSOM_BASELINES") ?? "baseline",
                parse.GetValue(key),
                parse.GetValue(db),
                token),
            ct));
        return command;
    }

    private static async Task<int> SettleAsync(string id, string periodLabel, bool asJson, string tariffFolder, string dataFolder, string baselineFolder, string? keyFile, string? db, CancellationToken ct)
    {
        using var signer = LedgerCommands.LoadKey(keyFile, PartyRole.Esco);
        await using var store = await LedgerCommands.OpenStoreAsync(db, create: false, ct);
        var ledger = new ContractLedger(store, SystemClock.Instance);
        var registered = await LedgerCommands.Run(() => ledger.Contracts.GetAsync(id, ct))
            ?? throw new UserFacingException($"contract {id} is not in the ledger ({store.Description}): register it with energysom contract add FILE");
        var contract = StoredContract(registered);

        TariffLibrary library;
        try
        {
            library = TariffLoader.LoadDirectory(tariffFolder);
            // The contract file's rules again, now against the tariffs settlement will use.
            ContractLoader.Parse(ContractJson.CanonicalText(contract), $"contract {contract.Id}", library);
        }
        catch (DefinitionException ex)
        {
            throw new UserFacingException($"tariffs in {tariffFolder}: {string.Join("; ", ex.Errors.Select(e => e.ToString()))}", ex);
        }

        var settlementPeriod = SettlementRun.FindPeriod(contract, periodLabel); // a mistaken period is named before the readings are opened
        SettlementRun.Outcome run;
        await using (var readingStore = OpenReadings(Path.Combine(Path.GetFullPath(dataFolder), Metering.Site.StoreSettings.Default.EmbeddedFile), dataFolder))
        {
            run = await SettlementRun.SettleAsync(ledger, contract, library, readingStore, settlementPeriod, baselineFolder, signer, ct);
        }

        var (statement, outcome, view, readings, baselineChecks) = run;
        if (asJson)
        {
            Console.WriteLine(StatementJson.CanonicalText(statement));
            return 0;
        }

        Console.Write(Summary(statement, readings));
        foreach (var check in baselineChecks)
        {
            Console.WriteLine($"  baseline   {check}");
        }

        Console.WriteLine(outcome == RecordOutcome.Recorded
            ? $"recorded as a draft (entry {view.History[^1].Sequence}){(view.Supersedes is { } old ? $"; it supersedes {old}" : "")}"
            : $"the same statement is already in the ledger ({view.State.Code()}): nothing recorded");
        Console.WriteLine($"receipt: {view.History[0].Sequence}:{view.History[0].EntryHash}");
        return 0;
    }

    /// <summary>The contract as registered: its canonical definition, read back and checked like a file.</summary>
    private static Contract StoredContract(RegisteredContract registered)
    {
        try
        {
            return ContractLoader.Parse(Encoding.UTF8.GetString(registered.Document), $"ledger entry {registered.Sequence} (contract {registered.ContractId})");
        }
        catch (DefinitionException ex)
        {
            throw new UserFacingException($"contract {registered.ContractId} in the ledger is not a contract definition this build reads: {ex.Errors[0]}", ex);
        }
    }

    private static EmbeddedReadingStore OpenReadings(string path, string dataFolder)
    {
        try
        {
            return EmbeddedReadingStore.OpenReadOnly(path);
        }
        catch (FileNotFoundException ex)
        {
            throw new UserFacingException($"no readings: {path} does not exist (has `energysom collect --data {dataFolder}` run?)", ex);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw new UserFacingException(ex.Message, ex);
        }
    }

    private static string Summary(SettlementStatement s, SettlementReadings readings)
    {
        var text = new StringBuilder();
        text.Append(C, $"statement {s.StatementId}\n");
        text.Append(C, $"  contract   {s.Contract.Id} v{s.Contract.Version} ({s.Contract.Type}), period {s.Period} ({s.PeriodFrom} to {s.PeriodTo}, contract year {s.ContractYear})\n");
        text.Append(C, $"  parties    ESCO {s.Parties.Esco.Name}; host {s.Parties.Host.Name}\n");
        foreach (var r in readings.Describe)
        {
            text.Append(C, $"  readings   {r}\n");
        }

        foreach (var line in s.Lines)
        {
            text.Append(C, $"  {Money(line.Amount),18}  {line.Description}\n");
        }

        text.Append(C, $"  {Money(s.SavingsValue),18}  savings value\n");
        foreach (var entry in s.Entries)
        {
            text.Append(C, $"  {Money(entry.Amount),18}  {entry.Description} ({entry.Party})\n");
        }

        text.Append(C, $"  {Money(s.EscoAmount),18}  to the ESCO\n");
        text.Append(C, $"  {Money(s.FactoryAmount),18}  to the factory\n");
        foreach (var p in s.Payments)
        {
            text.Append(C, $"  payment    {p.Payer} pays {p.Payee} {Money(p.Total)} (VAT {Money(p.Vat)})\n");
        }

        foreach (var q in s.DataQuality.Where(q => q.Missing > 0))
        {
            text.Append(C, $"  data       {q.Carrier}: {q.Missing} of {q.Expected} intervals missing, {q.Estimated} estimated\n");
        }

        text.Append(C, $"  engine     {s.EngineVersion}; digest {s.Digest}\n");
        return text.ToString();
    }

    private static string Money(decimal value) => value.ToString("N2", C) + " CNY";
}
