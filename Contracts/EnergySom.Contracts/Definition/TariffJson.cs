using System.Security.Cryptography;
using EnergySom.Contracts.Tariffs;
using NodaTime.Text;

namespace EnergySom.Contracts.Definition;

/// <summary>
/// Canonical JSON of a tariff version (the tariff file format, every default written out) and its SHA-256, which
/// statements record next to the tariff's id and version. The canonical JSON is itself a valid tariff file.
/// </summary>
public static class TariffJson
{
    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public static byte[] Canonical(ITariffVersion tariff)
    {
        var w = new CanonicalJsonWriter();
        w.BeginObject()
            .Property("schema", TimeOfUseTariff.SchemaId)
            .Property("id", tariff.Id)
            .Property("version", tariff.Version)
            .Property("kind", tariff is TimeOfUseTariff ? "electricity_tou" : "natural_gas")
            .Property("effective_from", ContractJson.Date(tariff.EffectiveFrom));
        switch (tariff)
        {
            case TimeOfUseTariff tou:
                WriteSource(w, tou.Provenance);
                w.Property("prices_include_vat", tou.PricesIncludeVat);
                WritePrices(w, "prices", tou.Prices);
                WriteDay(w, tou.Windows);
                if (tou.Seasons.Count > 0)
                {
                    w.Name("seasons").BeginArray();
                    foreach (var season in tou.Seasons)
                    {
                        w.BeginObject().Property("name", season.Pattern.Name).Name("months").BeginArray();
                        foreach (var month in season.Months)
                        {
                            w.Value(month);
                        }

                        w.EndArray();
                        WriteDay(w, season.Pattern.Windows);
                        if (season.Pattern.PriceOverrides.Count > 0)
                        {
                            WritePrices(w, "prices", season.Pattern.PriceOverrides);
                        }

                        w.EndObject();
                    }

                    w.EndArray();
                }

                if (tou.SpecialDays.Count > 0)
                {
                    w.Name("special_days").BeginArray();
                    foreach (var special in tou.SpecialDays)
                    {
                        w.BeginObject().Property("name", special.Pattern.Name).StringArray("dates", special.Dates.Select(ContractJson.Date));
                        WriteDay(w, special.Pattern.Windows);
                        if (special.Pattern.PriceOverrides.Count > 0)
                        {
                            WritePrices(w, "prices", special.Pattern.PriceOverrides);
                        }

                        w.EndObject();
                    }

                    w.EndArray();
                }

                if (tou.DemandCharge is { } demand)
                {
                    w.Name("demand_charge").BeginObject()
                        .Property("basis", demand.Code)
                        .Property("price", demand.Price)
                        .Property("interval_minutes", demand.DemandIntervalMinutes)
                        .EndObject();
                }

                break;
            case GasTariff gas:
                WriteSource(w, gas.Provenance);
                w.Property("prices_include_vat", gas.PricesIncludeVat);
                w.Property("price", gas.PricePerCubicMetre);
                w.Property("volume_basis", GasVolume.CodeOf(gas.Basis));
                break;
            default:
                throw new ArgumentException($"unknown tariff type {tariff.GetType().Name}", nameof(tariff));
        }

        w.EndObject();
        return w.ToArray();
    }

    public static string Digest(ITariffVersion tariff) => Convert.ToHexStringLower(SHA256.HashData(Canonical(tariff)));

    private static void WriteSource(CanonicalJsonWriter w, TariffProvenance source)
    {
        w.Name("source").BeginObject()
            .Property("document", source.Document)
            .Property("confidence", source.Confidence)
            .Property("prices", DefinitionCodes.CodeOf(source.Prices));
        if (source.AppliesTo is { } applies)
        {
            w.Property("applies_to", applies);
        }

        if (source.Note is { } note)
        {
            w.Property("note", note);
        }

        w.EndObject();
    }

    private static void WritePrices(CanonicalJsonWriter w, string name, IReadOnlyDictionary<TouBand, decimal> prices)
    {
        w.Name(name).BeginObject();
        foreach (var band in Enum.GetValues<TouBand>())
        {
            if (prices.TryGetValue(band, out var price))
            {
                w.Property(band.Code(), price);
            }
        }

        w.EndObject();
    }

    private static void WriteDay(CanonicalJsonWriter w, IReadOnlyList<TouWindow> windows)
    {
        w.Name("day").BeginArray();
        foreach (var window in windows.OrderBy(x => x.FromMinute))
        {
            w.BeginObject()
                .Property("from", Time.Format(window.From))
                .Property("to", window.To == NodaTime.LocalTime.Midnight ? "24:00" : Time.Format(window.To))
                .Property("band", window.Band.Code())
                .EndObject();
        }

        w.EndArray();
    }
}
