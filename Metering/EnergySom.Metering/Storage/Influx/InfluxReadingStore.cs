using System.Globalization;
using System.Text;
using EnergySom.Metering.Quality;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace EnergySom.Metering.Storage.Influx;

/// <summary>
/// Readings in InfluxDB (1.x natively; 2.x and 3.x through <c>/api/v2/write</c> and their InfluxQL compatibility API).
/// Schema: one InfluxDB measurement per EnergySom measurement, tag <c>meter</c>, fields <c>value</c> (float) and
/// <c>flags</c> (integer); see <see cref="ReadingLineEncoder"/>.
/// </summary>
/// <remarks>
/// <para>Writes are idempotent: a point with the same measurement, tag set and timestamp replaces the stored
/// fields, so a replayed batch doubles nothing. A batch is sent in requests of <see cref="InfluxOptions.BatchPoints"/>
/// points; a request refused as too large (413) is split in half and sent again.</para>
/// <para>Refusals: readings the server refuses for good (an unparsable line, a field type conflict, a series name
/// line protocol cannot carry) are reported together in one <see cref="ReadingsRejectedException"/> after every
/// other reading of the batch was stored; the offending line is in each reason. A server that is down,
/// throttling or refusing the credentials gives <see cref="ReadingStoreUnavailableException"/>: retry later.</para>
/// <para>Reads page through InfluxQL (10,000 rows a query, bound parameters for the meter id). Calendar aggregation
/// runs here on the points read (<see cref="CalendarAggregation"/>), not in InfluxQL: <c>GROUP BY time(1d)</c> has no
/// months and its <c>tz()</c> handling of DST days differs between versions, and the contract tests demand the same
/// buckets from every store.</para>
/// </remarks>
public sealed partial class InfluxReadingStore : IReadingStore
{
    private const int PageRows = 10_000;
    private readonly InfluxOptions _options;
    private readonly InfluxHttpClient _client;
    private readonly ILogger _logger;
    private readonly ReadingLineEncoder _encoder;
    private readonly LineProtocolBuffer _buffer = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public InfluxReadingStore(InfluxOptions options, IClock clock, ILogger logger, HttpMessageHandler? handler = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _client = new InfluxHttpClient(options, clock, logger, handler);
        _encoder = new ReadingLineEncoder(options.Precision);
    }

    /// <summary>The settings (without secrets in <see cref="InfluxOptions.ToString"/>).</summary>
    public InfluxOptions Options => _options;

    /// <summary>The HTTP transport, for pings and ad-hoc queries.</summary>
    public InfluxHttpClient Client => _client;

    /// <inheritdoc/>
    public async ValueTask WriteAsync(IReadOnlyList<Reading> batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        await _writeGate.WaitAsync(ct);
        try
        {
            var rejected = new List<RejectedReading>();
            for (var start = 0; start < batch.Count; start += _options.BatchPoints)
            {
                var count = Math.Min(_options.BatchPoints, batch.Count - start);
                await WriteChunkAsync(batch, start, count, rejected, ct);
            }

            if (rejected.Count > 0)
            {
                LogRejected(rejected.Count, batch.Count, rejected[0].Reason);
                throw new ReadingsRejectedException(
                    $"InfluxDB refused {rejected.Count} of {batch.Count} readings for good (the others are stored): {rejected[0].Reason}", rejected);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task WriteChunkAsync(IReadOnlyList<Reading> batch, int start, int count, List<RejectedReading> rejected, CancellationToken ct)
    {
        // Encode, setting aside what line protocol cannot carry; remember where each line starts.
        _buffer.Clear();
        var lines = new List<(int Reading, int Start, int Length)>(count);
        for (var i = start; i < start + count; i++)
        {
            var before = _buffer.Length;
            try
            {
                _encoder.Append(_buffer, batch[i]);
                lines.Add((i, before, _buffer.Length - before));
            }
            catch (ArgumentException ex)
            {
                _buffer.Truncate(before);
                rejected.Add(new RejectedReading(batch[i], $"cannot be written as line protocol: {ex.Message}"));
            }
        }

        if (lines.Count == 0)
        {
            return;
        }

        var body = _buffer.Written.ToArray();
        await SendAsync(batch, body, lines, rejected, ct);
    }

    private async Task SendAsync(IReadOnlyList<Reading> batch, byte[] body, List<(int Reading, int Start, int Length)> lines, List<RejectedReading> rejected, CancellationToken ct)
    {
        try
        {
            await _client.WriteAsync(body.AsMemory(lines[0].Start, lines[^1].Start + lines[^1].Length - lines[0].Start), ct);
        }
        catch (InfluxBodyTooLargeException) when (lines.Count > 1)
        {
            var half = lines.Count / 2;
            await SendAsync(batch, body, lines[..half], rejected, ct);
            await SendAsync(batch, body, lines[half..], rejected, ct);
        }
        catch (InfluxWriteException ex)
        {
            rejected.AddRange(Identify(batch, body, lines, ex));
        }
    }

    /// <summary>Which readings of a refused request the server named: by the echoed line, or by measurement for a type conflict.</summary>
    private static List<RejectedReading> Identify(IReadOnlyList<Reading> batch, byte[] body, List<(int Reading, int Start, int Length)> lines, InfluxWriteException ex)
    {
        var result = new List<RejectedReading>();
        var named = new HashSet<int>();
        if (ex.UnparsedLines.Count > 0)
        {
            var byText = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            foreach (var (reading, lineStart, length) in lines)
            {
                var text = Encoding.UTF8.GetString(body, lineStart, length - 1);
                if (!byText.TryGetValue(text, out var list))
                {
                    byText.Add(text, list = []);
                }

                list.Add(reading);
            }

            foreach (var line in ex.UnparsedLines)
            {
                if (byText.TryGetValue(line, out var readings))
                {
                    foreach (var reading in readings.Where(named.Add))
                    {
                        result.Add(new RejectedReading(batch[reading], $"InfluxDB: unable to parse '{line}'"));
                    }
                }
            }
        }

        foreach (var conflict in ex.Conflicts)
        {
            foreach (var (reading, _, _) in lines)
            {
                if (batch[reading].Series.Measurement == conflict.Measurement && named.Add(reading))
                {
                    result.Add(new RejectedReading(batch[reading], $"InfluxDB: {conflict.Detail}"));
                }
            }
        }

        if (result.Count == 0)
        {
            // The server refused lines it did not name (points beyond the retention policy, an unmatched echo): set
            // aside the whole request so nothing can go missing unnoticed; those it stored are harmless duplicates there.
            foreach (var (reading, _, _) in lines)
            {
                result.Add(new RejectedReading(batch[reading], $"InfluxDB refused some lines of this request without naming them: {ex.Message}"));
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<Reading>> ReadAsync(SeriesKey series, Instant from, Instant to, CancellationToken ct)
    {
        var (fromTime, toTime) = (Clamp(from), Clamp(to));
        if (toTime <= fromTime)
        {
            return [];
        }

        var readings = new List<Reading>();
        var measurement = From(series.Measurement);
        var parameters = new Dictionary<string, string> { ["meter"] = series.Meter };
        var lower = $"time >= {fromTime}";
        while (true)
        {
            var query = string.Create(CultureInfo.InvariantCulture,
                $"SELECT \"value\", \"flags\" FROM {measurement} WHERE \"meter\" = $meter AND {lower} AND time < {toTime} ORDER BY time ASC LIMIT {PageRows}");
            var results = await _client.QueryAsync(query, parameters, ct);
            var rows = 0;
            long last = 0;
            foreach (var s in results.SelectMany(r => r.Series))
            {
                int t = s.Column("time"), v = s.Column("value"), f = s.Column("flags");
                foreach (var row in s.Rows)
                {
                    last = Convert.ToInt64(row[t], CultureInfo.InvariantCulture);
                    var value = row[v] is { } number ? Convert.ToDouble(number, CultureInfo.InvariantCulture) : double.NaN;
                    var flags = row[f] is { } bits ? (QualityFlags)Convert.ToUInt16(bits, CultureInfo.InvariantCulture) : QualityFlags.None;
                    readings.Add(new Reading(series, _encoder.ToInstant(last), value, double.IsFinite(value) ? flags : flags | QualityFlags.Invalid));
                    rows++;
                }
            }

            if (rows == 0 || (rows < PageRows && !results.Any(r => r.Partial)))
            {
                return readings;
            }

            lower = string.Create(CultureInfo.InvariantCulture, $"time > {last}");
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<SeriesKey>> ListSeriesAsync(CancellationToken ct)
    {
        var results = await _client.QueryAsync("SHOW SERIES", null, ct);
        var keys = new List<SeriesKey>();
        foreach (var row in results.SelectMany(r => r.Series).SelectMany(s => s.Rows))
        {
            if (row.Length > 0 && row[0] is string key && SeriesKeyText.TryParse(key, out var measurement, out var tags)
                && tags.TryGetValue(ReadingLineEncoder.MeterTag, out var meter) && meter.Length > 0 && !meter.Contains('/', StringComparison.Ordinal)
                && !measurement.Contains('/', StringComparison.Ordinal))
            {
                keys.Add(new SeriesKey(meter, measurement));
            }
        }

        return keys.Distinct().ToList();
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<CalendarBucket>> AggregateAsync(
        SeriesKey series, Instant from, Instant to, CalendarPeriod period, DateTimeZone zone, AggregateFunction function, CancellationToken ct)
    {
        var readings = await ReadAsync(series, from, to, ct);
        var times = new long[readings.Count];
        var values = new double[readings.Count];
        var flags = new QualityFlags[readings.Count];
        for (var i = 0; i < readings.Count; i++)
        {
            times[i] = readings[i].Time.ToUnixTimeTicks();
            values[i] = readings[i].Value;
            flags[i] = readings[i].Flags;
        }

        return CalendarAggregation.Aggregate(times, values, flags, from, to, period, zone, function);
    }

    private string From(string measurement) =>
        _options.RetentionPolicy is { } rp
            ? $"{SeriesKeyText.QuoteIdentifier(_options.QueryDatabase)}.{SeriesKeyText.QuoteIdentifier(rp)}.{SeriesKeyText.QuoteIdentifier(measurement)}"
            : SeriesKeyText.QuoteIdentifier(measurement);

    /// <summary>An instant as an InfluxQL time literal (nanoseconds), clamped to what InfluxDB can hold.</summary>
    private static long Clamp(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        return Math.Clamp(ticks, (long.MinValue / 100) + 1, long.MaxValue / 100) * 100;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _writeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "InfluxDB refused {Count} of {Total} readings for good: {Reason}")]
    private partial void LogRejected(int count, int total, string reason);
}
