namespace EnergySom.Contracts.Terms;

/// <summary>
/// A guaranteed quantity of savings of one carrier per contract year, valued at an agreed unit price for the
/// shortfall (and the excess, where shared).
/// </summary>
/// <param name="QuantityPerYear">Guaranteed avoided energy per contract year, in the carrier's metered unit (kWh, or m³ on the carrier's volume basis).</param>
/// <param name="UnitPrice">Agreed price, yuan per that unit (escalates if the contract says so).</param>
public sealed record SavingsGuarantee(EnergyCarrier Carrier, decimal QuantityPerYear, decimal UnitPrice);
