namespace EnergySom.Contracts.Settlement;

/// <summary>The policies a statement was computed with, as codes.</summary>
/// <param name="DemandProration">How a demand charge is split when its tariff changes within a month.</param>
/// <param name="GuaranteeProration">How a yearly guarantee is cut at an early buy-out.</param>
public sealed record StatementPolicies(
    string BandSplit,
    string MissingIntervals,
    string DailyAllocation,
    decimal RoundingStep,
    string RoundingMode,
    int QuantityDecimals,
    string DemandProration,
    string GuaranteeProration);
