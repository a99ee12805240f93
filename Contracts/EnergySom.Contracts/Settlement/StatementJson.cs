using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EnergySom.Contracts.Definition;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// The canonical serialisation of a statement, its digest and id, and reading statements back (every schema
/// version: <c>energysom.statement/2</c> and the foundation's <c>energysom.statement/1</c>).
/// </summary>
/// <remarks>
/// Canonical JSON (see <see cref="CanonicalJsonWriter"/>): snake_case members in schema order, no whitespace,
/// decimals in shortest exact form. The digest is the SHA-256 of the canonical JSON of the statement without its
/// <c>statement_id</c> and <c>digest</c> members; the id is <c>{contract id}/{period}/{first 12 hex of the digest}</c>.
/// The ledger stores <see cref="Canonical"/> bytes and can check them with <see cref="Verify"/>.
/// </remarks>
public static class StatementJson
{
    /// <summary>Canonical JSON bytes (UTF-8) of the whole statement.</summary>
    public static byte[] Canonical(SettlementStatement statement) => Write(statement, withIdentity: true);

    public static string CanonicalText(SettlementStatement statement) => Encoding.UTF8.GetString(Canonical(statement));

    /// <summary>The digest a statement's content gives (lower-case hex SHA-256).</summary>
    public static string ComputeDigest(SettlementStatement statement) => Convert.ToHexStringLower(SHA256.HashData(Write(statement, withIdentity: false)));

    /// <summary>True when the statement's digest and id are those of its content (current schema only).</summary>
    public static bool Verify(SettlementStatement statement)
    {
        if (statement.SchemaVersion != SettlementStatement.CurrentSchemaVersion)
        {
            return false;
        }

        var digest = ComputeDigest(statement);
        return digest == statement.Digest && statement.StatementId == IdOf(statement, digest);
    }

    /// <summary>The statement with its digest and id computed from its content.</summary>
    public static SettlementStatement WithIdentity(SettlementStatement statement)
    {
        var digest = ComputeDigest(statement);
        return statement with { Digest = digest, StatementId = IdOf(statement, digest) };
    }

    /// <summary>Reads a statement of any schema version.</summary>
    /// <exception cref="JsonException">Not a statement, or of an unknown schema version.</exception>
    public static SettlementStatement Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        var schema = root.TryGetProperty("schema_version", out var s) ? s.GetString() : null;
        return schema switch
        {
            SettlementStatement.CurrentSchemaVersion => ReadV2(root),
            SettlementStatement.SchemaVersion1 => ReadV1(root),
            _ => throw new JsonException($"not a statement of a known schema (schema_version '{schema}')"),
        };
    }

    public static SettlementStatement Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    private static string IdOf(SettlementStatement statement, string digest) => $"{statement.Contract.Id}/{statement.Period}/{digest[..12]}";

    private static byte[] Write(SettlementStatement s, bool withIdentity)
    {
        var w = new CanonicalJsonWriter();
        w.BeginObject().Property("schema_version", s.SchemaVersion);
        if (withIdentity)
        {
            w.Property("statement_id", s.StatementId).Property("digest", s.Digest);
        }

        w.Name("contract").BeginObject()
            .Property("id", s.Contract.Id).Property("version", s.Contract.Version).Property("type", s.Contract.Type).Property("digest", s.Contract.Digest)
            .EndObject();
        w.Property("period", s.Period).Property("period_from", s.PeriodFrom).Property("period_to", s.PeriodTo)
            .Property("contract_year", s.ContractYear).Property("closes_contract_year", s.ClosesContractYear)
            .Property("time_zone", s.TimeZone).Property("currency", s.Currency);
        w.Name("parties").BeginObject();
        Party(w, "esco", s.Parties.Esco);
        Party(w, "host", s.Parties.Host);
        if (s.Parties.Financier is { } financier)
        {
            Party(w, "financier", financier);
        }

        w.EndObject();
        Lines(w, "lines", s.Lines);
        Lines(w, "cost_lines", s.CostLines);
        w.Property("savings_value", s.SavingsValue);
        Array(w, "carrier_totals", s.CarrierTotals, t => w.Property("carrier", t.Carrier).Property("unit", t.Unit).Property("metered", t.Metered)
            .Property("estimated", t.Estimated).Property("adjustments", t.Adjustments).Property("total", t.Total).Property("value", t.Value));
        Array(w, "entries", s.Entries, e => w.Property("code", e.Code).Property("clause", e.Clause).Property("description", e.Description)
            .Property("party", e.Party).Property("amount", e.Amount).Property("rate", e.Rate).Property("cash", e.Cash).Property("basis", e.Basis));
        Array(w, "payments", s.Payments, p => w.Property("payer", p.Payer).Property("payee", p.Payee).Property("amount", p.Amount)
            .Property("vat_rate", p.VatRate).Property("net_of_vat", p.NetOfVat).Property("vat", p.Vat).Property("total", p.Total));
        w.Property("esco_amount", s.EscoAmount).Property("financier_amount", s.FinancierAmount).Property("factory_amount", s.FactoryAmount);
        Array(w, "true_ups", s.TrueUps, t => w.Property("clause", t.Clause).Property("carrier", t.Carrier).Property("unit", t.Unit)
            .Property("contract_year", t.ContractYear).Property("guaranteed", t.Guaranteed).Property("verified", t.Verified)
            .Property("shortfall", t.Shortfall).Property("excess", t.Excess).Property("unit_price", t.UnitPrice));
        Array(w, "data_quality", s.DataQuality, q =>
        {
            w.Property("carrier", q.Carrier).Property("form", q.Form).Property("expected", q.Expected).Property("present", q.Present)
                .Property("missing", q.Missing).Property("estimated", q.Estimated);
            Array(w, "missing_ranges", q.MissingRanges, r => w.Property("from", r.From).Property("to", r.To).Property("count", r.Count));
        });
        Array(w, "disputed", s.Disputed, d => w.Property("carrier", d.Carrier).Property("from", d.From).Property("to", d.To)
            .Property("intervals", d.Intervals).Property("estimated_quantity", d.EstimatedQuantity).Property("estimated_value", d.EstimatedValue).Property("reason", d.Reason));
        var i = s.Inputs;
        w.Name("inputs").BeginObject();
        Array(w, "baseline_results", i.BaselineResults, b => w.Property("carrier", b.Carrier).Property("id", b.Id).Property("version", b.Version).Property("sha256", b.Sha256));
        Array(w, "tariffs", i.Tariffs, t => w.Property("carrier", t.Carrier).Property("id", t.Id).Property("version", t.Version).Property("effective_from", t.EffectiveFrom)
            .Property("from", t.From).Property("to", t.To).Property("source", t.Source).Property("prices", t.Prices).Property("sha256", t.Sha256));
        Array(w, "series", i.Series, x => w.Property("carrier", x.Carrier).Property("kind", x.Kind).Property("start", x.Start).Property("step", x.Step)
            .Property("count", x.Count).Property("sha256", x.Sha256));
        Array(w, "readings", i.Readings, r => w.Property("meter", r.Meter).Property("quantity", r.Quantity).Property("from", r.From).Property("to", r.To)
            .Property("count", r.Count).Property("sha256", r.Sha256));
        Array(w, "demand", i.Demand, d => w.Property("carrier", d.Carrier).Property("month", d.Month).Property("baseline", d.Baseline).Property("actual", d.Actual).Property("unit", d.Unit));
        Array(w, "adjustments", i.Adjustments, a => w.Property("id", a.Id).Property("carrier", a.Carrier).Property("date", a.Date).Property("quantity", a.Quantity)
            .Property("unit", a.Unit).Property("band", a.Band).Property("reason", a.Reason).Property("documented_by", a.DocumentedBy));
        Array(w, "prior_statements", i.PriorStatements, p => w.Property("statement_id", p.StatementId).Property("period", p.Period).Property("digest", p.Digest));
        w.Property("buyout_date", i.BuyoutDate);
        w.EndObject();
        var policies = s.Policies;
        w.Name("policies").BeginObject()
            .Property("band_split", policies.BandSplit).Property("missing_intervals", policies.MissingIntervals).Property("daily_allocation", policies.DailyAllocation)
            .Name("rounding").BeginObject().Property("step", policies.RoundingStep).Property("mode", policies.RoundingMode).EndObject()
            .Property("quantity_decimals", policies.QuantityDecimals).Property("demand_proration", policies.DemandProration).Property("guarantee_proration", policies.GuaranteeProration)
            .EndObject();
        w.Property("engine_version", s.EngineVersion);
        w.EndObject();
        return w.ToArray();
    }

    private static void Party(CanonicalJsonWriter w, string role, StatementParty party) =>
        w.Name(role).BeginObject().Property("id", party.Id).Property("name", party.Name).EndObject();

    private static void Lines(CanonicalJsonWriter w, string name, IReadOnlyList<StatementLine> lines) =>
        Array(w, name, lines, l =>
        {
            w.Property("code", l.Code).Property("section", l.Section).Property("carrier", l.Carrier).Property("description", l.Description)
                .Property("quantity", l.Quantity).Property("unit", l.Unit).Property("unit_price", l.UnitPrice).Property("amount", l.Amount)
                .Property("tariff", l.Tariff).Property("band", l.Band).Name("conversion");
            if (l.Conversion is { } c)
            {
                w.BeginObject().Property("from_quantity", c.FromQuantity).Property("from_unit", c.FromUnit).Property("factor", c.Factor).EndObject();
            }
            else
            {
                w.Null();
            }
        });

    private static void Array<T>(CanonicalJsonWriter w, string name, IEnumerable<T> items, Action<T> body)
    {
        w.Name(name).BeginArray();
        foreach (var item in items)
        {
            w.BeginObject();
            body(item);
            w.EndObject();
        }

        w.EndArray();
    }

    // ---- reading ------------------------------------------------------------------------------------------

    private static SettlementStatement ReadV2(JsonElement r)
    {
        var contract = r.GetProperty("contract");
        var parties = r.GetProperty("parties");
        var inputs = r.GetProperty("inputs");
        var policies = r.GetProperty("policies");
        return new SettlementStatement(
            Str(r, "schema_version"),
            Str(r, "statement_id"),
            Str(r, "digest"),
            new StatementContract(Str(contract, "id"), contract.GetProperty("version").GetInt32(), Str(contract, "type"), Str(contract, "digest")),
            Str(r, "period"),
            Str(r, "period_from"),
            Str(r, "period_to"),
            r.GetProperty("contract_year").GetInt32(),
            r.GetProperty("closes_contract_year").GetBoolean(),
            Str(r, "time_zone"),
            Str(r, "currency"),
            new StatementParties(
                ReadParty(parties.GetProperty("esco")),
                ReadParty(parties.GetProperty("host")),
                parties.TryGetProperty("financier", out var f) ? ReadParty(f) : null),
            ReadLines(r.GetProperty("lines")),
            ReadLines(r.GetProperty("cost_lines")),
            Dec(r, "savings_value"),
            List(r, "carrier_totals", t => new CarrierTotal(Str(t, "carrier"), Str(t, "unit"), Dec(t, "metered"), Dec(t, "estimated"), Dec(t, "adjustments"), Dec(t, "total"), Dec(t, "value"))),
            List(r, "entries", e => new StatementEntry(Str(e, "code"), Str(e, "clause"), Str(e, "description"), Str(e, "party"), Dec(e, "amount"), DecOrNull(e, "rate"), e.GetProperty("cash").GetBoolean(), Str(e, "basis"))),
            List(r, "payments", p => new StatementPayment(Str(p, "payer"), Str(p, "payee"), Dec(p, "amount"), Dec(p, "vat_rate"), Dec(p, "net_of_vat"), Dec(p, "vat"), Dec(p, "total"))),
            Dec(r, "esco_amount"),
            Dec(r, "financier_amount"),
            Dec(r, "factory_amount"),
            List(r, "true_ups", t => new GuaranteeTrueUp(Str(t, "clause"), Str(t, "carrier"), Str(t, "unit"), t.GetProperty("contract_year").GetInt32(), Dec(t, "guaranteed"), Dec(t, "verified"), Dec(t, "shortfall"), Dec(t, "excess"), Dec(t, "unit_price"))),
            List(r, "data_quality", q => new DataQuality(Str(q, "carrier"), Str(q, "form"), Int(q, "expected"), Int(q, "present"), Int(q, "missing"), Int(q, "estimated"),
                List(q, "missing_ranges", m => new MissingRange(Str(m, "from"), Str(m, "to"), Int(m, "count"))))),
            List(r, "disputed", d => new DisputedItem(Str(d, "carrier"), Str(d, "from"), Str(d, "to"), Int(d, "intervals"), DecOrNull(d, "estimated_quantity"), DecOrNull(d, "estimated_value"), Str(d, "reason"))),
            new StatementInputs(
                List(inputs, "baseline_results", b => new BaselineInput(Str(b, "carrier"), Str(b, "id"), Str(b, "version"), Str(b, "sha256"))),
                List(inputs, "tariffs", t => new TariffInput(Str(t, "carrier"), Str(t, "id"), Str(t, "version"), Str(t, "effective_from"), Str(t, "from"), Str(t, "to"), Str(t, "source"), Str(t, "prices"), Str(t, "sha256"))),
                List(inputs, "series", x => new SeriesInput(Str(x, "carrier"), Str(x, "kind"), Str(x, "start"), Str(x, "step"), Int(x, "count"), Str(x, "sha256"))),
                List(inputs, "readings", x => new ReadingInput(Str(x, "meter"), Str(x, "quantity"), Str(x, "from"), Str(x, "to"), Int(x, "count"), Str(x, "sha256"))),
                List(inputs, "demand", d => new DemandInput(Str(d, "carrier"), Str(d, "month"), Dec(d, "baseline"), Dec(d, "actual"), Str(d, "unit"))),
                List(inputs, "adjustments", a => new AdjustmentInput(Str(a, "id"), Str(a, "carrier"), Str(a, "date"), Dec(a, "quantity"), Str(a, "unit"), StrOrNull(a, "band"), Str(a, "reason"), Str(a, "documented_by"))),
                List(inputs, "prior_statements", p => new PriorStatementInput(Str(p, "statement_id"), Str(p, "period"), Str(p, "digest"))),
                StrOrNull(inputs, "buyout_date")),
            new StatementPolicies(
                Str(policies, "band_split"),
                Str(policies, "missing_intervals"),
                Str(policies, "daily_allocation"),
                Dec(policies.GetProperty("rounding"), "step"),
                Str(policies.GetProperty("rounding"), "mode"),
                Int(policies, "quantity_decimals"),
                Str(policies, "demand_proration"),
                Str(policies, "guarantee_proration")),
            Str(r, "engine_version"));
    }

    /// <summary>
    /// The foundation's statement (schema 1, as the demo wrote it with snake_case names): a shared-savings statement
    /// with priced lines, one ESCO share and flat version strings. Read into the current shape; what schema 1 did
    /// not record stays empty, and the schema version stays 1 so nobody mistakes it for a current statement.
    /// </summary>
    private static SettlementStatement ReadV1(JsonElement r)
    {
        var share = Dec(r, "esco_share");
        var escoAmount = Dec(r, "esco_amount");
        var lines = List(r, "lines", l => new StatementLine(
            Str(l, "code"), LineSections.Savings, Str(l, "code").StartsWith("gas", StringComparison.Ordinal) ? "natural_gas" : "electricity",
            Str(l, "description"), Dec(l, "quantity"), Str(l, "unit"), Dec(l, "unit_price"), Dec(l, "amount"), null, null, null));
        var tariffs = new List<TariffInput>();
        foreach (var (key, carrier) in new[] { ("tariff_version", "electricity"), ("gas_tariff_version", "natural_gas") })
        {
            if (StrOrNull(r, key) is { } version && version.Split('@') is [var id, var v])
            {
                tariffs.Add(new TariffInput(carrier, id, v, "", "", "", "", "", ""));
            }
        }

        var contractId = Str(r, "contract_id");
        return new SettlementStatement(
            SettlementStatement.SchemaVersion1,
            Str(r, "statement_id"),
            Str(r, "input_digest"),
            new StatementContract(contractId, 1, "shared_savings", ""),
            Str(r, "period"),
            "",
            "",
            0,
            false,
            "",
            "CNY",
            new StatementParties(new StatementParty("", Str(r, "esco")), new StatementParty("", Str(r, "factory")), null),
            lines,
            [],
            Dec(r, "savings_value"),
            [],
            [new StatementEntry("shared_savings.esco_share", "shared_savings", "ESCO share of the savings value", "esco", escoAmount, share, true, $"{CanonicalJsonWriter.Format(Dec(r, "savings_value"))} × {CanonicalJsonWriter.Format(share)}")],
            [],
            escoAmount,
            0m,
            Dec(r, "factory_amount"),
            [],
            [],
            [],
            new StatementInputs([new BaselineInput("", Str(r, "baseline_version"), "", "")], tariffs, [], [], [], [], [], null),
            new StatementPolicies(Str(r, "interval_policy"), "", "", 0.01m, Str(r, "rounding_policy"), 3, "", ""),
            Str(r, "engine_version"));
    }

    private static StatementParty ReadParty(JsonElement e) => new(Str(e, "id"), Str(e, "name"));

    private static List<StatementLine> ReadLines(JsonElement array) =>
        array.EnumerateArray().Select(l => new StatementLine(
            Str(l, "code"), Str(l, "section"), Str(l, "carrier"), Str(l, "description"), Dec(l, "quantity"), Str(l, "unit"), Dec(l, "unit_price"), Dec(l, "amount"),
            StrOrNull(l, "tariff"), StrOrNull(l, "band"),
            l.GetProperty("conversion") is { ValueKind: JsonValueKind.Object } c ? new VolumeConversion(Dec(c, "from_quantity"), Str(c, "from_unit"), Dec(c, "factor")) : null)).ToList();

    private static List<T> List<T>(JsonElement e, string name, Func<JsonElement, T> read) =>
        e.GetProperty(name).EnumerateArray().Select(read).ToList();

    private static string Str(JsonElement e, string name) =>
        e.GetProperty(name).GetString() ?? throw new JsonException($"{name} is null");

    private static string? StrOrNull(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static decimal Dec(JsonElement e, string name) => e.GetProperty(name).GetDecimal();

    private static decimal? DecOrNull(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;

    private static int Int(JsonElement e, string name) => e.GetProperty(name).GetInt32();
}
