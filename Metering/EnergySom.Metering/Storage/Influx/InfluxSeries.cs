namespace EnergySom.Metering.Storage.Influx;

/// <summary>One series of an InfluxQL result: name, tags (for GROUP BY), columns and rows.</summary>
/// <remarks>Row values are <see cref="long"/> (JSON integers, including whole floats: InfluxDB writes 12.0 as 12),
/// <see cref="double"/>, <see cref="string"/>, <see cref="bool"/> or null.</remarks>
public sealed record InfluxSeries(string Name, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    /// <summary>Index of a column, or -1.</summary>
    public int Column(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>The result of one statement of an InfluxQL query.</summary>
/// <param name="StatementId">Position of the statement in the query.</param>
/// <param name="Series">Its series (none for an empty result).</param>
/// <param name="Partial">True when the server cut the result short (its row limit).</param>
public sealed record InfluxStatementResult(int StatementId, IReadOnlyList<InfluxSeries> Series, bool Partial);
