namespace EnergySom.Contracts.Terms;

/// <summary>An energy carrier a contract may settle.</summary>
public enum EnergyCarrier
{
    /// <summary>Electricity, settled in kWh (and kW or kVA for a two-part tariff's demand or capacity charge).</summary>
    Electricity,

    /// <summary>Natural gas, settled in m³ on a stated volume basis.</summary>
    NaturalGas,
}

public static class EnergyCarrierExtensions
{
    /// <summary>The code used in contract files and statements.</summary>
    public static string Code(this EnergyCarrier carrier) => carrier switch
    {
        EnergyCarrier.Electricity => "electricity",
        EnergyCarrier.NaturalGas => "natural_gas",
        _ => throw new ArgumentOutOfRangeException(nameof(carrier), carrier, null),
    };

    public static string DisplayName(this EnergyCarrier carrier) => carrier switch
    {
        EnergyCarrier.Electricity => "electricity",
        EnergyCarrier.NaturalGas => "natural gas",
        _ => throw new ArgumentOutOfRangeException(nameof(carrier), carrier, null),
    };
}
