namespace EnergySom.Reporting.Carbon;

/// <summary>
/// An emission factor with its provenance: value, activity unit, what it is for, and the document and data
/// year it comes from. Factors are reference data with dates, never bare constants.
/// </summary>
/// <param name="Id">Stable identifier, e.g. <c>cn-grid-national-2023</c>.</param>
/// <param name="KgCo2PerUnit">kg CO₂ per activity unit.</param>
/// <param name="ActivityUnit">kWh or Nm3.</param>
/// <param name="Scope">GHG Protocol scope the factor serves (1 direct combustion, 2 purchased electricity).</param>
/// <param name="DataYear">Year the factor describes, where it has one.</param>
/// <param name="Published">Where and when it was published.</param>
/// <param name="Confidence">V read in the primary source; S secondary (press report, public code); R recalled.</param>
public sealed record EmissionFactor(
    string Id,
    string Description,
    double KgCo2PerUnit,
    string ActivityUnit,
    int Scope,
    int? DataYear,
    string Source,
    string Published,
    string Confidence);
