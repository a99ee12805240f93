namespace EnergySom.Baseline.Savings;

/// <summary>When the effective-sample-size correction n′ = n(1 − ρ)/(1 + ρ) is applied.</summary>
public enum AutocorrelationCorrection
{
    /// <summary>Always (CalTRACK 2.0 §4.3.2.4, eemeter).</summary>
    Always,

    /// <summary>Only when ρ ≥ 0.5 (the reading of ASHRAE Guideline 14-2014 p. 91 that kW-Labs' nmecr implements).</summary>
    WhenAtLeastHalf,

    /// <summary>Never (n′ = n).</summary>
    Never,
}
