namespace EnergySom.Contracts.Storage;

/// <summary>
/// The store cannot be used: the database is missing or unreachable, or its schema is not one this version
/// reads. The message names the store and what to do.
/// </summary>
public sealed class LedgerStoreException : Exception
{
    public LedgerStoreException()
    {
    }

    public LedgerStoreException(string message)
        : base(message)
    {
    }

    public LedgerStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
