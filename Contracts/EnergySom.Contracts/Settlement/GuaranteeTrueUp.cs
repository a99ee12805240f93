namespace EnergySom.Contracts.Settlement;

/// <summary>
/// The comparison of a contract year's verified savings with the guarantee, made in the year's last period (or at
/// an early buy-out, against the guarantee pro rata to the days elapsed).
/// </summary>
/// <param name="Guaranteed">Guaranteed quantity for the year (pro rata on a buy-out), metered unit.</param>
/// <param name="Verified">Sum of the year's carrier totals, this statement included.</param>
/// <param name="Shortfall">max(0, guaranteed − verified).</param>
/// <param name="Excess">max(0, verified − guaranteed).</param>
/// <param name="UnitPrice">Agreed price of the year (after escalation), yuan per unit.</param>
public sealed record GuaranteeTrueUp(string Clause, string Carrier, string Unit, int ContractYear, decimal Guaranteed, decimal Verified, decimal Shortfall, decimal Excess, decimal UnitPrice);
