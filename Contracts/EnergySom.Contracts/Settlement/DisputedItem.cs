namespace EnergySom.Contracts.Settlement;

/// <summary>
/// Savings left out of a statement's amounts for the parties to resolve (missing-interval policy <c>dispute</c>): a
/// run of missing intervals, with the model's estimate of the energy and value at stake when one was given.
/// </summary>
public sealed record DisputedItem(string Carrier, string From, string To, int Intervals, decimal? EstimatedQuantity, decimal? EstimatedValue, string Reason);
