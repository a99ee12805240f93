namespace EnergySom.Contracts.Terms;

/// <summary>An energy conservation measure (ECM, 节能措施) installed under the contract.</summary>
/// <param name="Carriers">Carriers whose use the measure reduces; each must be in the contract's scope.</param>
public sealed record ConservationMeasure(string Id, string Name, IReadOnlyList<EnergyCarrier> Carriers);
