using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EnergySom.Contracts;
using EnergySom.Contracts.Definition;
using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;

namespace EnergySom.Service.Commands;

/// <summary><c>energysom contract check FILE [--tariffs DIR] [--json]</c> and <c>energysom contract add FILE</c> (<see cref="SettleCommands"/>).</summary>
public static class ContractCommands
{
    public static Command Create()
    {
        var contract = new Command("contract", "Energy performance contracts: check a contract file, register it in the ledger.");
        contract.Subcommands.Add(Check());
        contract.Subcommands.Add(SettleCommands.Add());
        return contract;
    }

    private static Command Check()
    {
        var file = new Argument<string>("FILE") { Description = "Contract file (YAML or JSON)" };
        var tariffs = new Option<string?>("--tariffs") { Description = "Folder of tariff files: also check that the contract's tariffs exist and fit" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (the canonical contract and its digest, or the errors)" };
        var command = new Command("check", "Validate a contract file and print a summary, or every error with its file, line and field (exit 1).")
        {
            file, tariffs, json,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                var path = parse.GetValue(file)!;
                var tariffFolder = parse.GetValue(tariffs);
                var asJson = parse.GetValue(json);
                try
                {
                    var library = tariffFolder is null ? null : TariffLoader.LoadDirectory(tariffFolder);
                    var loaded = ContractLoader.Load(path, library);
                    await Console.Out.WriteAsync(asJson ? ValidJson(loaded) : Summary(loaded, library, tariffFolder));
                    return 0;
                }
                catch (DefinitionException ex)
                {
                    if (asJson)
                    {
                        await Console.Out.WriteAsync(ErrorJson(ex.Errors));
                    }
                    else
                    {
                        await PrintErrorsAsync(path, ex);
                    }

                    return 1;
                }
            },
            ct));
        return command;
    }

    /// <summary>Every error with its file, line and field, then one line naming the file.</summary>
    internal static async Task PrintErrorsAsync(string path, DefinitionException ex)
    {
        foreach (var error in ex.Errors)
        {
            await Console.Error.WriteLineAsync(error.ToString());
        }

        await Console.Error.WriteLineAsync($"energysom: {path} is not a valid contract ({ex.Errors.Count} error{(ex.Errors.Count == 1 ? "" : "s")})");
    }

    private static string Summary(Contract c, TariffLibrary? library, string? tariffFolder)
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        void Row(string label, string value) => s.Append(inv, $"  {label,-11} {value}\n");
        var periods = SettlementCalendar.Periods(c);
        s.Append(inv, $"{c.Id} v{c.Version}: {c.Title}\n");
        Row("type", $"{c.Type.Code()} ({c.Type.ChineseName()})");
        Row("parties", $"ESCO {c.Parties.Esco.Name} ({c.Parties.Esco.Id}); host {c.Parties.Host.Name} ({c.Parties.Host.Id})"
            + (c.Parties.Financier is { } f ? $"; financier {f.Name} ({f.Id})" : ""));
        Row("site", $"{c.Site.Name} ({c.Site.Id}), {c.Zone.Id}, {c.Currency}, VAT {Percent(c.Vat.Rate)} ({(c.Vat.AmountsIncludeVat ? "amounts include VAT" : "VAT added to amounts")})");
        Row("term", $"{Iso(c.Term.Start)} to {Iso(c.Term.End)} ({c.Term.Years} years); {c.Frequency.Code()} settlement, {periods.Count} periods {periods[0].Label} … {periods[^1].Label}");
        var mv = c.MeasurementAndVerification;
        Row("M&V", $"IPMVP option {mv.Option}; baseline period {Range(mv.BaselinePeriod)}; reporting period {Range(mv.ReportingPeriod)}");
        foreach (var scope in c.Carriers)
        {
            var valuation = scope.Valuation.Method == ValuationMethod.Tariff
                ? "valued at the tariff" + (scope.Valuation.PriceFloor is { } floor ? $" (floor {Number(floor)} yuan/{scope.MeteredUnit})" : "")
                : $"valued at the agreed {Number(scope.Valuation.AgreedUnitPrice!.Value)} yuan/{scope.MeteredUnit}";
            var tariff = scope.TariffId + (library is null ? "" : $" ({Versions(library, scope)})");
            Row(scope.Carrier.Code(), $"meters {string.Join(", ", scope.Meters)}; tariff {tariff}; {valuation}"
                + (scope.DemandSavings ? "; demand-charge savings" : "")
                + (scope.VolumeBasis is { } basis ? $"; volumes {GasVolume.Describe(basis)}" : ""));
            Row("", $"baseline {scope.BaselineModel.Method} on {(scope.BaselineModel.Drivers.Count == 0 ? "no drivers" : string.Join(", ", scope.BaselineModel.Drivers))}; frozen result {scope.BaselineResult} sha256 {scope.BaselineResult.Sha256[..16]}…");
        }

        Row("measures", string.Join("; ", c.Measures.Select(m => $"{m.Id} {m.Name}")));
        foreach (var clause in c.Clauses)
        {
            Row("terms", $"{clause.Code} on {string.Join(", ", clause.Carriers.Select(x => x.Code()))}: {Describe(c, clause)}");
        }

        if (c.Limits.Any)
        {
            Row("limits", string.Join("; ", new[]
            {
                c.Limits.EscoCapTotal is { } total ? $"ESCO cap {Money(total)} over the term" : null,
                c.Limits.EscoCapPerYear is { } year ? $"ESCO cap {Money(year)} per contract year" : null,
                c.Limits.MinimumPaymentPerPeriod is { } minimum ? $"minimum payment {Money(minimum)} per period" : null,
            }.OfType<string>()));
        }

        if (c.Escalation is { } escalation)
        {
            Row("escalation", $"{Percent(escalation.RatePerYear)} a year on {string.Join(", ", escalation.AppliesTo.Select(t => t.Code()))}");
        }

        if (c.EarlyBuyout is { } buyout)
        {
            Row("buy-out", $"to the {buyout.Payee.Code()}: {string.Join(" / ", buyout.AmountByYear.Select(Money))} by contract year");
        }

        var p = c.Policies;
        Row("policies", $"band split {p.BandSplit.Code()}; missing intervals {p.MissingIntervals.Code()}; daily allocation {p.DailyAllocation.Code()}; rounding {Number(p.Rounding.Step)} {p.Rounding.ModeCode}");
        Row("tariffs", tariffFolder is null ? "not checked (give --tariffs DIR)" : $"checked against {tariffFolder}");
        Row("digest", $"sha256:{ContractJson.Digest(c)}");
        return s.ToString();
    }

    private static string Versions(TariffLibrary library, CarrierScope scope)
    {
        IEnumerable<ITariffVersion> versions = scope.Carrier == EnergyCarrier.Electricity
            ? library.Electricity(scope.TariffId).Versions
            : library.Gas(scope.TariffId).Versions;
        return string.Join(", ", versions.Select(v => $"{v.Version} from {Iso(v.EffectiveFrom)}"));
    }

    private static string Describe(Contract contract, PaymentClause clause) => clause switch
    {
        SharedSavingsClause shared => $"ESCO share {string.Join(" / ", shared.EscoShareByYear.Select(Percent))} by contract year",
        GuaranteedSavingsClause g => $"{string.Join("; ", g.Guarantees.Select(x => Guarantee(contract, x)))}; service fee {Money(g.ServiceFeePerYear)} a year; excess {DefinitionCodes.CodeOf(g.Excess)}"
            + (g.Excess == ExcessSavingsTreatment.Shared ? $" ({Percent(g.EscoShareOfExcess)} to the ESCO)" : ""),
        EnergyCostTrusteeshipClause t => $"fee {Money(t.FeePerYear)} a year; utility bills paid by the {t.UtilityBillsPaidBy.Code()}",
        FinanceLeaseClause l => $"{l.Payments} lease instalments of {Money(l.PaymentPerPeriod)}" + (l.VatRate is { } vat ? $" (VAT {Percent(vat)})" : "") + $"; {string.Join("; ", l.Guarantees.Select(x => Guarantee(contract, x)))}",
        _ => clause.Code,
    };

    private static string Guarantee(Contract contract, SavingsGuarantee g)
    {
        var unit = contract.ScopeOf(g.Carrier)?.MeteredUnit ?? "";
        return $"guaranteed {g.QuantityPerYear.ToString("N0", CultureInfo.InvariantCulture)} {unit} a year of {g.Carrier.Code()} at {Number(g.UnitPrice)} yuan/{unit}";
    }

    private static string ValidJson(Contract contract)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("valid", true);
            writer.WriteString("id", contract.Id);
            writer.WriteNumber("version", contract.Version);
            writer.WriteString("digest", ContractJson.Digest(contract));
            writer.WritePropertyName("contract");
            using (var document = JsonDocument.Parse(ContractJson.Canonical(contract)))
            {
                document.RootElement.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string ErrorJson(IReadOnlyList<DefinitionError> errors)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("valid", false);
            writer.WriteStartArray("errors");
            foreach (var error in errors)
            {
                writer.WriteStartObject();
                writer.WriteString("file", error.File);
                writer.WriteNumber("line", error.Line);
                writer.WriteNumber("column", error.Column);
                writer.WriteString("field", error.Field);
                writer.WriteString("message", error.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string Iso(NodaTime.LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Range(LocalDateRange range) => $"{Iso(range.From)} to {Iso(range.To)}";

    private static string Number(decimal value) => CanonicalNumber(value);

    private static string Money(decimal value) => value.ToString("N2", CultureInfo.InvariantCulture) + " CNY";

    private static string Percent(decimal fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string CanonicalNumber(decimal value) => value == 0 ? "0" : (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
