using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Contracts.Definition;

/// <summary>
/// Reads a contract file (YAML, or JSON) into a validated <see cref="Contract"/>. Every error names the file,
/// line, column and field; all errors are reported together; nothing is returned from an invalid file.
/// </summary>
/// <remarks>
/// The format is documented in docs/contracts/contract-format.md. Reading is in two passes: the fields (shape,
/// types, ranges, unknown fields) and then the rules across fields (contract type against its payment terms,
/// periods against the term, carriers of clauses and measures against the scope, tariff references against a
/// tariff library when one is given). The canonical JSON of a contract (<see cref="ContractJson"/>) is itself a
/// valid contract file.
/// </remarks>
public static class ContractLoader
{
    private static readonly string[] TopKeys =
    [
        "schema", "id", "version", "title", "type", "parties", "site", "time_zone", "currency", "vat", "carriers", "measures",
        "mv", "term", "settlement", "policies", "payment_terms", "limits", "escalation", "early_buyout",
    ];

    /// <summary>Reads and validates a contract file; <paramref name="tariffs"/>, when given, must hold the tariffs it references.</summary>
    /// <exception cref="DefinitionException">The file cannot be read or is not a valid contract.</exception>
    public static Contract Load(string path, TariffLibrary? tariffs = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DefinitionException([new DefinitionError(path, 0, 0, "(file)", $"cannot read: {ex.Message}")], ex);
        }

        return Parse(text, path, tariffs);
    }

    /// <summary>Validates contract text; <paramref name="fileName"/> is used in error messages.</summary>
    /// <exception cref="DefinitionException">The text is not a valid contract.</exception>
    public static Contract Parse(string text, string fileName, TariffLibrary? tariffs = null)
    {
        var document = DefinitionDocument.Parse(text, fileName, out var root);
        var top = root?.Mapping(TopKeys);
        if (top is null)
        {
            document.ThrowIfErrors();
            throw new InvalidOperationException("unreachable: a document without a root has errors");
        }

        var reader = new Reader(document);
        var draft = reader.ReadFields(top);
        document.ThrowIfErrors();
        var contract = draft.Build();
        new ContractRules(document, contract, tariffs).Check();
        document.ThrowIfErrors();
        return contract;
    }

    /// <summary>The first pass: every field, with its shape, type and range.</summary>
    private sealed class Reader(DefinitionDocument document)
    {
        public Draft ReadFields(MappingReader top)
        {
            var schema = top.Required("schema");
            if (schema.String() is { } schemaValue && schemaValue != Contract.SchemaId)
            {
                schema.Error($"expected '{Contract.SchemaId}', found '{schemaValue}'");
            }

            var draft = new Draft
            {
                Id = top.Required("id").Identifier(),
                Version = top.Has("version") ? top.Optional("version").Int(1, 1000) : 1,
                Title = top.Required("title").String(),
                Type = top.Required("type").Code(DefinitionCodes.ContractTypes),
                Parties = ReadParties(top.Required("parties")),
                Site = ReadSite(top.Required("site")),
                Zone = top.Has("time_zone") ? ReadZone(top.Optional("time_zone")) : DateTimeZoneProviders.Tzdb["Asia/Shanghai"],
                Currency = top.Has("currency") ? ReadCurrency(top.Optional("currency")) : "CNY",
                Vat = ReadVat(top.Required("vat")),
                Mv = ReadMv(top.Required("mv")),
                Term = ReadTerm(top.Required("term")),
                Frequency = top.Required("settlement").Mapping("frequency")?.Required("frequency").Code(DefinitionCodes.Frequencies),
                Policies = ReadPolicies(top.Required("policies")),
                Limits = top.Has("limits") ? ReadLimits(top.Optional("limits")) : PaymentLimits.None,
                Escalation = top.Has("escalation") ? ReadEscalation(top.Optional("escalation")) : null,
                EarlyBuyout = top.Has("early_buyout") ? ReadBuyout(top.Optional("early_buyout")) : null,
            };
            draft.Carriers = ReadCarriers(top.Required("carriers"));
            draft.Measures = ReadMeasures(top.Required("measures"));
            draft.Clauses = ReadClauses(top.Required("payment_terms"), draft.Carriers);
            return draft;
        }

        private static ContractParties? ReadParties(DefinitionNode node)
        {
            var map = node.Mapping("esco", "host", "financier");
            if (map is null)
            {
                return null;
            }

            var esco = ReadParty(map.Required("esco"));
            var host = ReadParty(map.Required("host"));
            var financier = map.Has("financier") ? ReadParty(map.Optional("financier")) : null;
            return esco is null || host is null ? null : new ContractParties(esco, host, financier);
        }

        private static Party? ReadParty(DefinitionNode node)
        {
            var map = node.Mapping("id", "name", "credit_code");
            if (map is null)
            {
                return null;
            }

            var id = map.Required("id").Identifier();
            var name = map.Required("name").String();
            string? code = null;
            if (map.Has("credit_code"))
            {
                var codeNode = map.Optional("credit_code");
                code = codeNode.String();
                if (code is not null && (code.Length != 18 || !code.All(char.IsAsciiLetterOrDigit)))
                {
                    codeNode.Error($"'{code}' is not a unified social credit code (18 letters and digits)");
                }
            }

            return id is null || name is null ? null : new Party(id, name, code);
        }

        private static Site? ReadSite(DefinitionNode node)
        {
            var map = node.Mapping("id", "name", "address");
            if (map is null)
            {
                return null;
            }

            var id = map.Required("id").Identifier();
            var name = map.Required("name").String();
            var address = map.Has("address") ? map.Optional("address").String() : null;
            return id is null || name is null ? null : new Site(id, name, address);
        }

        private static DateTimeZone? ReadZone(DefinitionNode node)
        {
            var id = node.String();
            if (id is null)
            {
                return null;
            }

            var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);
            if (zone is null)
            {
                node.Error($"'{id}' is not an IANA time zone (e.g. Asia/Shanghai)");
            }

            return zone;
        }

        private static string? ReadCurrency(DefinitionNode node)
        {
            var value = node.String();
            if (value is not null && value != "CNY")
            {
                node.Error($"'{value}' is not supported: contracts settle in CNY");
                return null;
            }

            return value;
        }

        private static VatTerms? ReadVat(DefinitionNode node)
        {
            var map = node.Mapping("rate", "amounts_include_vat");
            if (map is null)
            {
                return null;
            }

            var rateNode = map.Required("rate");
            var rate = rateNode.Fraction();
            if (rate is { } r && !VatTerms.KnownRates.Contains(r))
            {
                rateNode.Error($"{r} is not a Chinese VAT rate ({string.Join(", ", VatTerms.KnownRates.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)))})");
                rate = null;
            }

            var include = map.Has("amounts_include_vat") ? map.Optional("amounts_include_vat").Bool() : true;
            return rate is null || include is null ? null : new VatTerms(rate.Value, include.Value);
        }

        private static MeasurementAndVerification? ReadMv(DefinitionNode node)
        {
            var map = node.Mapping("option", "baseline_period", "reporting_period");
            if (map is null)
            {
                return null;
            }

            var optionNode = map.Required("option");
            MvOption? option = null;
            if (optionNode.String() is "D")
            {
                optionNode.Error("IPMVP option D (calibrated simulation) is not supported; use A, B or C");
            }
            else
            {
                option = optionNode.Code(DefinitionCodes.MvOptions);
            }

            var baseline = ReadRange(map.Required("baseline_period"));
            var reporting = ReadRange(map.Required("reporting_period"));
            return option is null || baseline is null || reporting is null ? null : new MeasurementAndVerification(option.Value, baseline.Value, reporting.Value);
        }

        private static LocalDateRange? ReadRange(DefinitionNode node)
        {
            var map = node.Mapping("from", "to");
            if (map is null)
            {
                return null;
            }

            var from = map.Required("from").Date();
            var toNode = map.Required("to");
            var to = toNode.Date();
            if (from is null || to is null)
            {
                return null;
            }

            if (to <= from)
            {
                toNode.Error($"{to:yyyy-MM-dd} must be after from ({from:yyyy-MM-dd}); periods are half-open [from, to)");
                return null;
            }

            return new LocalDateRange(from.Value, to.Value);
        }

        private static ContractTerm? ReadTerm(DefinitionNode node)
        {
            var map = node.Mapping("start", "years");
            if (map is null)
            {
                return null;
            }

            var startNode = map.Required("start");
            var start = startNode.Date();
            if (start is { Day: not 1 })
            {
                startNode.Error($"{start:yyyy-MM-dd}: the term starts on the first day of a month (settlement periods are whole months)");
                start = null;
            }

            var years = map.Required("years").Int(1, 30);
            return start is null || years is null ? null : new ContractTerm(start.Value, years.Value);
        }

        private static SettlementPolicies? ReadPolicies(DefinitionNode node)
        {
            var map = node.Mapping("band_split", "missing_intervals", "daily_allocation", "rounding");
            if (map is null)
            {
                return null;
            }

            var split = map.Required("band_split").Code(DefinitionCodes.BandSplits);
            var missing = map.Required("missing_intervals").Code(DefinitionCodes.MissingIntervals);
            var allocation = map.Required("daily_allocation").Code(DefinitionCodes.DailyAllocations);
            var rounding = ReadRounding(map.Required("rounding"));
            return split is null || missing is null || allocation is null || rounding is null
                ? null
                : new SettlementPolicies(split.Value, missing.Value, allocation.Value, rounding);
        }

        private static RoundingPolicy? ReadRounding(DefinitionNode node)
        {
            var map = node.Mapping("step", "mode");
            if (map is null)
            {
                return null;
            }

            var stepNode = map.Required("step");
            var step = stepNode.Decimal(0m, minExclusive: true);
            if (step is { } s && !RoundingPolicy.AllowedSteps.Contains(s))
            {
                stepNode.Error($"{s} is not a rounding step for CNY (0.01 fen, 0.1 jiao or 1 yuan)");
                step = null;
            }

            var mode = map.Required("mode").Code(DefinitionCodes.RoundingModes);
            return step is null || mode is null ? null : new RoundingPolicy(step.Value, mode.Value);
        }

        private static PaymentLimits? ReadLimits(DefinitionNode node)
        {
            var map = node.Mapping("esco_cap_total", "esco_cap_per_year", "minimum_payment_per_period");
            if (map is null)
            {
                return null;
            }

            decimal? Amount(string key) => map.Has(key) ? map.Optional(key).Decimal(0m, minExclusive: true) : null;
            return new PaymentLimits(Amount("esco_cap_total"), Amount("esco_cap_per_year"), Amount("minimum_payment_per_period"));
        }

        private static Escalation? ReadEscalation(DefinitionNode node)
        {
            var map = node.Mapping("rate_per_year", "applies_to");
            if (map is null)
            {
                return null;
            }

            var rate = map.Required("rate_per_year").Decimal(0m, 0.5m, minExclusive: true);
            var targetsNode = map.Required("applies_to");
            var targets = new List<EscalationTarget>();
            foreach (var item in targetsNode.Items(1) ?? [])
            {
                if (item.Code(DefinitionCodes.EscalationTargets) is { } target)
                {
                    if (targets.Contains(target))
                    {
                        item.Error($"'{target.Code()}' is listed twice");
                    }

                    targets.Add(target);
                }
            }

            return rate is null ? null : new Escalation(rate.Value, targets);
        }

        private static EarlyBuyout? ReadBuyout(DefinitionNode node)
        {
            var map = node.Mapping("amount_by_year", "payee");
            if (map is null)
            {
                return null;
            }

            var amounts = (map.Required("amount_by_year").Items(1) ?? []).Select(i => i.Decimal(0m)).ToList();
            var payee = map.Has("payee") ? map.Optional("payee").Code(DefinitionCodes.BuyoutPayees) : PartyRole.Esco;
            return payee is null || amounts.Any(a => a is null) ? null : new EarlyBuyout(amounts.Select(a => a!.Value).ToList(), payee.Value);
        }

        private static List<CarrierDraft> ReadCarriers(DefinitionNode node)
        {
            var carriers = new List<CarrierDraft>();
            foreach (var item in node.Items(1) ?? [])
            {
                var map = item.Mapping("carrier", "meters", "tariff", "volume_basis", "demand_savings", "valuation", "baseline");
                if (map is null)
                {
                    continue;
                }

                var carrierNode = map.Required("carrier");
                var carrier = carrierNode.Code(DefinitionCodes.Carriers);
                var draft = new CarrierDraft { Carrier = carrier, Path = item.Path };
                if (carrier is { } c && carriers.Any(other => other.Carrier == c))
                {
                    carrierNode.Error($"carrier {c.Code()} is listed twice");
                }

                var meters = new List<string>();
                foreach (var meter in map.Required("meters").Items(1) ?? [])
                {
                    if (meter.Identifier() is { } id)
                    {
                        meters.Add(id);
                    }
                }

                draft.Meters = meters;
                draft.Tariff = map.Required("tariff").Identifier();
                if (carrier == EnergyCarrier.NaturalGas)
                {
                    draft.VolumeBasis = map.Required("volume_basis").Code(DefinitionCodes.VolumeBases);
                    if (map.Has("demand_savings"))
                    {
                        map.Optional("demand_savings").Error("demand savings apply to electricity only");
                    }
                }
                else if (carrier == EnergyCarrier.Electricity)
                {
                    if (map.Has("volume_basis"))
                    {
                        map.Optional("volume_basis").Error("a volume basis applies to natural gas only");
                    }

                    draft.DemandSavings = map.Has("demand_savings") ? map.Optional("demand_savings").Bool() ?? false : false;
                }

                draft.Valuation = map.Has("valuation") ? ReadValuation(map.Optional("valuation")) : SavingsValuation.AtTariff;
                (draft.Model, draft.Result) = ReadBaseline(map.Required("baseline"));
                carriers.Add(draft);
            }

            return carriers;
        }

        private static SavingsValuation? ReadValuation(DefinitionNode node)
        {
            var map = node.Mapping("method", "unit_price", "price_floor");
            if (map is null)
            {
                return null;
            }

            var method = map.Required("method").Code(DefinitionCodes.Valuations);
            decimal? price = null;
            decimal? floor = null;
            if (method == ValuationMethod.AgreedPrice)
            {
                price = map.Required("unit_price").Decimal(0m, 100m, minExclusive: true);
                if (map.Has("price_floor"))
                {
                    map.Optional("price_floor").Error("a price floor applies to tariff valuation only (an agreed price is fixed)");
                }
            }
            else if (method == ValuationMethod.Tariff)
            {
                if (map.Has("unit_price"))
                {
                    map.Optional("unit_price").Error("a unit price applies to agreed_price valuation only");
                }

                floor = map.Has("price_floor") ? map.Optional("price_floor").Decimal(0m, 100m, minExclusive: true) : null;
            }

            return method is null ? null : new SavingsValuation(method.Value, price, floor);
        }

        private static (BaselineModelSpec?, BaselineResultReference?) ReadBaseline(DefinitionNode node)
        {
            var map = node.Mapping("method", "drivers", "description", "result");
            if (map is null)
            {
                return (null, null);
            }

            var methodNode = map.Required("method");
            var method = methodNode.String();
            if (method is not null && !BaselineModelSpec.KnownMethods.Contains(method))
            {
                methodNode.Error($"'{method}' is not a baseline method ({string.Join(", ", BaselineModelSpec.KnownMethods)})");
                method = null;
            }

            var drivers = map.Has("drivers") ? (map.Optional("drivers").Items() ?? []).Select(d => d.Identifier()).OfType<string>().ToList() : [];
            var description = map.Has("description") ? map.Optional("description").String(2000) : null;
            var resultMap = map.Required("result").Mapping("id", "version", "sha256");
            BaselineResultReference? result = null;
            if (resultMap is not null)
            {
                var id = resultMap.Required("id").Identifier();
                var version = resultMap.Required("version").Identifier();
                var sha = resultMap.Required("sha256").Sha256();
                result = id is null || version is null || sha is null ? null : new BaselineResultReference(id, version, sha);
            }

            return (method is null ? null : new BaselineModelSpec(method, drivers, description), result);
        }

        private static List<ConservationMeasure> ReadMeasures(DefinitionNode node)
        {
            var measures = new List<ConservationMeasure>();
            foreach (var item in node.Items(1) ?? [])
            {
                var map = item.Mapping("id", "name", "carriers");
                if (map is null)
                {
                    continue;
                }

                var id = map.Required("id").Identifier();
                var name = map.Required("name").String();
                var carriers = ReadCarrierList(map.Required("carriers"));
                if (id is not null && name is not null && carriers is not null)
                {
                    measures.Add(new ConservationMeasure(id, name, carriers));
                }
            }

            return measures;
        }

        private static List<EnergyCarrier>? ReadCarrierList(DefinitionNode node)
        {
            var items = node.Items(1);
            if (items is null)
            {
                return null;
            }

            var carriers = new List<EnergyCarrier>();
            foreach (var item in items)
            {
                if (item.Code(DefinitionCodes.Carriers) is { } carrier)
                {
                    if (carriers.Contains(carrier))
                    {
                        item.Error($"{carrier.Code()} is listed twice");
                    }

                    carriers.Add(carrier);
                }
            }

            return carriers;
        }

        private List<ClauseDraft> ReadClauses(DefinitionNode node, List<CarrierDraft> scope)
        {
            var map = node.Mapping("shared_savings", "guaranteed_savings", "energy_cost_trusteeship", "finance_lease");
            var clauses = new List<ClauseDraft>();
            if (map is null)
            {
                return clauses;
            }

            var all = scope.Select(c => c.Carrier).OfType<EnergyCarrier>().ToList();
            foreach (var key in new[] { "shared_savings", "guaranteed_savings", "energy_cost_trusteeship", "finance_lease" })
            {
                if (!map.Has(key))
                {
                    continue;
                }

                var clauseNode = map.Optional(key);
                var draft = key switch
                {
                    "shared_savings" => ReadShared(clauseNode, all),
                    "guaranteed_savings" => ReadGuaranteed(clauseNode, all),
                    "energy_cost_trusteeship" => ReadTrusteeship(clauseNode, all),
                    _ => ReadLease(clauseNode, all),
                };
                if (draft is not null)
                {
                    clauses.Add(draft);
                }
            }

            if (clauses.Count == 0 && !document.HasErrors)
            {
                node.Error("must give the terms of at least one contract type (shared_savings, guaranteed_savings, energy_cost_trusteeship, finance_lease)");
            }

            return clauses;
        }

        private static List<EnergyCarrier> ClauseCarriers(MappingReader map, List<EnergyCarrier> all) =>
            map.Has("carriers") ? ReadCarrierList(map.Optional("carriers")) ?? [] : all;

        private static ClauseDraft? ReadShared(DefinitionNode node, List<EnergyCarrier> all)
        {
            var map = node.Mapping("carriers", "esco_share_by_year");
            if (map is null)
            {
                return null;
            }

            var carriers = ClauseCarriers(map, all);
            var shares = (map.Required("esco_share_by_year").Items(1) ?? []).Select(i => i.Fraction()).ToList();
            return shares.Any(s => s is null) ? null : new ClauseDraft(node.Path, new SharedSavingsClause(carriers, shares.Select(s => s!.Value).ToList()));
        }

        private static ClauseDraft? ReadGuaranteed(DefinitionNode node, List<EnergyCarrier> all)
        {
            var map = node.Mapping("carriers", "guarantees", "service_fee_per_year", "excess");
            if (map is null)
            {
                return null;
            }

            var carriers = ClauseCarriers(map, all);
            var guarantees = ReadGuarantees(map.Required("guarantees"));
            var fee = map.Required("service_fee_per_year").Decimal(0m);
            var excessMap = map.Required("excess").Mapping("treatment", "esco_share");
            ExcessSavingsTreatment? treatment = null;
            decimal? share = null;
            if (excessMap is not null)
            {
                treatment = excessMap.Required("treatment").Code(DefinitionCodes.ExcessTreatments);
                if (treatment == ExcessSavingsTreatment.Shared)
                {
                    var shareNode = excessMap.Required("esco_share");
                    share = shareNode.Fraction();
                    if (share is 0m or 1m)
                    {
                        shareNode.Error($"a shared excess needs a share strictly between 0 and 1 (use kept_by_host or kept_by_esco for {share})");
                        share = null;
                    }
                }
                else if (treatment is not null)
                {
                    if (excessMap.Has("esco_share"))
                    {
                        excessMap.Optional("esco_share").Error($"an ESCO share applies only when the excess is shared (treatment: shared)");
                    }

                    share = treatment == ExcessSavingsTreatment.KeptByEsco ? 1m : 0m;
                }
            }

            return guarantees is null || fee is null || treatment is null || share is null
                ? null
                : new ClauseDraft(node.Path, new GuaranteedSavingsClause(carriers, guarantees, fee.Value, treatment.Value, share.Value));
        }

        private static List<SavingsGuarantee>? ReadGuarantees(DefinitionNode node)
        {
            var items = node.Items(1);
            if (items is null)
            {
                return null;
            }

            var guarantees = new List<SavingsGuarantee>();
            var ok = true;
            foreach (var item in items)
            {
                var map = item.Mapping("carrier", "quantity_per_year", "unit_price");
                if (map is null)
                {
                    ok = false;
                    continue;
                }

                var carrier = map.Required("carrier").Code(DefinitionCodes.Carriers);
                var quantity = map.Required("quantity_per_year").Decimal(0m, minExclusive: true);
                var price = map.Required("unit_price").Decimal(0m, 100m, minExclusive: true);
                if (carrier is null || quantity is null || price is null)
                {
                    ok = false;
                    continue;
                }

                guarantees.Add(new SavingsGuarantee(carrier.Value, quantity.Value, price.Value));
            }

            return ok ? guarantees : null;
        }

        private static ClauseDraft? ReadTrusteeship(DefinitionNode node, List<EnergyCarrier> all)
        {
            var map = node.Mapping("carriers", "fee_per_year", "utility_bills_paid_by");
            if (map is null)
            {
                return null;
            }

            var carriers = ClauseCarriers(map, all);
            var fee = map.Required("fee_per_year").Decimal(0m, minExclusive: true);
            var payer = map.Required("utility_bills_paid_by").Code(DefinitionCodes.BillPayers);
            return fee is null || payer is null ? null : new ClauseDraft(node.Path, new EnergyCostTrusteeshipClause(carriers, fee.Value, payer.Value));
        }

        private static ClauseDraft? ReadLease(DefinitionNode node, List<EnergyCarrier> all)
        {
            var map = node.Mapping("carriers", "payment_per_period", "payments", "vat_rate", "guarantees");
            if (map is null)
            {
                return null;
            }

            var carriers = ClauseCarriers(map, all);
            var payment = map.Required("payment_per_period").Decimal(0m, minExclusive: true);
            var payments = map.Required("payments").Int(1, 360);
            decimal? vat = null;
            if (map.Has("vat_rate"))
            {
                var vatNode = map.Optional("vat_rate");
                vat = vatNode.Fraction();
                if (vat is { } v && !VatTerms.KnownRates.Contains(v))
                {
                    vatNode.Error($"{v} is not a Chinese VAT rate");
                    return null;
                }
            }

            var guarantees = ReadGuarantees(map.Required("guarantees"));
            return payment is null || payments is null || guarantees is null
                ? null
                : new ClauseDraft(node.Path, new FinanceLeaseClause(carriers, payment.Value, payments.Value, guarantees, vat));
        }
    }

    private sealed class CarrierDraft
    {
        public string Path { get; init; } = "";

        public EnergyCarrier? Carrier { get; init; }

        public List<string> Meters { get; set; } = [];

        public string? Tariff { get; set; }

        public GasVolumeBasis? VolumeBasis { get; set; }

        public bool DemandSavings { get; set; }

        public SavingsValuation? Valuation { get; set; }

        public BaselineModelSpec? Model { get; set; }

        public BaselineResultReference? Result { get; set; }

        public CarrierScope Build() => new(Carrier!.Value, Meters, Tariff!, VolumeBasis, DemandSavings, Valuation!, Model!, Result!);
    }

    private sealed record ClauseDraft(string Path, PaymentClause Clause);

    /// <summary>Values of the first pass; built only when it found no error, so every required value is there.</summary>
    private sealed class Draft
    {
        public string? Id { get; init; }

        public int? Version { get; init; }

        public string? Title { get; init; }

        public ContractType? Type { get; init; }

        public ContractParties? Parties { get; init; }

        public Site? Site { get; init; }

        public DateTimeZone? Zone { get; init; }

        public string? Currency { get; init; }

        public VatTerms? Vat { get; init; }

        public MeasurementAndVerification? Mv { get; init; }

        public ContractTerm? Term { get; init; }

        public SettlementFrequency? Frequency { get; init; }

        public SettlementPolicies? Policies { get; init; }

        public PaymentLimits? Limits { get; init; }

        public Escalation? Escalation { get; init; }

        public EarlyBuyout? EarlyBuyout { get; init; }

        public List<CarrierDraft> Carriers { get; set; } = [];

        public List<ConservationMeasure> Measures { get; set; } = [];

        public List<ClauseDraft> Clauses { get; set; } = [];

        public Contract Build() => new(
            Id!,
            Version!.Value,
            Title!,
            Type!.Value,
            Parties!,
            Site!,
            Zone!,
            Currency!,
            Vat!,
            Carriers.Select(c => c.Build()).ToList(),
            Measures,
            Mv!,
            Term!,
            Frequency!.Value,
            Policies!,
            Clauses.Select(c => c.Clause).ToList(),
            Limits!,
            Escalation,
            EarlyBuyout);
    }
}
