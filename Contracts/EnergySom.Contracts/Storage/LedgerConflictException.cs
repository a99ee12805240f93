namespace EnergySom.Contracts.Storage;

/// <summary>
/// An append lost a race: another writer (another process, or another node on PostgreSQL) appended first, so
/// the entry no longer chains onto the head. Nothing was written; the writer re-reads the head, re-checks the
/// workflow and signs a new entry.
/// </summary>
public sealed class LedgerConflictException : Exception
{
    public LedgerConflictException()
    {
    }

    public LedgerConflictException(string message)
        : base(message)
    {
    }

    public LedgerConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
