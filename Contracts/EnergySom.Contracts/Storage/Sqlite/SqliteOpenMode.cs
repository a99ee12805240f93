namespace EnergySom.Contracts.Storage.Sqlite;

/// <summary>How a database file is opened.</summary>
public enum SqliteOpenMode
{
    /// <summary>Read and write; create the file when it does not exist.</summary>
    ReadWriteCreate,

    /// <summary>Read and write an existing file; fail when it does not exist.</summary>
    ReadWrite,

    /// <summary>Read an existing file only.</summary>
    ReadOnly,
}
