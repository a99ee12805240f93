using EnergySom.Contracts.Tariffs;
using NodaTime;

namespace EnergySom.Contracts.Definition;

/// <summary>
/// Reads tariff files (YAML or JSON, one dated version per file) into validated <see cref="TimeOfUseTariff"/>
/// or <see cref="GasTariff"/> versions, with the same error discipline as contracts: file, line, field; every
/// error; nothing returned from an invalid file. The format is documented in docs/contracts/tariff-format.md.
/// </summary>
public static class TariffLoader
{
    private static readonly string[] CommonKeys = ["schema", "id", "version", "kind", "effective_from", "source", "prices_include_vat"];
    private static readonly string[] ElectricityKeys = [.. CommonKeys, "prices", "day", "seasons", "special_days", "demand_charge"];
    private static readonly string[] GasKeys = [.. CommonKeys, "price", "volume_basis"];

    private static readonly Dictionary<string, TariffKind> Kinds = new(StringComparer.Ordinal)
    {
        ["electricity_tou"] = TariffKind.ElectricityTimeOfUse,
        ["natural_gas"] = TariffKind.NaturalGas,
    };

    private enum TariffKind
    {
        ElectricityTimeOfUse,
        NaturalGas,
    }

    /// <summary>Reads one tariff file.</summary>
    /// <exception cref="DefinitionException">The file cannot be read or is not a valid tariff.</exception>
    public static ITariffVersion Load(string path)
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

        return Parse(text, path);
    }

    /// <summary>Reads every <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> file of a folder into a library; all files' errors are reported together.</summary>
    /// <exception cref="DefinitionException">A file is invalid, or two files give the same version of a tariff.</exception>
    public static TariffLibrary LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DefinitionException([new DefinitionError(directory, 0, 0, "(folder)", "tariff folder not found")]);
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var errors = new List<DefinitionError>();
        var loaded = new List<(string File, ITariffVersion Tariff)>();
        foreach (var file in files)
        {
            try
            {
                loaded.Add((file, Load(file)));
            }
            catch (DefinitionException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        foreach (var group in loaded.GroupBy(t => t.Tariff.Id, StringComparer.Ordinal))
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            var days = new Dictionary<LocalDate, string>();
            foreach (var (file, tariff) in group)
            {
                if (!seen.TryAdd(tariff.Version, file))
                {
                    errors.Add(new DefinitionError(file, 1, 1, "version", $"tariff {tariff.Id} version {tariff.Version} is also given by {seen[tariff.Version]}"));
                }
                else if (!days.TryAdd(tariff.EffectiveFrom, file))
                {
                    errors.Add(new DefinitionError(file, 1, 1, "effective_from", $"tariff {tariff.Id} already has a version taking effect {tariff.EffectiveFrom:yyyy-MM-dd} ({days[tariff.EffectiveFrom]})"));
                }
            }

            var kinds = group.Select(t => t.Tariff.GetType()).Distinct().Count();
            if (kinds > 1)
            {
                errors.Add(new DefinitionError(group.First().File, 1, 1, "kind", $"tariff id {group.Key} is used for both electricity and gas"));
            }
        }

        if (errors.Count > 0)
        {
            throw new DefinitionException(errors);
        }

        return new TariffLibrary(loaded.Select(t => t.Tariff).OfType<TimeOfUseTariff>(), loaded.Select(t => t.Tariff).OfType<GasTariff>());
    }

    /// <summary>Validates tariff text; <paramref name="fileName"/> is used in error messages.</summary>
    public static ITariffVersion Parse(string text, string fileName)
    {
        var document = DefinitionDocument.Parse(text, fileName, out var root);
        if (root is null)
        {
            document.ThrowIfErrors();
        }

        // The kind decides which fields are allowed, so it is read first from a permissive view.
        var probe = root!.Mapping([.. ElectricityKeys, "price", "volume_basis"]);
        var kind = probe?.Required("kind").Code(Kinds);
        if (probe is null || kind is null)
        {
            document.ThrowIfErrors();
        }

        var isElectricity = kind == TariffKind.ElectricityTimeOfUse;
        var documentForFields = DefinitionDocument.Parse(text, fileName, out var fresh);
        var map = fresh!.Mapping(isElectricity ? ElectricityKeys : GasKeys)!;
        var schema = map.Required("schema");
        if (schema.String() is { } schemaValue && schemaValue != TimeOfUseTariff.SchemaId)
        {
            schema.Error($"expected '{TimeOfUseTariff.SchemaId}', found '{schemaValue}'");
        }

        var id = map.Required("id").Identifier();
        var version = map.Required("version").Identifier();
        var effective = map.Required("effective_from").Date();
        var provenance = ReadSource(map.Required("source"));
        var includeVat = map.Has("prices_include_vat") ? map.Optional("prices_include_vat").Bool() : true;
        ITariffVersion? result = isElectricity
            ? ReadElectricity(map, id, version, effective, provenance, includeVat)
            : ReadGas(map, id, version, effective, provenance, includeVat);
        documentForFields.ThrowIfErrors();
        return result ?? throw new InvalidOperationException("unreachable: a tariff without errors was not built");
    }

    private static TariffProvenance? ReadSource(DefinitionNode node)
    {
        var map = node.Mapping("document", "confidence", "prices", "applies_to", "note");
        if (map is null)
        {
            return null;
        }

        var document = map.Required("document").String();
        var confidenceNode = map.Required("confidence");
        var confidence = confidenceNode.String();
        if (confidence is not null and not ("V" or "S" or "R"))
        {
            confidenceNode.Error($"'{confidence}' is not a confidence tag (V read in a primary source, S secondary source, R recalled)");
            confidence = null;
        }

        var prices = map.Required("prices").Code(DefinitionCodes.PriceStatuses);
        var applies = map.Has("applies_to") ? map.Optional("applies_to").String() : null;
        var note = map.Has("note") ? map.Optional("note").String(4000) : null;
        return document is null || confidence is null || prices is null ? null : new TariffProvenance(document, confidence, prices.Value, applies, note);
    }

    private static GasTariff? ReadGas(MappingReader map, string? id, string? version, LocalDate? effective, TariffProvenance? provenance, bool? includeVat)
    {
        var price = map.Required("price").Decimal(0m, 100m, minExclusive: true);
        var basis = map.Required("volume_basis").Code(DefinitionCodes.VolumeBases);
        if (id is null || version is null || effective is null || provenance is null || includeVat is null || price is null || basis is null)
        {
            return null;
        }

        return new GasTariff(id, version, effective.Value, provenance.Document, price.Value, basis.Value)
        {
            Provenance = provenance,
            PricesIncludeVat = includeVat.Value,
        };
    }

    private static TimeOfUseTariff? ReadElectricity(MappingReader map, string? id, string? version, LocalDate? effective, TariffProvenance? provenance, bool? includeVat)
    {
        var pricesNode = map.Required("prices");
        var prices = ReadPrices(pricesNode);
        var day = ReadDay(map.Required("day"));
        var seasons = new List<TouSeason>();
        var seasonMonths = new Dictionary<int, string>();
        if (map.Has("seasons"))
        {
            foreach (var item in map.Optional("seasons").Items(1) ?? [])
            {
                var season = item.Mapping("name", "months", "day", "prices");
                if (season is null)
                {
                    continue;
                }

                var name = season.Required("name").String();
                var months = new List<int>();
                foreach (var monthNode in season.Required("months").Items(1) ?? [])
                {
                    if (monthNode.Int(1, 12) is { } month)
                    {
                        if (!seasonMonths.TryAdd(month, item.Path))
                        {
                            monthNode.Error($"month {month} is already in {seasonMonths[month]}");
                        }

                        months.Add(month);
                    }
                }

                var seasonDay = ReadDay(season.Required("day"));
                var overrides = season.Has("prices") ? ReadPrices(season.Optional("prices")) : new Dictionary<TouBand, decimal>();
                if (name is not null && seasonDay is not null && overrides is not null)
                {
                    seasons.Add(new TouSeason(months, new TouDayPattern(name, seasonDay, overrides)));
                    CheckPricesCover(season.Optional("day"), seasonDay, overrides, prices);
                }
            }
        }

        var specials = new List<TouSpecialDays>();
        var specialDates = new Dictionary<LocalDate, string>();
        if (map.Has("special_days"))
        {
            foreach (var item in map.Optional("special_days").Items(1) ?? [])
            {
                var special = item.Mapping("name", "dates", "day", "prices");
                if (special is null)
                {
                    continue;
                }

                var name = special.Required("name").String();
                var dates = new List<LocalDate>();
                foreach (var dateNode in special.Required("dates").Items(1) ?? [])
                {
                    if (dateNode.Date() is { } date)
                    {
                        if (effective is { } from && date < from)
                        {
                            dateNode.Error($"{date:yyyy-MM-dd} is before the version takes effect ({from:yyyy-MM-dd})");
                        }

                        if (!specialDates.TryAdd(date, item.Path))
                        {
                            dateNode.Error($"{date:yyyy-MM-dd} is already a special day in {specialDates[date]}");
                        }

                        dates.Add(date);
                    }
                }

                var specialDay = ReadDay(special.Required("day"));
                var overrides = special.Has("prices") ? ReadPrices(special.Optional("prices")) : new Dictionary<TouBand, decimal>();
                if (name is not null && specialDay is not null && overrides is not null)
                {
                    specials.Add(new TouSpecialDays(dates, new TouDayPattern(name, specialDay, overrides)));
                    CheckPricesCover(special.Optional("day"), specialDay, overrides, prices);
                }
            }
        }

        DemandCharge? demand = null;
        if (map.Has("demand_charge"))
        {
            var demandMap = map.Optional("demand_charge").Mapping("basis", "price", "interval_minutes");
            if (demandMap is not null)
            {
                var basis = demandMap.Required("basis").Code(DefinitionCodes.DemandBases);
                var price = demandMap.Required("price").Decimal(0m, 1000m, minExclusive: true);
                var minutes = demandMap.Has("interval_minutes") ? demandMap.Optional("interval_minutes").Int(1, 60) : 15;
                demand = basis is null || price is null || minutes is null ? null : new DemandCharge(basis.Value, price.Value, minutes.Value);
            }
        }

        if (day is not null && prices is not null)
        {
            CheckPricesCover(map.Optional("day"), day, new Dictionary<TouBand, decimal>(), prices);
        }

        if (id is null || version is null || effective is null || provenance is null || includeVat is null || prices is null || day is null)
        {
            return null;
        }

        return new TimeOfUseTariff(id, version, effective.Value, provenance.Document, day, prices)
        {
            Seasons = seasons,
            SpecialDays = specials,
            DemandCharge = demand,
            Provenance = provenance,
            PricesIncludeVat = includeVat.Value,
        };
    }

    private static Dictionary<TouBand, decimal>? ReadPrices(DefinitionNode node)
    {
        var map = node.Mapping([.. DefinitionCodes.Bands.Keys]);
        if (map is null)
        {
            return null;
        }

        var prices = new Dictionary<TouBand, decimal>();
        foreach (var (code, band) in DefinitionCodes.Bands)
        {
            if (map.Has(code) && map.Optional(code).Decimal(0m, 100m, minExclusive: true) is { } price)
            {
                prices[band] = price;
            }
        }

        if (prices.Count == 0)
        {
            node.Error("must give at least one band's price (yuan/kWh)");
        }

        return prices;
    }

    /// <summary>Windows of a day: each <c>{from, to, band}</c>, whole minutes, tiling 00:00–24:00 exactly once.</summary>
    private static List<TouWindow>? ReadDay(DefinitionNode node)
    {
        var items = node.Items(1);
        if (items is null)
        {
            return null;
        }

        var windows = new List<TouWindow>();
        var ok = true;
        foreach (var item in items)
        {
            var map = item.Mapping("from", "to", "band");
            var from = map?.Required("from").Time();
            var toNode = map?.Required("to");
            var to = toNode?.Time(endOfDay: true);
            var band = map?.Required("band").Code(DefinitionCodes.Bands);
            if (from is null || to is null || band is null)
            {
                ok = false;
                continue;
            }

            if (to != LocalTime.Midnight && to <= from)
            {
                toNode!.Error($"{to:HH:mm} must be after from ({from:HH:mm}); a window does not cross midnight (split it at 24:00)");
                ok = false;
                continue;
            }

            windows.Add(new TouWindow(from.Value, to.Value, band.Value));
        }

        if (!ok)
        {
            return null;
        }

        var coverage = new int[24 * 60];
        foreach (var window in windows)
        {
            for (var m = window.FromMinute; m < window.ToMinute; m++)
            {
                coverage[m]++;
            }
        }

        var gap = Array.FindIndex(coverage, c => c == 0);
        var overlap = Array.FindIndex(coverage, c => c > 1);
        if (gap >= 0)
        {
            node.Error($"{LocalTime.FromMinutesSinceMidnight(gap):HH:mm} is in no window: the windows must cover the whole day");
            return null;
        }

        if (overlap >= 0)
        {
            node.Error($"{LocalTime.FromMinutesSinceMidnight(overlap):HH:mm} is in more than one window");
            return null;
        }

        return windows;
    }

    private static void CheckPricesCover(DefinitionNode dayNode, List<TouWindow> day, IReadOnlyDictionary<TouBand, decimal> overrides, IReadOnlyDictionary<TouBand, decimal>? prices)
    {
        foreach (var band in day.Select(w => w.Band).Distinct())
        {
            if (!overrides.ContainsKey(band) && prices?.ContainsKey(band) != true)
            {
                dayNode.Error($"band {band.Code()} is used but has no price (add prices.{band.Code()})");
            }
        }
    }
}
