using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Settlement;

/// <summary>What valuing one carrier's savings produced: lines, totals, data quality and the inputs to record.</summary>
internal sealed class CarrierResult(EnergyCarrier carrier, string unit)
{
    public EnergyCarrier Carrier { get; } = carrier;

    public string Unit { get; } = unit;

    public List<StatementLine> Lines { get; } = [];

    public List<StatementLine> CostLines { get; } = [];

    public decimal Metered { get; set; }

    public decimal Estimated { get; set; }

    public decimal Adjustments { get; set; }

    public List<DataQuality> Quality { get; } = [];

    public List<DisputedItem> Disputed { get; } = [];

    public List<TariffInput> Tariffs { get; } = [];

    public List<SeriesInput> Series { get; } = [];

    public List<DemandInput> Demand { get; } = [];

    public List<AdjustmentInput> AdjustmentInputs { get; } = [];

    public decimal Value => Lines.Sum(l => l.Amount);

    public decimal Cost => CostLines.Sum(l => l.Amount);

    public CarrierTotal Total() => new(Carrier.Code(), Unit, Metered, Estimated, Adjustments, Metered + Estimated + Adjustments, Value);
}
