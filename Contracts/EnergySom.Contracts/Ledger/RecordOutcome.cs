namespace EnergySom.Contracts.Ledger;

/// <summary>What recording a contract or a statement did.</summary>
public enum RecordOutcome
{
    /// <summary>A new entry was appended.</summary>
    Recorded,

    /// <summary>The same document was already in the ledger under the same id: nothing was appended.</summary>
    AlreadyRecorded,
}
