namespace EnergySom.Contracts.Tariffs;

/// <summary>What the basic (capacity) charge of a two-part tariff (两部制电价) is levied on.</summary>
public enum DemandChargeBasis
{
    /// <summary>按需量: the month's highest 15-minute average demand, yuan/kW·month.</summary>
    MaximumDemand,

    /// <summary>按容量: the contracted transformer capacity, yuan/kVA·month.</summary>
    TransformerCapacity,
}

/// <summary>The basic charge of a two-part tariff.</summary>
/// <param name="Price">Yuan per kW·month (maximum demand) or per kVA·month (capacity).</param>
/// <param name="DemandIntervalMinutes">Averaging interval of the maximum demand, 15 minutes in Chinese practice.</param>
public sealed record DemandCharge(DemandChargeBasis Basis, decimal Price, int DemandIntervalMinutes = 15)
{
    public string Unit => Basis == DemandChargeBasis.MaximumDemand ? "kW" : "kVA";

    public string Code => Basis == DemandChargeBasis.MaximumDemand ? "maximum_demand" : "transformer_capacity";
}
