namespace EnergySom.Contracts.Storage.Sqlite;

/// <summary>The SQLite result codes the wrapper acts on (https://www.sqlite.org/rescode.html).</summary>
internal static class SqliteCodes
{
    public const int Ok = 0;
    public const int Busy = 5;
    public const int Constraint = 19;
    public const int Row = 100;
    public const int Done = 101;
    public const int ConstraintPrimaryKey = 1555;
    public const int ConstraintUnique = 2067;

    public const int TypeInteger = 1;
    public const int TypeText = 3;
    public const int TypeBlob = 4;
    public const int TypeNull = 5;
}
