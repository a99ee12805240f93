namespace EnergySom.Baseline.Models;

/// <summary>What a meter measures, as far as model forms care.</summary>
public enum Fuel
{
    /// <summary>Electricity: heating and cooling terms.</summary>
    Electricity,

    /// <summary>Natural gas: heating only (CalTRACK 2.0 fits no cooling terms for gas).</summary>
    Gas,
}
