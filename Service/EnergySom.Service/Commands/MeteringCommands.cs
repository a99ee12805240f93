using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EnergySom.Firmware.Quantities;
using EnergySom.Metering.Buffer;
using EnergySom.Metering.Collection;
using EnergySom.Metering.Quality;
using EnergySom.Metering.Site;
using EnergySom.Metering.Storage;
using EnergySom.Metering.Storage.Influx;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Text;

namespace EnergySom.Service.Commands;

/// <summary>
/// <c>energysom collect --site FILE [--store embedded|influxdb] [--data DIR]</c>,
/// <c>energysom collect status [--data DIR] [--json]</c> and
/// <c>energysom readings export --meter ID --from --to [--interval 15m|1h|1d|1mo] [--format csv|json]</c>.
/// Composition only: the site loader, collector, write-ahead buffer, forwarder, stores and interval builder do the work.
/// </summary>
public static partial class MeteringCommands
{
    /// <summary>How long a stopping collector lets the forwarder catch up (the command line gives a stop 2 s in all).</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(1);
    private static readonly OffsetDateTimePattern LocalPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    /// <summary>The <c>collect</c> command and its <c>status</c> subcommand.</summary>
    public static Command CreateCollect()
    {
        var site = new Option<string>("--site") { Description = "The site file (site.yaml): time zone, gateways, meters, buffer and store", Required = true };
        var store = new Option<string?>("--store") { Description = "embedded or influxdb (default: the site file's store.kind, else embedded)" };
        store.AcceptOnlyFromAmong("embedded", "influxdb");
        var data = DataOption();
        var statusEvery = new Option<double>("--status-interval")
        {
            Description = "Seconds between status lines on standard output",
            DefaultValueFactory = _ => 10,
        };
        var command = new Command("collect", "Poll the site's meters into the write-ahead buffer and on to the store, until Ctrl-C or SIGTERM.")
        {
            site, store, data, statusEvery,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            token => CollectAsync(parse.GetValue(site)!, parse.GetValue(store), parse.GetValue(data)!, parse.GetValue(statusEvery), token),
            ct));
        command.Subcommands.Add(CreateStatus());
        return command;
    }

    /// <summary>The <c>readings</c> command group (<c>readings export</c>).</summary>
    public static Command CreateReadings()
    {
        var meter = new Option<string>("--meter") { Description = "Meter id as in the site file", Required = true };
        var from = new Option<string>("--from") { Description = "Start: a local date (2025-01-01), local time (2025-01-01T08:00) or instant with offset; floored to the interval", Required = true };
        var to = new Option<string>("--to") { Description = "End (exclusive), same forms; raised to the interval", Required = true };
        var interval = new Option<string>("--interval") { Description = "15m, 1h, 1d or 1mo, in the site's time zone", DefaultValueFactory = _ => "15m" };
        interval.AcceptOnlyFromAmong("15m", "1h", "1d", "1mo");
        var format = new Option<string>("--format") { Description = "csv or json", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var site = new Option<string>("--site") { Description = "The site file", DefaultValueFactory = _ => "site.yaml" };
        var store = new Option<string?>("--store") { Description = "embedded or influxdb (default: the site file's)" };
        store.AcceptOnlyFromAmong("embedded", "influxdb");
        var data = DataOption();
        var point = new Option<string?>("--point") { Description = "Profile point or stored measurement (default: the meter's import energy register)" };
        var method = new Option<string?>("--method") { Description = "counter, interval or mean (default: from the point's quantity)" };
        method.AcceptOnlyFromAmong("counter", "interval", "mean");
        var output = new Option<string?>("--output") { Description = "Write to this file instead of standard output" };
        var export = new Command("export", "Interval values of a meter (energy from its counters, with quality flags and the raw readings they came from).")
        {
            meter, from, to, interval, format, site, store, data, point, method, output,
        };
        export.SetAction((parse, ct) => CommandRunner.RunAsync(
            token => ExportAsync(
                new ExportRequest(parse.GetValue(meter)!, parse.GetValue(from)!, parse.GetValue(to)!, parse.GetValue(interval)!, parse.GetValue(format)!,
                    parse.GetValue(site)!, parse.GetValue(store), parse.GetValue(data)!, parse.GetValue(point), parse.GetValue(method), parse.GetValue(output)),
                token),
            ct));
        return new Command("readings", "Read what the collector stored.") { export };
    }

    private static Option<string> DataOption() => new("--data")
    {
        Description = "Data folder: the embedded store, the write-ahead buffer (wal/)",
        DefaultValueFactory = _ => "data",
    };

    private static Command CreateStatus()
    {
        var data = DataOption();
        var json = new Option<bool>("--json") { Description = "Print the buffer state as JSON" };
        var status = new Command("status", "Show the write-ahead buffer: readings waiting for the store, the full alarm, the last error.") { data, json };
        status.SetAction((parse, ct) => CommandRunner.RunAsync(token => StatusAsync(parse.GetValue(data)!, parse.GetValue(json), token), ct));
        return status;
    }

    // ------------------------------------------------------------------ collect

    private static async Task<int> CollectAsync(string sitePath, string? storeOverride, string dataPath, double statusSeconds, CancellationToken ct)
    {
        var site = LoadSite(sitePath);
        if (statusSeconds is <= 0 or > 86_400 || double.IsNaN(statusSeconds))
        {
            throw new UserFacingException($"--status-interval {statusSeconds}: must be more than 0 and at most 86400 seconds");
        }

        var data = PrepareDataFolder(dataPath);
        using var loggerFactory = Loggers(LogLevel.Information);
        var logger = loggerFactory.CreateLogger("energysom.collect");
        var clock = SystemClock.Instance;
        var kind = ParseStoreKind(storeOverride) ?? site.Store.Kind;

        await using var store = await OpenStoreAsync(site, kind, data, readOnly: false, clock, loggerFactory, ct);
        WriteAheadBuffer buffer;
        try
        {
            buffer = WriteAheadBuffer.Open(Path.Combine(data, "wal"), site.Buffer, clock, loggerFactory.CreateLogger<WriteAheadBuffer>());
        }
        catch (IOException ex)
        {
            throw new UserFacingException(ex.Message, ex);
        }

        var forwarder = new Forwarder(buffer, store, new ForwarderOptions(), loggerFactory.CreateLogger<Forwarder>());
        using var forwardStop = new CancellationTokenSource();
        var forwarding = Task.Run(() => forwarder.RunAsync(forwardStop.Token), CancellationToken.None);
        var collector = new Collector(site.ToGatewayConfigs(), buffer, clock, site.Collection, loggerFactory.CreateLogger<Collector>());
        var startState = buffer.State;
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"energysom collect: ready: site {site.Id} ({site.Zone.Id}), {site.Meters.Count()} meters on {site.Gateways.Count} gateways; store {Describe(store)}; buffer {buffer.Directory} ({startState.PendingReadings} readings pending from before)"));

        var collecting = collector.RunAsync(ct);
        var reporting = ReportAsync(collector, buffer, TimeSpan.FromSeconds(statusSeconds), ct);
        var failed = false;
        try
        {
            await collecting.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: stop as below.
        }
        catch (Exception ex)
        {
            failed = true;
            LogCollectorStopped(logger, ex.Message);
        }

        // Graceful stop: everything acknowledged is already on disk; the forwarder gets a moment to catch up.
        await forwardStop.CancelAsync();
        await forwarding;
        using (var window = new CancellationTokenSource(DrainTimeout))
        {
            var draining = forwarder.DrainAsync(window.Token);
            await Task.WhenAny(collecting, Task.Delay(DrainTimeout, CancellationToken.None));
            await draining;
        }

        await buffer.DisposeAsync(); // a write still waiting for room is told it was not taken
        try
        {
            await collecting;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
        {
            LogBatchNotTaken(logger);
        }

        await reporting;
        var end = buffer.State;
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"energysom collect: stopped: {collector.ReadingsStored} readings acknowledged this run; {end.ForwardedReadings} forwarded; {end.PendingReadings} wait in the buffer for the next start"));
        return failed ? 1 : 0;
    }

    private static async Task ReportAsync(Collector collector, WriteAheadBuffer buffer, TimeSpan every, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var s = buffer.State;
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"status: polls {collector.PollsOk} ok, {collector.PollsFailed} failed; {collector.ReadingsStored} readings acknowledged; buffer {s.PendingReadings} pending ({s.PendingBytes} bytes of {s.CapacityBytes}), {s.ForwardedReadings} forwarded, {s.RejectedReadings} set aside{(s.IsFull ? "; FULL" : "")}{(s.LastForwardError is { } e ? "; store: " + e : "")}"));
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    // ------------------------------------------------------------------ collect status

    private static async Task<int> StatusAsync(string dataPath, bool json, CancellationToken ct)
    {
        var wal = Path.Combine(Path.GetFullPath(dataPath), "wal");
        BufferState? state;
        try
        {
            state = BufferStateFile.Read(wal);
        }
        catch (InvalidDataException ex)
        {
            throw new UserFacingException(ex.Message, ex);
        }

        if (state is null)
        {
            throw new UserFacingException($"no write-ahead buffer in {wal}: has `energysom collect --data {dataPath}` run?");
        }

        var running = IsLocked(Path.Combine(wal, "buffer.lock"));
        if (json)
        {
            await Console.Out.WriteLineAsync(await File.ReadAllTextAsync(Path.Combine(wal, BufferStateFile.FileName), ct));
            return 0;
        }

        var c = CultureInfo.InvariantCulture;
        var out_ = new StringBuilder();
        out_.AppendLine(c, $"buffer      {state.Directory} ({(running ? "a collector is running" : "no collector running")}; as of {InstantPattern.ExtendedIso.Format(state.UpdatedAt)})");
        out_.AppendLine(c, $"pending     {state.PendingReadings} readings in {state.PendingBatches} batches, {state.PendingBytes:N0} of {state.CapacityBytes:N0} bytes ({100.0 * state.PendingBytes / state.CapacityBytes:0.#} %)");
        if (state.OldestPendingAppendedAt is { } oldest)
        {
            out_.AppendLine(c, $"oldest      appended {InstantPattern.ExtendedIso.Format(oldest)}");
        }

        out_.AppendLine(c, $"forwarded   {state.ForwardedReadings} readings since the collector started");
        out_.AppendLine(c, $"set aside   {state.RejectedReadings} readings the store refused (see {Path.Combine(wal, "rejected.jsonl")})");
        if (state.IsFull)
        {
            out_.AppendLine(c, $"ALARM       FULL since {(state.FullSince is { } since ? InstantPattern.ExtendedIso.Format(since) : "?")}: polling waits until the store takes data");
        }

        if (state.QuarantinedSegments > 0)
        {
            out_.AppendLine(c, $"ALARM       {state.QuarantinedSegments} damaged segment(s) in {Path.Combine(wal, "quarantine")}");
        }

        if (state.LastForwardError is { } error)
        {
            out_.AppendLine(c, $"store error {error}");
        }

        await Console.Out.WriteAsync(out_.ToString());
        return 0;
    }

    private static bool IsLocked(string lockPath)
    {
        if (!File.Exists(lockPath))
        {
            return false;
        }

        try
        {
            using var probe = ExclusiveLock.Acquire(lockPath, "probe");
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    // ------------------------------------------------------------------ readings export

    private sealed record ExportRequest(
        string Meter, string From, string To, string Interval, string Format, string Site, string? Store, string Data, string? Point, string? Method, string? Output);

    private static async Task<int> ExportAsync(ExportRequest request, CancellationToken ct)
    {
        var site = LoadSite(request.Site);
        var meter = site.FindMeter(request.Meter)
            ?? throw new UserFacingException($"site {site.Id} ({site.FilePath}) has no meter '{request.Meter}' (meters: {string.Join(", ", site.Meters.Select(m => m.Id))})");
        var period = request.Interval switch
        {
            "15m" => CalendarPeriod.QuarterHour,
            "1h" => CalendarPeriod.Hour,
            "1d" => CalendarPeriod.Day,
            _ => CalendarPeriod.Month,
        };
        var measurement = request.Point ?? meter.DefaultEnergyPoint()?.Name
            ?? throw new UserFacingException($"meter '{meter.Id}' reads no energy register; name the series with --point");
        var profilePoint = meter.Profile.FindPoint(measurement);
        var quantity = profilePoint?.Quantity ?? (Quantity.TryParse(measurement, out var q) ? q : null);
        var method = request.Method switch
        {
            "counter" => IntervalMethod.Counter,
            "interval" => IntervalMethod.Interval,
            "mean" => IntervalMethod.Mean,
            _ => quantity?.Kind switch
            {
                QuantityKind.Counter => IntervalMethod.Counter,
                QuantityKind.Interval => IntervalMethod.Interval,
                QuantityKind.Instantaneous => IntervalMethod.Mean,
                _ => throw new UserFacingException($"'{measurement}' is neither a point of profile {meter.Profile.Id} nor a known quantity; say how to read it with --method counter|interval|mean"),
            },
        };
        var from = ParseTime(request.From, "--from", site.Zone);
        var to = ParseTime(request.To, "--to", site.Zone);
        if (to <= from)
        {
            throw new UserFacingException($"--to {request.To} is not after --from {request.From}");
        }

        var kind = ParseStoreKind(request.Store) ?? site.Store.Kind;
        using var loggerFactory = Loggers(LogLevel.Warning);
        await using var store = await OpenStoreAsync(site, kind, Path.GetFullPath(request.Data), readOnly: true, SystemClock.Instance, loggerFactory, ct);
        IntervalSeries series;
        try
        {
            series = await IntervalSeriesBuilder.BuildAsync(store, new IntervalSeriesBuilder.Request(
                new SeriesKey(meter.Id, measurement), method, quantity?.Unit.Symbol ?? "", from, to, period, site.Zone,
                profilePoint is not null ? meter.CounterSpec(profilePoint) : new CounterSpec { MaxRatePerHour = meter.RatedPowerKw },
                meter.Replacements), ct);
        }
        catch (Exception ex) when (ex is ReadingStoreUnavailableException or InfluxQueryException or InvalidDataException)
        {
            throw new UserFacingException($"cannot read the store: {ex.Message}", ex);
        }

        var text = request.Format == "json" ? Json(site, series) : Csv(series);
        if (request.Output is { } path)
        {
            await File.WriteAllTextAsync(path, text, ct);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"energysom: {series.Values.Count} intervals of {meter.Id}/{measurement} written to {path}"));
        }
        else
        {
            await Console.Out.WriteAsync(text);
        }

        return 0;
    }

    private static Instant ParseTime(string text, string option, DateTimeZone zone)
    {
        var withOffset = OffsetDateTimePattern.GeneralIso.Parse(text);
        if (withOffset.Success)
        {
            return withOffset.Value.ToInstant();
        }

        var instant = InstantPattern.ExtendedIso.Parse(text);
        if (instant.Success)
        {
            return instant.Value;
        }

        var date = LocalDatePattern.Iso.Parse(text);
        if (date.Success)
        {
            return zone.AtStartOfDay(date.Value).ToInstant();
        }

        foreach (var pattern in new[] { LocalDateTimePattern.GeneralIso, LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm") })
        {
            var local = pattern.Parse(text);
            if (local.Success)
            {
                return zone.ResolveLocal(local.Value, NodaTime.TimeZones.Resolvers.LenientResolver).ToInstant();
            }
        }

        throw new UserFacingException($"{option} '{text}' is not a date (2025-01-01), local time (2025-01-01T08:00) or instant (2025-01-01T00:00:00Z)");
    }

    private static string Csv(IntervalSeries series)
    {
        var c = CultureInfo.InvariantCulture;
        var csv = new StringBuilder();
        csv.Append("meter,point,interval_start,interval_end,value,unit,flags,coverage,raw_from,raw_to\n");
        foreach (var v in series.Values)
        {
            csv.Append(c, $"{Quote(series.Meter)},{Quote(series.Measurement)},{LocalPattern.Format(v.Span.Start.InZone(series.Zone).ToOffsetDateTime())},{LocalPattern.Format(v.Span.End.InZone(series.Zone).ToOffsetDateTime())},");
            csv.Append(double.IsNaN(v.Value) ? "" : v.Value.ToString("R", c));
            csv.Append(c, $",{series.Unit},{FlagNames(v.Flags)},{v.Coverage.ToString("0.####", c)},{Format(v.RawFrom)},{Format(v.RawTo)}\n");
        }

        return csv.ToString();

        static string Quote(string text) => text.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static string Json(SiteConfig site, IntervalSeries series)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("schema", "energysom.interval-export/1");
            json.WriteString("site", site.Id);
            json.WriteString("meter", series.Meter);
            json.WriteString("point", series.Measurement);
            json.WriteString("unit", series.Unit);
            json.WriteString("method", series.Method.ToString().ToLowerInvariant());
            json.WriteString("time_zone", series.Zone.Id);
            json.WriteString("interval", series.Period switch
            {
                CalendarPeriod.QuarterHour => "15m",
                CalendarPeriod.Hour => "1h",
                CalendarPeriod.Day => "1d",
                _ => "1mo",
            });
            json.WriteString("from", LocalPattern.Format(series.From.InZone(series.Zone).ToOffsetDateTime()));
            json.WriteString("to", LocalPattern.Format(series.To.InZone(series.Zone).ToOffsetDateTime()));
            json.WriteNumber("raw_readings", series.RawReadings);
            json.WriteStartArray("intervals");
            foreach (var v in series.Values)
            {
                json.WriteStartObject();
                json.WriteString("start", LocalPattern.Format(v.Span.Start.InZone(series.Zone).ToOffsetDateTime()));
                json.WriteString("end", LocalPattern.Format(v.Span.End.InZone(series.Zone).ToOffsetDateTime()));
                if (double.IsNaN(v.Value))
                {
                    json.WriteNull("value");
                }
                else
                {
                    json.WriteNumber("value", v.Value);
                }

                json.WriteStartArray("flags");
                foreach (var name in FlagNames(v.Flags).Split('|', StringSplitOptions.RemoveEmptyEntries))
                {
                    json.WriteStringValue(name);
                }

                json.WriteEndArray();
                json.WriteNumber("coverage", Math.Round(v.Coverage, 6));
                WriteInstant(json, "raw_from", v.RawFrom);
                WriteInstant(json, "raw_to", v.RawTo);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";

        static void WriteInstant(Utf8JsonWriter json, string name, Instant? value)
        {
            if (value is { } instant)
            {
                json.WriteString(name, InstantPattern.ExtendedIso.Format(instant));
            }
            else
            {
                json.WriteNull(name);
            }
        }
    }

    /// <summary>Set flags as snake_case names joined by '|' (e.g. <c>gap|meter_replaced</c>).</summary>
    private static string FlagNames(QualityFlags flags) => string.Join('|', Enum.GetValues<QualityFlags>()
        .Where(f => f != QualityFlags.None && flags.HasFlag(f))
        .Select(f => string.Concat(f.ToString().Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()))));

    private static string Format(Instant? instant) => instant is { } i ? InstantPattern.ExtendedIso.Format(i) : "";

    // ------------------------------------------------------------------ shared

    private static SiteConfig LoadSite(string path)
    {
        try
        {
            return SiteLoader.LoadFile(path);
        }
        catch (SiteConfigException ex)
        {
            throw new UserFacingException(ex.Message, ex);
        }
    }

    private static StoreKind? ParseStoreKind(string? text) => text switch
    {
        null => null,
        "embedded" => StoreKind.Embedded,
        _ => StoreKind.InfluxDb,
    };

    private static string PrepareDataFolder(string dataPath)
    {
        var data = Path.GetFullPath(dataPath);
        try
        {
            Directory.CreateDirectory(data);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot use the data folder {data}: {ex.Message}", ex);
        }

        return data;
    }

    private static async Task<IReadingStore> OpenStoreAsync(SiteConfig site, StoreKind kind, string data, bool readOnly, IClock clock, ILoggerFactory loggers, CancellationToken ct)
    {
        if (kind == StoreKind.Embedded)
        {
            var path = Path.Combine(data, site.Store.EmbeddedFile);
            try
            {
                return readOnly ? EmbeddedReadingStore.OpenReadOnly(path) : EmbeddedReadingStore.Open(path);
            }
            catch (FileNotFoundException ex)
            {
                throw new UserFacingException($"no readings yet: {ex.FileName} does not exist (has `energysom collect --data {data}` run?)", ex);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                throw new UserFacingException(ex.Message, ex);
            }
        }

        InfluxOptions options;
        try
        {
            options = site.Store.Influx.Resolve(site.FilePath, InfluxSettings.ProcessEnvironment());
        }
        catch (SiteConfigException ex)
        {
            throw new UserFacingException(ex.Message, ex);
        }

        var store = new InfluxReadingStore(options, clock, loggers.CreateLogger<InfluxReadingStore>());
        if (!readOnly)
        {
            try
            {
                await store.Client.PingAsync(ct);
            }
            catch (ReadingStoreUnavailableException ex)
            {
                LogInfluxUnreachable(loggers.CreateLogger("energysom.collect"), ex.Message);
            }
        }

        return store;
    }

    /// <summary>Console logging on standard error (standard output carries the command's own lines).</summary>
    private static ILoggerFactory Loggers(LogLevel level) => LoggerFactory.Create(b => b
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        })
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddFilter("Microsoft", LogLevel.Warning)
        .SetMinimumLevel(level));

    [LoggerMessage(Level = LogLevel.Error, Message = "the collector stopped: {Error}")]
    private static partial void LogCollectorStopped(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "a poll's batch was not taken: the buffer was full when the collector stopped (its meters' counters still have it)")]
    private static partial void LogBatchNotTaken(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB is not reachable now ({Error}); readings wait in the buffer until it is")]
    private static partial void LogInfluxUnreachable(ILogger logger, string error);

    private static string Describe(IReadingStore store) => store switch
    {
        EmbeddedReadingStore embedded => $"embedded {embedded.Path}",
        InfluxReadingStore influx => $"influxdb {influx.Options}",
        _ => store.GetType().Name,
    };
}
