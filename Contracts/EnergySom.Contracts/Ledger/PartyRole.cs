namespace EnergySom.Contracts.Ledger;

/// <summary>The role a party acts in on a statement.</summary>
public enum PartyRole
{
    /// <summary>The energy service company: drafts statements and approves them first.</summary>
    Esco,

    /// <summary>The host factory: approves (making the statement final) or disputes.</summary>
    Factory,
}

/// <summary>Codes of <see cref="PartyRole"/> as written in payloads and on the command line.</summary>
public static class PartyRoles
{
    public static string Code(this PartyRole role) => role switch
    {
        PartyRole.Esco => "esco",
        PartyRole.Factory => "factory",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? code, out PartyRole role)
    {
        switch (code)
        {
            case "esco":
                role = PartyRole.Esco;
                return true;
            case "factory":
                role = PartyRole.Factory;
                return true;
            default:
                role = default;
                return false;
        }
    }

    /// <summary>How the role is named in messages.</summary>
    public static string Title(this PartyRole role) => role == PartyRole.Esco ? "the ESCO" : "the factory";
}
