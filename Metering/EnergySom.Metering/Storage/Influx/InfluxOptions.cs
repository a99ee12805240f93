namespace EnergySom.Metering.Storage.Influx;

/// <summary>
/// How to reach InfluxDB. Writes go to v1 <c>/write</c> or v2/v3 <c>/api/v2/write</c>; reads always use InfluxQL on
/// <c>/query</c>, which 1.x serves natively and 2.x/3.x serve through their v1 compatibility API (a database and
/// retention policy mapped to the bucket).
/// </summary>
public sealed record InfluxOptions
{
    /// <summary>Base address, e.g. <c>http://127.0.0.1:8086/</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>Write API.</summary>
    public InfluxApi Api { get; init; } = InfluxApi.V1;

    /// <summary>Database (v1 writes; InfluxQL reads on every version).</summary>
    public string? Database { get; init; }

    /// <summary>Retention policy (v1); the database's default when null.</summary>
    public string? RetentionPolicy { get; init; }

    /// <summary>Organisation (v2 writes).</summary>
    public string? Org { get; init; }

    /// <summary>Bucket (v2 writes).</summary>
    public string? Bucket { get; init; }

    /// <summary>User for v1 basic authentication.</summary>
    public string? Username { get; init; }

    /// <summary>Password for v1 basic authentication.</summary>
    public string? Password { get; init; }

    /// <summary>API token (v2/v3, <c>Authorization: Token …</c>).</summary>
    public string? Token { get; init; }

    /// <summary>Timestamp unit of writes and reads.</summary>
    public TimestampPrecision Precision { get; init; } = TimestampPrecision.Nanoseconds;

    /// <summary>Gzip request bodies (<c>Content-Encoding: gzip</c>).</summary>
    public bool Gzip { get; init; } = true;

    /// <summary>Points per write request (5,000 is about 0.5 MB; InfluxDB 1.x refuses bodies over 25 MB).</summary>
    public int BatchPoints { get; init; } = 5000;

    /// <summary>Time limit of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a 429/503 is retried (after its Retry-After) before the write is reported unavailable.</summary>
    public int ThrottleRetries { get; init; } = 3;

    /// <summary>Longest Retry-After honoured inside one write; a longer one is handed to the caller (the forwarder waits).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The database InfluxQL queries name: <see cref="Database"/>, else the bucket (2.x maps buckets to databases).</summary>
    public string QueryDatabase => Database ?? Bucket ?? throw new InvalidOperationException("no database or bucket configured");

    /// <summary>Checks that the settings are complete for the chosen API; returns the problems (empty when fine).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"url '{Url}' must be an absolute http:// or https:// address");
        }

        if (Api == InfluxApi.V1)
        {
            if (string.IsNullOrEmpty(Database))
            {
                problems.Add("database is required for the v1 API");
            }

            if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
            {
                problems.Add("username and password go together");
            }
        }
        else
        {
            if (string.IsNullOrEmpty(Bucket))
            {
                problems.Add("bucket is required for the v2 API");
            }

            if (string.IsNullOrEmpty(Org))
            {
                problems.Add("org is required for the v2 API");
            }
        }

        if (BatchPoints is < 1 or > 1_000_000)
        {
            problems.Add($"batch_points {BatchPoints} must be 1..1,000,000");
        }

        return problems;
    }

    /// <summary>The settings without secrets, for logs.</summary>
    public override string ToString() =>
        $"{Api} {Url} db={Database ?? "-"} rp={RetentionPolicy ?? "-"} org={Org ?? "-"} bucket={Bucket ?? "-"} user={Username ?? "-"} token={(Token is null ? "-" : "***")} precision={Precision.V2Parameter()} gzip={Gzip}";
}
