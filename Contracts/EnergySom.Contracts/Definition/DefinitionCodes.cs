using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Definition;

/// <summary>The words contract and tariff files use for enumerated values, and back.</summary>
public static class DefinitionCodes
{
    public static IReadOnlyDictionary<string, ContractType> ContractTypes { get; } = Codes<ContractType>(t => t.Code());

    public static IReadOnlyDictionary<string, EnergyCarrier> Carriers { get; } = Codes<EnergyCarrier>(c => c.Code());

    public static IReadOnlyDictionary<string, MvOption> MvOptions { get; } = Codes<MvOption>(o => o.ToString());

    public static IReadOnlyDictionary<string, SettlementFrequency> Frequencies { get; } = Codes<SettlementFrequency>(f => f.Code());

    public static IReadOnlyDictionary<string, BandSplitPolicy> BandSplits { get; } = Codes<BandSplitPolicy>(p => p.Code());

    public static IReadOnlyDictionary<string, MissingIntervalPolicy> MissingIntervals { get; } = Codes<MissingIntervalPolicy>(p => p.Code());

    public static IReadOnlyDictionary<string, DailyAllocationPolicy> DailyAllocations { get; } = Codes<DailyAllocationPolicy>(p => p.Code());

    public static IReadOnlyDictionary<string, MidpointRounding> RoundingModes { get; } = Codes<MidpointRounding>(RoundingPolicy.CodeOf);

    public static IReadOnlyDictionary<string, GasVolumeBasis> VolumeBases { get; } = Codes<GasVolumeBasis>(GasVolume.CodeOf);

    public static IReadOnlyDictionary<string, ValuationMethod> Valuations { get; } = Codes<ValuationMethod>(CodeOf);

    public static IReadOnlyDictionary<string, ExcessSavingsTreatment> ExcessTreatments { get; } = Codes<ExcessSavingsTreatment>(CodeOf);

    public static IReadOnlyDictionary<string, EscalationTarget> EscalationTargets { get; } = Codes<EscalationTarget>(t => t.Code());

    public static IReadOnlyDictionary<string, PartyRole> BillPayers { get; } = new Dictionary<string, PartyRole>(StringComparer.Ordinal)
    {
        ["esco"] = PartyRole.Esco,
        ["host"] = PartyRole.Host,
    };

    public static IReadOnlyDictionary<string, PartyRole> BuyoutPayees { get; } = new Dictionary<string, PartyRole>(StringComparer.Ordinal)
    {
        ["esco"] = PartyRole.Esco,
        ["financier"] = PartyRole.Financier,
    };

    public static IReadOnlyDictionary<string, TouBand> Bands { get; } = Codes<TouBand>(b => b.Code());

    public static IReadOnlyDictionary<string, DemandChargeBasis> DemandBases { get; } = Codes<DemandChargeBasis>(b => b == DemandChargeBasis.MaximumDemand ? "maximum_demand" : "transformer_capacity");

    public static IReadOnlyDictionary<string, PriceStatus> PriceStatuses { get; } = Codes<PriceStatus>(CodeOf);

    public static string CodeOf(ValuationMethod method) => method == ValuationMethod.Tariff ? "tariff" : "agreed_price";

    public static string CodeOf(PriceStatus status) => status == PriceStatus.Published ? "published" : "illustrative";

    public static string CodeOf(ExcessSavingsTreatment treatment) => treatment switch
    {
        ExcessSavingsTreatment.KeptByHost => "kept_by_host",
        ExcessSavingsTreatment.Shared => "shared",
        ExcessSavingsTreatment.KeptByEsco => "kept_by_esco",
        _ => throw new ArgumentOutOfRangeException(nameof(treatment), treatment, null),
    };

    private static Dictionary<string, T> Codes<T>(Func<T, string> code)
        where T : struct, Enum =>
        Enum.GetValues<T>().ToDictionary(code, v => v, StringComparer.Ordinal);
}
