namespace EnergySom.Contracts.Terms;

/// <summary>A party to the contract.</summary>
/// <param name="Id">Short stable identifier used in statements and the ledger (e.g. <c>huadong-es</c>).</param>
/// <param name="Name">Registered name.</param>
/// <param name="CreditCode">Unified social credit code (统一社会信用代码, 18 characters), when given.</param>
public sealed record Party(string Id, string Name, string? CreditCode);
