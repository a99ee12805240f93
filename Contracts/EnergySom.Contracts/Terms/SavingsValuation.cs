namespace EnergySom.Contracts.Terms;

/// <summary>How avoided energy of a carrier is turned into money.</summary>
public enum ValuationMethod
{
    /// <summary>At the tariff in force for each interval (time-of-use band for electricity).</summary>
    Tariff,

    /// <summary>At a fixed unit price agreed in the contract (may escalate by contract year).</summary>
    AgreedPrice,
}

/// <summary>The valuation of one carrier's savings.</summary>
/// <param name="AgreedUnitPrice">Yuan per unit (kWh or m³ on the tariff's basis) for <see cref="ValuationMethod.AgreedPrice"/>.</param>
/// <param name="PriceFloor">Lowest unit price savings are valued at when the tariff falls below it (yuan per unit), if agreed.</param>
public sealed record SavingsValuation(ValuationMethod Method, decimal? AgreedUnitPrice, decimal? PriceFloor)
{
    public static readonly SavingsValuation AtTariff = new(ValuationMethod.Tariff, null, null);
}
