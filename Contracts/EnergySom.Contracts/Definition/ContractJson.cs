using System.Security.Cryptography;
using System.Text;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Definition;

/// <summary>
/// The canonical form of a contract: the contract file format written as canonical JSON (fixed member order,
/// every default written out, absent options left out), and its SHA-256 digest. Two files that mean the same
/// contract (YAML or JSON, comments, key order, <c>70%</c> or <c>0.70</c>) have the same canonical bytes.
/// </summary>
/// <remarks>
/// The canonical JSON is itself a valid contract file: <c>ContractLoader.Parse(Canonical(c))</c> gives back an
/// equal contract with the same canonical bytes. The ledger stores these bytes; statements name the digest.
/// </remarks>
public static class ContractJson
{
    /// <summary>Canonical JSON bytes (UTF-8) of <paramref name="contract"/>.</summary>
    public static byte[] Canonical(Contract contract)
    {
        var w = new CanonicalJsonWriter();
        w.BeginObject();
        w.Property("schema", Contract.SchemaId);
        w.Property("id", contract.Id);
        w.Property("version", contract.Version);
        w.Property("title", contract.Title);
        w.Property("type", contract.Type.Code());
        w.Name("parties").BeginObject();
        WriteParty(w, "esco", contract.Parties.Esco);
        WriteParty(w, "host", contract.Parties.Host);
        if (contract.Parties.Financier is { } financier)
        {
            WriteParty(w, "financier", financier);
        }

        w.EndObject();
        w.Name("site").BeginObject().Property("id", contract.Site.Id).Property("name", contract.Site.Name);
        if (contract.Site.Address is { } address)
        {
            w.Property("address", address);
        }

        w.EndObject();
        w.Property("time_zone", contract.Zone.Id);
        w.Property("currency", contract.Currency);
        w.Name("vat").BeginObject().Property("rate", contract.Vat.Rate).Property("amounts_include_vat", contract.Vat.AmountsIncludeVat).EndObject();
        w.Name("carriers").BeginArray();
        foreach (var scope in contract.Carriers)
        {
            WriteCarrier(w, scope);
        }

        w.EndArray();
        w.Name("measures").BeginArray();
        foreach (var measure in contract.Measures)
        {
            w.BeginObject().Property("id", measure.Id).Property("name", measure.Name).StringArray("carriers", measure.Carriers.Select(c => c.Code())).EndObject();
        }

        w.EndArray();
        var mv = contract.MeasurementAndVerification;
        w.Name("mv").BeginObject().Property("option", mv.Option.ToString());
        WriteRange(w, "baseline_period", mv.BaselinePeriod);
        WriteRange(w, "reporting_period", mv.ReportingPeriod);
        w.EndObject();
        w.Name("term").BeginObject().Property("start", Date(contract.Term.Start)).Property("years", contract.Term.Years).EndObject();
        w.Name("settlement").BeginObject().Property("frequency", contract.Frequency.Code()).EndObject();
        var p = contract.Policies;
        w.Name("policies").BeginObject()
            .Property("band_split", p.BandSplit.Code())
            .Property("missing_intervals", p.MissingIntervals.Code())
            .Property("daily_allocation", p.DailyAllocation.Code())
            .Name("rounding").BeginObject().Property("step", p.Rounding.Step).Property("mode", p.Rounding.ModeCode).EndObject()
            .EndObject();
        w.Name("payment_terms").BeginObject();
        foreach (var clause in contract.Clauses.OrderBy(c => c.Type))
        {
            WriteClause(w, clause);
        }

        w.EndObject();
        if (contract.Limits.Any)
        {
            w.Name("limits").BeginObject();
            OptionalAmount(w, "esco_cap_total", contract.Limits.EscoCapTotal);
            OptionalAmount(w, "esco_cap_per_year", contract.Limits.EscoCapPerYear);
            OptionalAmount(w, "minimum_payment_per_period", contract.Limits.MinimumPaymentPerPeriod);
            w.EndObject();
        }

        if (contract.Escalation is { } escalation)
        {
            w.Name("escalation").BeginObject()
                .Property("rate_per_year", escalation.RatePerYear)
                .StringArray("applies_to", escalation.AppliesTo.Order().Select(t => t.Code()))
                .EndObject();
        }

        if (contract.EarlyBuyout is { } buyout)
        {
            w.Name("early_buyout").BeginObject()
                .NumberArray("amount_by_year", buyout.AmountByYear)
                .Property("payee", buyout.Payee.Code())
                .EndObject();
        }

        w.EndObject();
        return w.ToArray();
    }

    /// <summary>Canonical JSON of <paramref name="contract"/> as text.</summary>
    public static string CanonicalText(Contract contract) => Encoding.UTF8.GetString(Canonical(contract));

    /// <summary>Lower-case hex SHA-256 of the canonical bytes: the contract's identity in statements and the ledger.</summary>
    public static string Digest(Contract contract) => Convert.ToHexStringLower(SHA256.HashData(Canonical(contract)));

    private static void WriteParty(CanonicalJsonWriter w, string role, Party party)
    {
        w.Name(role).BeginObject().Property("id", party.Id).Property("name", party.Name);
        if (party.CreditCode is { } code)
        {
            w.Property("credit_code", code);
        }

        w.EndObject();
    }

    private static void WriteCarrier(CanonicalJsonWriter w, CarrierScope scope)
    {
        w.BeginObject()
            .Property("carrier", scope.Carrier.Code())
            .StringArray("meters", scope.Meters)
            .Property("tariff", scope.TariffId);
        if (scope.VolumeBasis is { } basis)
        {
            w.Property("volume_basis", GasVolume.CodeOf(basis));
        }

        if (scope.Carrier == EnergyCarrier.Electricity)
        {
            w.Property("demand_savings", scope.DemandSavings);
        }

        w.Name("valuation").BeginObject().Property("method", DefinitionCodes.CodeOf(scope.Valuation.Method));
        OptionalAmount(w, "unit_price", scope.Valuation.AgreedUnitPrice);
        OptionalAmount(w, "price_floor", scope.Valuation.PriceFloor);
        w.EndObject();
        w.Name("baseline").BeginObject().Property("method", scope.BaselineModel.Method).StringArray("drivers", scope.BaselineModel.Drivers);
        if (scope.BaselineModel.Description is { } description)
        {
            w.Property("description", description);
        }

        w.Name("result").BeginObject()
            .Property("id", scope.BaselineResult.Id)
            .Property("version", scope.BaselineResult.Version)
            .Property("sha256", scope.BaselineResult.Sha256)
            .EndObject();
        w.EndObject();
        w.EndObject();
    }

    private static void WriteClause(CanonicalJsonWriter w, PaymentClause clause)
    {
        w.Name(clause.Code).BeginObject().StringArray("carriers", clause.Carriers.Select(c => c.Code()));
        switch (clause)
        {
            case SharedSavingsClause shared:
                w.NumberArray("esco_share_by_year", shared.EscoShareByYear);
                break;
            case GuaranteedSavingsClause guaranteed:
                WriteGuarantees(w, guaranteed.Guarantees);
                w.Property("service_fee_per_year", guaranteed.ServiceFeePerYear);
                w.Name("excess").BeginObject().Property("treatment", DefinitionCodes.CodeOf(guaranteed.Excess));
                if (guaranteed.Excess == ExcessSavingsTreatment.Shared)
                {
                    w.Property("esco_share", guaranteed.EscoShareOfExcess);
                }

                w.EndObject();
                break;
            case EnergyCostTrusteeshipClause trusteeship:
                w.Property("fee_per_year", trusteeship.FeePerYear);
                w.Property("utility_bills_paid_by", trusteeship.UtilityBillsPaidBy.Code());
                break;
            case FinanceLeaseClause lease:
                w.Property("payment_per_period", lease.PaymentPerPeriod);
                w.Property("payments", lease.Payments);
                OptionalAmount(w, "vat_rate", lease.VatRate);
                WriteGuarantees(w, lease.Guarantees);
                break;
        }

        w.EndObject();
    }

    private static void WriteGuarantees(CanonicalJsonWriter w, IReadOnlyList<SavingsGuarantee> guarantees)
    {
        w.Name("guarantees").BeginArray();
        foreach (var g in guarantees)
        {
            w.BeginObject().Property("carrier", g.Carrier.Code()).Property("quantity_per_year", g.QuantityPerYear).Property("unit_price", g.UnitPrice).EndObject();
        }

        w.EndArray();
    }

    private static void WriteRange(CanonicalJsonWriter w, string name, LocalDateRange range) =>
        w.Name(name).BeginObject().Property("from", Date(range.From)).Property("to", Date(range.To)).EndObject();

    private static void OptionalAmount(CanonicalJsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.Property(name, v);
        }
    }

    internal static string Date(NodaTime.LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);
}
