using System.Runtime.CompilerServices;
using EnergySom.Contracts.Definition;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Settlement;

/// <summary>The record of a tariff version in a statement's inputs, with the digest of its canonical form (computed once per version object).</summary>
internal static class TariffRecord
{
    private static readonly ConditionalWeakTable<ITariffVersion, string> Digests = [];

    public static TariffInput Of(string carrier, ITariffVersion tariff, LocalDateRange dates, TariffProvenance provenance) =>
        new(
            carrier,
            tariff.Id,
            tariff.Version,
            SettlementContext.Iso(tariff.EffectiveFrom),
            SettlementContext.Iso(dates.From),
            SettlementContext.Iso(dates.To),
            provenance.Document,
            DefinitionCodes.CodeOf(provenance.Prices),
            Digests.GetValue(tariff, TariffJson.Digest));
}
