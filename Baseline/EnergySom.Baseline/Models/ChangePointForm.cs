namespace EnergySom.Baseline.Models;

/// <summary>
/// The change-point model forms of ASHRAE RP-1050 / the Inverse Modeling Toolkit (Kissock, Haberl, Claridge 2003),
/// as ASHRAE Guideline 14 uses them (reference/standards.md §1.3). X is the driver (outdoor temperature),
/// (·)⁻ = min(·, 0), (·)⁺ = max(·, 0).
/// </summary>
public enum ChangePointForm
{
    /// <summary>1P, E = β₀: weather-independent; the fallback when no weather model qualifies.</summary>
    Mean,

    /// <summary>2P, E = β₀ + β₁X.</summary>
    TwoParameter,

    /// <summary>3P heating, E = β₀ + β₁(X − τ)⁻ with β₁ &lt; 0: flat above τ, rising as it gets colder.</summary>
    ThreeParameterHeating,

    /// <summary>3P cooling, E = β₀ + β₂(X − τ)⁺ with β₂ &gt; 0: flat below τ, rising as it gets warmer.</summary>
    ThreeParameterCooling,

    /// <summary>4P, E = β₀ + β₁(X − τ)⁻ + β₂(X − τ)⁺ with β₁ &lt; β₂ (convex): two slopes meeting at τ.</summary>
    FourParameter,

    /// <summary>5P, E = β₀ + β₁(X − τ₁)⁻ + β₂(X − τ₂)⁺ with β₁ &lt; 0 &lt; β₂ and τ₁ &lt; τ₂: a flat band between heating and cooling.</summary>
    FiveParameter,
}
