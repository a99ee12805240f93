namespace EnergySom.Contracts.Terms;

/// <summary>The site the contract covers.</summary>
public sealed record Site(string Id, string Name, string? Address);
