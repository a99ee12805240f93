namespace EnergySom.Contracts.Terms;

/// <summary>
/// Early buy-out (提前回购): the host may end the contract early by paying the amount agreed for the contract year
/// in which the buy-out takes effect (typically the residual value of the equipment).
/// </summary>
/// <param name="AmountByYear">Buy-out amount if it takes effect in contract year 1, 2, …; yuan.</param>
/// <param name="Payee">Who is paid: the ESCO, or the financier under a finance lease.</param>
public sealed record EarlyBuyout(IReadOnlyList<decimal> AmountByYear, PartyRole Payee);
