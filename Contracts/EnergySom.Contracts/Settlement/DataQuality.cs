namespace EnergySom.Contracts.Settlement;

/// <summary>A run of consecutive missing intervals (or days), <c>[From, To)</c>, as ISO-8601 instants (or dates).</summary>
public sealed record MissingRange(string From, string To, int Count);

/// <summary>How complete a carrier's savings data was in the period, and what the missing-interval policy did.</summary>
/// <param name="Form"><c>interval</c>, <c>daily</c> or <c>period_total</c>.</param>
/// <param name="Expected">Intervals (or days) in the period.</param>
/// <param name="Estimated">Missing intervals priced at the model's estimate.</param>
public sealed record DataQuality(string Carrier, string Form, int Expected, int Present, int Missing, int Estimated, IReadOnlyList<MissingRange> MissingRanges);
