using System.Globalization;
using EnergySom.Metering.Storage.Influx;

namespace EnergySom.Metering.Site;

/// <summary>
/// InfluxDB settings as the site file gives them (<c>store.influxdb</c>, every key optional), completed from the
/// environment: <c>ENERGYSOM_INFLUX_URL</c>, <c>_API</c>, <c>_DATABASE</c>, <c>_RETENTION_POLICY</c>, <c>_ORG</c>,
/// <c>_BUCKET</c>, <c>_USERNAME</c>, <c>_PASSWORD</c>, <c>_TOKEN</c>, <c>_PRECISION</c>, <c>_GZIP</c>,
/// <c>_BATCH_POINTS</c>, <c>_TIMEOUT</c>. A variable that is set wins over the file, so secrets can stay out of it.
/// </summary>
public sealed record InfluxSettings
{
    /// <summary>Prefix of the environment variables.</summary>
    public const string EnvironmentPrefix = "ENERGYSOM_INFLUX_";

    /// <summary>Setting name (as in the file) → value and line.</summary>
    public IReadOnlyDictionary<string, (string Value, int Line)> FromFile { get; init; } = new Dictionary<string, (string, int)>();

    /// <summary>The keys the file and the environment may set.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["url", "api", "database", "retention_policy", "org", "bucket", "username", "password", "token", "precision", "gzip", "batch_points", "timeout"];

    /// <summary>
    /// The settings of the file, overridden by the environment, checked: complete for the chosen API, well-formed.
    /// Errors name the file and line, or the variable.
    /// </summary>
    public InfluxOptions Resolve(string file, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var values = new Dictionary<string, (string Value, string Source, int Line)>();
        foreach (var (key, (value, line)) in FromFile)
        {
            values[key] = (value, file, line);
        }

        foreach (var key in Keys)
        {
            var variable = EnvironmentPrefix + key.ToUpperInvariant();
            if (environment.TryGetValue(variable, out var value) && !string.IsNullOrEmpty(value))
            {
                values[key] = (value, "environment", 0);
            }
        }

        SiteConfigException Error(string key, string problem) => values.TryGetValue(key, out var v)
            ? new SiteConfigException(v.Source, v.Line, v.Source == "environment" ? EnvironmentPrefix + key.ToUpperInvariant() : "store.influxdb." + key, problem)
            : new SiteConfigException(file, 0, "store.influxdb." + key, problem + $" (set it in the site file or {EnvironmentPrefix}{key.ToUpperInvariant()})");

        string? Get(string key) => values.TryGetValue(key, out var v) ? v.Value : null;

        if (Get("url") is not { } urlText)
        {
            throw Error("url", "is required to use InfluxDB");
        }

        if (!Uri.TryCreate(urlText.EndsWith('/') ? urlText : urlText + "/", UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw Error("url", $"'{urlText}' is not an http:// or https:// address");
        }

        var api = Get("api") switch
        {
            null or "v1" => InfluxApi.V1,
            "v2" or "v3" => InfluxApi.V2,
            var other => throw Error("api", $"'{other}' is not v1, v2 or v3"),
        };
        var precision = Get("precision") is { } p ? TimestampPrecisionExtensions.Parse(p) ?? throw Error("precision", $"'{p}' is not ns, us, ms or s") : TimestampPrecision.Nanoseconds;
        var gzip = Get("gzip") switch
        {
            null or "true" => true,
            "false" => false,
            var other => throw Error("gzip", $"'{other}' is not true or false"),
        };
        var batch = 5000;
        if (Get("batch_points") is { } b && (!int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out batch) || batch is < 1 or > 1_000_000))
        {
            throw Error("batch_points", $"'{b}' is not a whole number 1..1,000,000");
        }

        var timeout = TimeSpan.FromSeconds(30);
        if (Get("timeout") is { } t)
        {
            if (ConfigValues.ParseDuration(t) is not { } parsed || parsed <= TimeSpan.Zero)
            {
                throw Error("timeout", $"'{t}' is not a positive duration such as 30s");
            }

            timeout = parsed;
        }

        var options = new InfluxOptions
        {
            Url = url,
            Api = api,
            Database = Get("database"),
            RetentionPolicy = Get("retention_policy"),
            Org = Get("org"),
            Bucket = Get("bucket"),
            Username = Get("username"),
            Password = Get("password"),
            Token = Get("token"),
            Precision = precision,
            Gzip = gzip,
            BatchPoints = batch,
            RequestTimeout = timeout,
        };
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            var key = problems[0] switch
            {
                var s when s.StartsWith("database", StringComparison.Ordinal) => "database",
                var s when s.StartsWith("bucket", StringComparison.Ordinal) => "bucket",
                var s when s.StartsWith("org", StringComparison.Ordinal) => "org",
                var s when s.StartsWith("username", StringComparison.Ordinal) => values.ContainsKey("username") ? "password" : "username",
                _ => "url",
            };
            throw Error(key, problems[0]);
        }

        return options;
    }

    /// <summary>The process environment, for <see cref="Resolve"/>.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment() =>
        Keys.Select(k => EnvironmentPrefix + k.ToUpperInvariant()).ToDictionary(k => k, Environment.GetEnvironmentVariable);
}
