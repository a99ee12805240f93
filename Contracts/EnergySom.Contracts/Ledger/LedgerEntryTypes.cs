namespace EnergySom.Contracts.Ledger;

/// <summary>The entry types of ledger schema 1, as stored in the <c>entry_type</c> column and hashed.</summary>
public static class LedgerEntryTypes
{
    /// <summary>A party's public key (first key, introduced key, or rotation). Subject: the party.</summary>
    public const string KeyRegistered = "key.registered";

    /// <summary>A contract document, by its ESCO. Subject: the contract id.</summary>
    public const string ContractRegistered = "contract.registered";

    /// <summary>A settlement statement as computed, by the ESCO. Subject: the statement id.</summary>
    public const string StatementDrafted = "statement.drafted";

    /// <summary>The ESCO's or the factory's approval of a statement.</summary>
    public const string StatementApproved = "statement.approved";

    /// <summary>A party disputes a statement, with a reason.</summary>
    public const string StatementDisputed = "statement.disputed";

    /// <summary>A final statement is reversed (the correction is a new statement), with a reason.</summary>
    public const string StatementReversed = "statement.reversed";

    /// <summary>A party attests that it verified every entry and signature up to a sequence number. Subject: <c>ledger</c>.</summary>
    public const string Checkpoint = "ledger.checkpoint";

    /// <summary>Every type this version understands.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        KeyRegistered, ContractRegistered, StatementDrafted, StatementApproved, StatementDisputed, StatementReversed, Checkpoint,
    };
}
