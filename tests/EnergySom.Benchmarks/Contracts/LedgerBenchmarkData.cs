using System.Globalization;
using System.Text;
using EnergySom.Contracts.Ledger;
using EnergySom.Contracts.Storage.Sqlite;
using NodaTime;

namespace EnergySom.Benchmarks.Contracts;

/// <summary>
/// A realistic 100,002-entry ledger in a SQLite file, built once and cached in the temporary folder: two party
/// keys, 1,000 contracts, and 33 months of monthly settlement for each (draft with a ~1.2 KB statement document,
/// ESCO approval, factory approval), with a checkpoint signed by the ESCO every 10,000 entries up to entry
/// 95,000, so that the last ~5,000 entries (a busy settlement day) are vouched for by no checkpoint.
/// </summary>
internal static class LedgerBenchmarkData
{
    public const int Contracts = 1000;
    public const int Months = 33;
    private const string Esco = "Huadong Energy Services Co.";
    private const string Factory = "Suzhou Precision Metal Works";
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Path of the cached ledger, built when missing.</summary>
    public static string Ensure()
    {
        var path = Path.Combine(Path.GetTempPath(), "energysom-bench-ledger-v1.db");
        if (!File.Exists(path))
        {
            var building = path + ".building";
            File.Delete(building);
            BuildAsync(building).GetAwaiter().GetResult();
            File.Move(building, path);
        }

        return path;
    }

    private static async Task BuildAsync(string path)
    {
        using var esco = PartyKey.Generate();
        using var factory = PartyKey.Generate();
        var at = Instant.FromUtc(2023, 1, 1, 0, 0);
        var pending = new List<LedgerEntry>();
        LedgerEntry? last = null;
        await using var store = SqliteLedgerStore.Open(path);

        async Task Add(string type, string subject, string contract, string actor, PartyKey key, string json)
        {
            var payload = CanonicalJson.Canonicalize(json);
            var digest = CanonicalJson.Digest(payload);
            var sequence = (last?.Sequence ?? 0) + 1;
            var previous = last?.Hash ?? new byte[EntryHash.Size];
            at = at.Plus(Duration.FromSeconds(7));
            var hash = EntryHash.Compute(sequence, type, subject, contract, actor, key.KeyId, at, digest, previous, last?.Signature ?? []);
            last = new LedgerEntry(sequence, type, subject, contract, actor, key.KeyId, at, payload, digest, previous, hash, key.Sign(hash));
            pending.Add(last);
            if (sequence % 10_000 == 9_999 && sequence < 95_000)
            {
                await Add(LedgerEntryTypes.Checkpoint, "ledger", "", Esco, esco,
                    $$"""{"schema":"energysom.ledger/1","throughSequence":{{sequence}},"throughHash":"{{last.HashHex}}"}""");
            }

            if (pending.Count >= 10_000)
            {
                await store.AppendRangeAsync(pending);
                pending.Clear();
            }
        }

        await Add(LedgerEntryTypes.KeyRegistered, Esco, "", Esco, esco, KeyJson(Esco, esco));
        await Add(LedgerEntryTypes.KeyRegistered, Factory, "", Esco, esco, KeyJson(Factory, factory));
        for (var c = 0; c < Contracts; c++)
        {
            var id = ContractId(c);
            var document = CanonicalJson.Canonicalize($$"""{"contractId":"{{id}}","type":"shared-savings","escoShareByYear":[0.80,0.70,0.50],"site":"site-{{c}}","meters":["M1","M2","M3"],"tariff":"jiangsu-2025-tou@v3"}""");
            await Add(LedgerEntryTypes.ContractRegistered, id, id, Esco, esco,
                $$"""{"schema":"energysom.ledger/1","contractId":"{{id}}","esco":"{{Esco}}","factory":"{{Factory}}","documentDigest":"{{CanonicalJson.DigestHex(document)}}","document":{{Encoding.UTF8.GetString(document)}}}""");
        }

        for (var m = 0; m < Months; m++)
        {
            var period = new YearMonth(2023, 1).PlusMonths(m).ToString("yyyy-MM", C);
            for (var c = 0; c < Contracts; c++)
            {
                var contract = ContractId(c);
                var document = StatementDocument(contract, period, c, m);
                var documentDigest = CanonicalJson.DigestHex(document);
                var statementId = $"{contract}/{period}/{documentDigest[..12]}";
                await Add(LedgerEntryTypes.StatementDrafted, statementId, contract, Esco, esco,
                    $$"""{"schema":"energysom.ledger/1","statementId":"{{statementId}}","contractId":"{{contract}}","period":"{{period}}","inputDigest":"{{documentDigest}}","documentDigest":"{{documentDigest}}","supersedes":null,"document":{{Encoding.UTF8.GetString(document)}}}""");
                await Add(LedgerEntryTypes.StatementApproved, statementId, contract, Esco, esco, DecisionJson(statementId, "esco", documentDigest));
                await Add(LedgerEntryTypes.StatementApproved, statementId, contract, Factory, factory, DecisionJson(statementId, "factory", documentDigest));
            }
        }

        await store.AppendRangeAsync(pending);
    }

    private static string ContractId(int c) => string.Create(C, $"EPC-{2023 + (c % 3)}-{c:0000}");

    private static string KeyJson(string party, PartyKey key) =>
        $$"""{"schema":"energysom.ledger/1","party":"{{party}}","keyId":"{{key.KeyId}}","publicKey":"{{Convert.ToBase64String(key.PublicKey.Span)}}","replaces":null}""";

    private static string DecisionJson(string statementId, string role, string digest) =>
        $$"""{"schema":"energysom.ledger/1","statementId":"{{statementId}}","role":"{{role}}","documentDigest":"{{digest}}","reason":null}""";

    /// <summary>A statement document shaped like the settlement engine's (about 1.2 KB of canonical JSON).</summary>
    private static byte[] StatementDocument(string contract, string period, int c, int m)
    {
        var kwh = 1000 + (c * 37 + m * 11) % 5000;
        var lines = string.Join(",", new[] { ("peak", 1.1050m), ("flat", 0.6500m), ("valley", 0.2470m) }.Select((band, i) =>
            string.Create(C, $$"""{"code":"electricity.{{band.Item1}}","description":"Avoided electricity, {{band.Item1}}","quantity":{{kwh + i * 100}}.125,"unit":"kWh","unitPrice":{{band.Item2}},"amount":{{Math.Round((kwh + i * 100 + 0.125m) * band.Item2, 2)}}}""")));
        return CanonicalJson.Canonicalize(string.Create(C, $$"""
            {"schemaVersion":"energysom.statement/1","statementId":"pending","contractId":"{{contract}}","period":"{{period}}",
             "lines":[{{lines}},{"code":"gas","description":"Avoided natural gas (m³ at 20 °C)","quantity":{{c + m}}.322,"unit":"m3@20C","unitPrice":3.80,"amount":{{(c + m) * 3.8m:0.00}}}],
             "savingsValue":{{kwh * 2}}.48,"escoShare":0.70,"escoAmount":{{kwh}}.34,"factoryAmount":{{kwh}}.14,
             "esco":"{{Esco}}","factory":"{{Factory}}","tariffVersion":"jiangsu-2025-tou@v3","gasTariffVersion":"suzhou-gas-2025@v1",
             "baselineVersion":"towt/2024-01..2024-12@1","engineVersion":"settlement/1","roundingPolicy":"0.01 CNY, AwayFromZero",
             "intervalPolicy":"interval start decides the band (intervals align with band edges)"}
            """));
    }
}
