using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace EnergySom.Metering.Storage.Influx;

/// <summary>
/// The thin HTTP transport to InfluxDB: posts line protocol to v1 <c>/write</c> or v2 <c>/api/v2/write</c> and runs
/// InfluxQL on <c>/query</c>, with HttpClient and System.Text.Json only. Turns every answer into success or a typed
/// error: <see cref="InfluxWriteException"/> (lines refused for good), <see cref="InfluxBodyTooLargeException"/>,
/// <see cref="ReadingStoreUnavailableException"/> (down, throttled, misconfigured: try again later),
/// <see cref="InfluxQueryException"/>.
/// </summary>
/// <remarks>
/// 429 and 503 are retried here after the server's Retry-After (seconds or an HTTP date), at most
/// <see cref="InfluxOptions.ThrottleRetries"/> times and never waiting longer than
/// <see cref="InfluxOptions.MaxRetryAfter"/>; after that the caller gets the Retry-After in the exception.
/// </remarks>
public sealed partial class InfluxHttpClient : IDisposable
{
    private readonly InfluxOptions _options;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly string _writePath;
    private readonly AuthenticationHeaderValue? _authorization;

    public InfluxHttpClient(InfluxOptions options, IClock clock, ILogger logger, HttpMessageHandler? handler = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"InfluxDB settings: {string.Join("; ", problems)}", nameof(options));
        }

        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            BaseAddress = options.Url,
            Timeout = Timeout.InfiniteTimeSpan, // each request has its own deadline
        };

        _writePath = options.Api == InfluxApi.V1
            ? $"write?db={Uri.EscapeDataString(options.Database!)}{(options.RetentionPolicy is { } rp ? "&rp=" + Uri.EscapeDataString(rp) : "")}&precision={options.Precision.V1Parameter()}"
            : $"api/v2/write?org={Uri.EscapeDataString(options.Org!)}&bucket={Uri.EscapeDataString(options.Bucket!)}&precision={options.Precision.V2Parameter()}";
        if (options.Token is { Length: > 0 } token)
        {
            _authorization = new AuthenticationHeaderValue("Token", token);
        }
        else if (options.Username is { Length: > 0 } user)
        {
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Password}")));
        }
    }

    /// <summary>Posts line protocol (<c>\n</c>-separated lines).</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken ct)
    {
        var body = _options.Gzip ? Compress(lines.Span) : lines.ToArray();
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _writePath);
            request.Headers.Authorization = _authorization;
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            if (_options.Gzip)
            {
                request.Content.Headers.ContentEncoding.Add("gzip");
            }

            using var response = await SendAsync(request, "write", ct);
            if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK)
            {
                return;
            }

            var text = InfluxErrorText.Extract(await response.Content.ReadAsStringAsync(ct));
            switch (response.StatusCode)
            {
                case HttpStatusCode.BadRequest:
                    throw InfluxErrorText.ParseWriteError(text);
                case HttpStatusCode.RequestEntityTooLarge:
                    throw new InfluxBodyTooLargeException($"InfluxDB refused a {body.Length:N0}-byte body as too large: {text}");
                case HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable:
                {
                    var retryAfter = RetryAfter(response);
                    if (attempt < _options.ThrottleRetries && (retryAfter ?? TimeSpan.Zero) <= _options.MaxRetryAfter)
                    {
                        var wait = retryAfter ?? TimeSpan.FromMilliseconds(200 * (1 << attempt));
                        LogThrottled((int)response.StatusCode, wait.TotalSeconds, attempt + 1);
                        await Task.Delay(wait, ct);
                        continue;
                    }

                    throw new ReadingStoreUnavailableException($"InfluxDB {_options.Url} answered {(int)response.StatusCode} ({text}) {attempt + 1} times", retryAfter);
                }

                case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                    throw new ReadingStoreUnavailableException($"InfluxDB {_options.Url} refused the credentials ({(int)response.StatusCode} {text}): check the username and password, or the token, and its write permission");
                case HttpStatusCode.NotFound:
                    throw new ReadingStoreUnavailableException($"InfluxDB {_options.Url} has no such {(_options.Api == InfluxApi.V1 ? $"database '{_options.Database}'" : $"org or bucket '{_options.Org}/{_options.Bucket}'")} (404 {text})");
                default:
                    throw new ReadingStoreUnavailableException($"InfluxDB {_options.Url} answered {(int)response.StatusCode}: {text}");
            }
        }
    }

    /// <summary>
    /// Runs InfluxQL (several statements may be joined with <c>;</c>); <paramref name="parameters"/> are bound to
    /// <c>$name</c> placeholders, so values never need quoting. Times come back as integers in the configured precision.
    /// </summary>
    /// <exception cref="InfluxQueryException">The server refused the query, or a statement failed inside a 200 answer.</exception>
    public async Task<IReadOnlyList<InfluxStatementResult>> QueryAsync(string query, IReadOnlyDictionary<string, string>? parameters, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(query);
        var form = new Dictionary<string, string>
        {
            ["db"] = _options.QueryDatabase,
            ["q"] = query,
            ["epoch"] = _options.Precision.EpochParameter(),
        };
        if (_options.RetentionPolicy is { } rp)
        {
            form["rp"] = rp;
        }

        if (parameters is { Count: > 0 })
        {
            form["params"] = JsonSerializer.Serialize(parameters);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "query") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = _authorization;
        using var response = await SendAsync(request, "query", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var text = InfluxErrorText.Extract(body);
            if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests)
            {
                throw new ReadingStoreUnavailableException($"InfluxDB {_options.Url} answered {(int)response.StatusCode} to a query: {text}", RetryAfter(response));
            }

            throw new InfluxQueryException($"InfluxDB refused the query ({(int)response.StatusCode}): {text}", query);
        }

        return ParseResults(body, query);
    }

    /// <summary>Checks that the server answers <c>/ping</c>; returns its version header.</summary>
    public async Task<string?> PingAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "ping");
        using var response = await SendAsync(request, "ping", ct);
        return response.Headers.TryGetValues("X-Influxdb-Version", out var values) ? values.FirstOrDefault() : null;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string what, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.RequestTimeout);
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            return response;
        }
        catch (HttpRequestException ex)
        {
            throw new ReadingStoreUnavailableException($"InfluxDB {_options.Url} cannot be reached ({what}): {ex.Message}", null, ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new ReadingStoreUnavailableException($"InfluxDB {_options.Url} did not answer a {what} within {_options.RequestTimeout.TotalSeconds:0} s", null, ex);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = Instant.FromDateTimeOffset(date) - _clock.GetCurrentInstant();
            return wait > Duration.Zero ? wait.ToTimeSpan() : TimeSpan.Zero;
        }

        return null;
    }

    private static byte[] Compress(ReadOnlySpan<byte> lines)
    {
        using var output = new MemoryStream(lines.Length / 4 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(lines);
        }

        return output.ToArray();
    }

    private static List<InfluxStatementResult> ParseResults(string body, string query)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var topError))
            {
                throw new InfluxQueryException($"InfluxDB: {topError.GetString()}", query);
            }

            var results = new List<InfluxStatementResult>();
            foreach (var result in root.GetProperty("results").EnumerateArray())
            {
                if (result.TryGetProperty("error", out var error))
                {
                    throw new InfluxQueryException($"InfluxDB: {error.GetString()}", query);
                }

                var series = new List<InfluxSeries>();
                if (result.TryGetProperty("series", out var seriesArray))
                {
                    foreach (var s in seriesArray.EnumerateArray())
                    {
                        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
                        if (s.TryGetProperty("tags", out var tagObject))
                        {
                            foreach (var tag in tagObject.EnumerateObject())
                            {
                                tags[tag.Name] = tag.Value.GetString() ?? "";
                            }
                        }

                        var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? "").ToList();
                        var rows = new List<object?[]>();
                        if (s.TryGetProperty("values", out var values))
                        {
                            foreach (var row in values.EnumerateArray())
                            {
                                var cells = new object?[columns.Count];
                                var i = 0;
                                foreach (var cell in row.EnumerateArray())
                                {
                                    if (i < cells.Length)
                                    {
                                        cells[i++] = Cell(cell);
                                    }
                                }

                                rows.Add(cells);
                            }
                        }

                        series.Add(new InfluxSeries(s.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "", tags, columns, rows));
                    }
                }

                results.Add(new InfluxStatementResult(
                    result.TryGetProperty("statement_id", out var id) ? id.GetInt32() : results.Count,
                    series,
                    result.TryGetProperty("partial", out var partial) && partial.ValueKind == JsonValueKind.True));
            }

            return results;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InfluxQueryException($"InfluxDB answered a query with something that is not an InfluxQL result: {ex.Message}", query);
        }
    }

    private static object? Cell(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Number => Number(cell),
        JsonValueKind.String => cell.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => cell.GetRawText(),
    };

    /// <summary>
    /// A JSON number as <see cref="long"/> when it is written as an integer (timestamps in nanoseconds need all 64
    /// bits), else as <see cref="double"/>; <c>-0</c> stays a negative zero.
    /// </summary>
    private static object Number(JsonElement cell)
    {
        var raw = cell.GetRawText();
        if (raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0 && raw != "-0" && cell.TryGetInt64(out var integer))
        {
            return integer;
        }

        return cell.GetDouble();
    }

    public void Dispose() => _http.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB answered {Status}; retrying the write in {Seconds:0.#} s (attempt {Attempt})")]
    private partial void LogThrottled(int status, double seconds, int attempt);
}

/// <summary>InfluxDB refused the request body as too large (413): send fewer points per request.</summary>
public sealed class InfluxBodyTooLargeException(string message) : Exception(message);
