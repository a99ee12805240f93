namespace EnergySom.Contracts.Settlement;

/// <summary>
/// A carrier's verified savings in the period, in its metered unit (kWh, or m³ on the contract's volume basis):
/// from the data, estimated, adjusted; and their value. Year-end guarantee true-ups add up <see cref="Total"/>.
/// </summary>
public sealed record CarrierTotal(string Carrier, string Unit, decimal Metered, decimal Estimated, decimal Adjustments, decimal Total, decimal Value);
