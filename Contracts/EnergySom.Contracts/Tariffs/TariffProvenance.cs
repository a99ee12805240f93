namespace EnergySom.Contracts.Tariffs;

/// <summary>Whether a tariff's prices are the published ones or stand-ins.</summary>
public enum PriceStatus
{
    /// <summary>Prices as published by the price authority or the grid company for this version.</summary>
    Published,

    /// <summary>Prices not verified against a published table: for examples and tests, never for a real settlement.</summary>
    Illustrative,
}

/// <summary>
/// Where a tariff version comes from. Confidence uses the tags of reference/standards.md: V read in a primary
/// source, S secondary source, R recalled and not re-verified.
/// </summary>
/// <param name="Document">The notice or price table, e.g. <c>粤发改价格〔2021〕331号</c>.</param>
/// <param name="AppliesTo">Region and customer class, e.g. <c>Guangdong, large industry 1–10 kV</c>.</param>
public sealed record TariffProvenance(string Document, string Confidence, PriceStatus Prices, string? AppliesTo, string? Note)
{
    public static TariffProvenance Unspecified(string document) => new(document, "R", PriceStatus.Illustrative, null, null);
}
