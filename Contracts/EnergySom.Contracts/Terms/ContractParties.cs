namespace EnergySom.Contracts.Terms;

/// <summary>The energy service company, the host factory and, for a finance lease, the financier.</summary>
public sealed record ContractParties(Party Esco, Party Host, Party? Financier);

/// <summary>Roles that receive or pay money in a statement.</summary>
public enum PartyRole
{
    Esco,
    Host,
    Financier,
}

public static class PartyRoleExtensions
{
    public static string Code(this PartyRole role) => role switch
    {
        PartyRole.Esco => "esco",
        PartyRole.Host => "host",
        PartyRole.Financier => "financier",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
