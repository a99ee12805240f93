using System.Globalization;
using EnergySom.Firmware.Profiles;
using EnergySom.Metering.Buffer;
using EnergySom.Metering.Collection;
using EnergySom.Metering.Modbus;
using EnergySom.Metering.Quality;
using NodaTime;
using NodaTime.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EnergySom.Metering.Site;

/// <summary>
/// Reads <c>site.yaml</c> into a <see cref="SiteConfig"/>. Validation is strict, and every mistake is refused with
/// the file, line and field: an unknown key, a missing or malformed value, an unknown time zone, profile or point,
/// a unit id outside 1..247 (or 255), two meters with the same id, two meters at the same unit on one gateway.
/// </summary>
/// <remarks>
/// <para>Schema (<c>schema: energysom.site/1</c>), every section but <c>site</c> and <c>gateways</c> optional:</para>
/// <code>
/// site: { id, name, time_zone }                      # IANA zone, default Asia/Shanghai
/// profiles_dir: DIR                                  # more profile files, relative to the site file
/// collection: { fast_interval, slow_interval, max_read_gap, request_timeout, connect_timeout }
/// buffer: { max_size, segment_size, when_full: wait|reject }
/// store: { kind: embedded|influxdb, embedded: { file }, influxdb: { url, api, database, retention_policy,
///          org, bucket, username, password, token, precision, gzip, batch_points, timeout } }
/// gateways:
///   - { name, host, port, transport: tcp|rtu-over-tcp, serial_bus, timeouts: { request, connect },
///       meters: [ { id, unit, profile, points: [..], rated_power_kw, ct, pt, note,
///                   replacements: [ { at, old_final, new_initial, note } ] } ] }
/// </code>
/// </remarks>
public static class SiteLoader
{
    private static readonly HashSet<string> TopKeys = ["schema", "site", "profiles_dir", "collection", "buffer", "store", "gateways"];
    private static readonly HashSet<string> SiteKeys = ["id", "name", "time_zone"];
    private static readonly HashSet<string> CollectionKeys = ["fast_interval", "slow_interval", "max_read_gap", "request_timeout", "connect_timeout"];
    private static readonly HashSet<string> BufferKeys = ["max_size", "segment_size", "when_full"];
    private static readonly HashSet<string> StoreKeys = ["kind", "embedded", "influxdb"];
    private static readonly HashSet<string> EmbeddedKeys = ["file"];
    private static readonly HashSet<string> GatewayKeys = ["name", "host", "port", "transport", "serial_bus", "timeouts", "meters"];
    private static readonly HashSet<string> TimeoutKeys = ["request", "connect"];
    private static readonly HashSet<string> MeterKeys = ["id", "unit", "profile", "points", "rated_power_kw", "ct", "pt", "note", "replacements"];
    private static readonly HashSet<string> ReplacementKeys = ["at", "old_final", "new_initial", "note"];

    /// <summary>Loads and validates a site file; profiles come from the bundled library plus <c>profiles_dir</c>.</summary>
    /// <exception cref="SiteConfigException">The file cannot be read or has a mistake; the message names file, line and field.</exception>
    public static SiteConfig LoadFile(string path, ProfileLibrary? bundled = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SiteConfigException(path, 0, "(file)", $"cannot read: {ex.Message}", ex);
        }

        return Parse(text, path, bundled);
    }

    /// <summary>Parses site YAML; <paramref name="fileName"/> names it in errors and anchors <c>profiles_dir</c>.</summary>
    public static SiteConfig Parse(string yaml, string fileName, ProfileLibrary? bundled = null)
    {
        var reader = new Reader(fileName);
        var root = reader.Document(yaml);
        reader.CheckKeys(root, TopKeys, "");
        var schema = reader.Required(root, "schema", "");
        if (schema.Value != SiteConfig.SchemaId)
        {
            throw reader.Error(schema.Line, "schema", $"expected '{SiteConfig.SchemaId}', found '{schema.Value}'");
        }

        // Site identity and zone.
        var siteNode = reader.RequiredMapping(root, "site", "");
        reader.CheckKeys(siteNode, SiteKeys, "site.");
        var id = reader.Required(siteNode, "id", "site.");
        CheckName(reader, id, "site.id");
        var name = reader.Optional(siteNode, "name")?.Value ?? id.Value;
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        if (reader.Optional(siteNode, "time_zone") is { } zoneText)
        {
            zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneText.Value)
                ?? throw reader.Error(zoneText.Line, "site.time_zone", $"'{zoneText.Value}' is not an IANA time zone (e.g. Asia/Shanghai, Europe/Berlin)");
        }

        var profiles = LoadProfiles(reader, root, fileName, bundled);
        var collection = ReadCollection(reader, root);
        var buffer = ReadBuffer(reader, root);
        var store = ReadStore(reader, root);

        // Gateways and meters.
        var gatewaysNode = reader.Sequence(root, "gateways", "");
        if (gatewaysNode is null || gatewaysNode.Children.Count == 0)
        {
            throw reader.Error(Reader.LineOf(root.Start), "gateways", "a site needs at least one gateway");
        }

        var gateways = new List<SiteGateway>();
        var gatewayNames = new Dictionary<string, int>(StringComparer.Ordinal);
        var meterIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < gatewaysNode.Children.Count; g++)
        {
            var prefix = $"gateways[{g}].";
            var node = reader.AsMapping(gatewaysNode.Children[g], $"gateways[{g}]");
            reader.CheckKeys(node, GatewayKeys, prefix);
            var gatewayName = reader.Required(node, "name", prefix);
            CheckName(reader, gatewayName, prefix + "name");
            if (gatewayNames.TryGetValue(gatewayName.Value, out var firstGateway))
            {
                throw reader.Error(gatewayName.Line, prefix + "name", $"gateway '{gatewayName.Value}' is already defined on line {firstGateway}");
            }

            gatewayNames.Add(gatewayName.Value, gatewayName.Line);
            var host = reader.Required(node, "host", prefix).Value;
            var port = reader.Integer(node, "port", prefix, 1, 65535) ?? 502;
            var transport = reader.Optional(node, "transport") is { } t
                ? t.Value switch
                {
                    "tcp" => GatewayTransport.Tcp,
                    "rtu-over-tcp" => GatewayTransport.RtuOverTcp,
                    _ => throw reader.Error(t.Line, prefix + "transport", $"'{t.Value}' is not tcp or rtu-over-tcp"),
                }
                : GatewayTransport.Tcp;
            var serialBus = reader.Boolean(node, "serial_bus", prefix) ?? transport == GatewayTransport.RtuOverTcp;
            TimeSpan? requestTimeout = null, connectTimeout = null;
            if (reader.OptionalMapping(node, "timeouts", prefix) is { } timeouts)
            {
                reader.CheckKeys(timeouts, TimeoutKeys, prefix + "timeouts.");
                requestTimeout = reader.Duration(timeouts, "request", prefix + "timeouts.", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
                connectTimeout = reader.Duration(timeouts, "connect", prefix + "timeouts.", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
            }

            var metersNode = reader.Sequence(node, "meters", prefix);
            if (metersNode is null || metersNode.Children.Count == 0)
            {
                throw reader.Error(Reader.LineOf(node.Start), prefix + "meters", $"gateway '{gatewayName.Value}' has no meters");
            }

            var meters = new List<SiteMeter>();
            var units = new Dictionary<int, string>();
            for (var m = 0; m < metersNode.Children.Count; m++)
            {
                var meter = ReadMeter(reader, metersNode.Children[m], $"{prefix}meters[{m}].", gatewayName.Value, profiles, zone);
                if (meterIds.TryGetValue(meter.Id, out var firstMeter))
                {
                    throw reader.Error(meter.Line, $"{prefix}meters[{m}].id", $"meter id '{meter.Id}' is already used on line {firstMeter}");
                }

                if (units.TryGetValue(meter.Unit, out var other))
                {
                    throw reader.Error(meter.Line, $"{prefix}meters[{m}].unit", $"unit {meter.Unit} on gateway '{gatewayName.Value}' is already meter '{other}'");
                }

                meterIds.Add(meter.Id, meter.Line);
                units.Add(meter.Unit, meter.Id);
                meters.Add(meter);
            }

            gateways.Add(new SiteGateway(gatewayName.Value, host, port, transport, serialBus, requestTimeout, connectTimeout, meters, Reader.LineOf(node.Start)));
        }

        return new SiteConfig(id.Value, name, zone, gateways, collection, buffer, store, fileName);
    }

    private static Dictionary<string, DeviceProfile> LoadProfiles(Reader reader, YamlMappingNode root, string fileName, ProfileLibrary? bundled)
    {
        var profiles = new Dictionary<string, DeviceProfile>(StringComparer.Ordinal);
        foreach (var profile in (bundled ?? TryLoadBundled())?.Profiles ?? [])
        {
            profiles[profile.Id] = profile;
        }

        if (reader.Optional(root, "profiles_dir") is not { } dir)
        {
            return profiles;
        }

        var directory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? ".", dir.Value);
        if (!Directory.Exists(directory))
        {
            throw reader.Error(dir.Line, "profiles_dir", $"folder '{directory}' does not exist");
        }

        try
        {
            // A site's own profile shadows a bundled one with the same id.
            foreach (var profile in ProfileLibrary.Load(directory).Profiles)
            {
                profiles[profile.Id] = profile;
            }

            return profiles;
        }
        catch (ProfileException ex)
        {
            throw reader.Error(dir.Line, "profiles_dir", $"a profile is invalid: {ex.Message}", ex);
        }
    }

    private static ProfileLibrary? TryLoadBundled()
    {
        try
        {
            return ProfileLibrary.LoadBundled();
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static CollectorOptions ReadCollection(Reader reader, YamlMappingNode root)
    {
        var options = new CollectorOptions();
        if (reader.OptionalMapping(root, "collection", "") is not { } node)
        {
            return options;
        }

        reader.CheckKeys(node, CollectionKeys, "collection.");
        var fast = reader.Duration(node, "fast_interval", "collection.", TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(1)) ?? options.FastInterval;
        var slow = reader.Duration(node, "slow_interval", "collection.", TimeSpan.FromMilliseconds(50), TimeSpan.FromHours(24)) ?? options.SlowInterval;
        if (slow < fast)
        {
            throw reader.Error(Reader.LineOf(node.Start), "collection.slow_interval", $"{slow} is shorter than fast_interval {fast}");
        }

        return options with
        {
            FastInterval = fast,
            SlowInterval = slow,
            MaxReadGap = reader.Integer(node, "max_read_gap", "collection.", 0, 124) ?? options.MaxReadGap,
            Modbus = new ModbusClientOptions
            {
                RequestTimeout = reader.Duration(node, "request_timeout", "collection.", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1)) ?? options.Modbus.RequestTimeout,
                ConnectTimeout = reader.Duration(node, "connect_timeout", "collection.", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5)) ?? options.Modbus.ConnectTimeout,
            },
        };
    }

    private static WriteAheadBufferOptions ReadBuffer(Reader reader, YamlMappingNode root)
    {
        var options = new WriteAheadBufferOptions();
        if (reader.OptionalMapping(root, "buffer", "") is not { } node)
        {
            return options;
        }

        reader.CheckKeys(node, BufferKeys, "buffer.");
        var max = reader.Size(node, "max_size", "buffer.", 1L << 20) ?? options.MaxBytes;
        var segment = reader.Size(node, "segment_size", "buffer.", 64L << 10) ?? Math.Min(options.SegmentBytes, max);
        if (segment > max)
        {
            throw reader.Error(Reader.LineOf(node.Start), "buffer.segment_size", $"{segment:N0} bytes is larger than max_size {max:N0}");
        }

        var policy = reader.Optional(node, "when_full") is { } p
            ? p.Value switch
            {
                "wait" => BufferFullPolicy.Wait,
                "reject" => BufferFullPolicy.Reject,
                _ => throw reader.Error(p.Line, "buffer.when_full", $"'{p.Value}' is not wait or reject"),
            }
            : options.WhenFull;
        return options with { MaxBytes = max, SegmentBytes = segment, WhenFull = policy };
    }

    private static StoreSettings ReadStore(Reader reader, YamlMappingNode root)
    {
        if (reader.OptionalMapping(root, "store", "") is not { } node)
        {
            return StoreSettings.Default;
        }

        reader.CheckKeys(node, StoreKeys, "store.");
        var kind = reader.Optional(node, "kind") is { } k
            ? k.Value switch
            {
                "embedded" => StoreKind.Embedded,
                "influxdb" => StoreKind.InfluxDb,
                _ => throw reader.Error(k.Line, "store.kind", $"'{k.Value}' is not embedded or influxdb"),
            }
            : StoreKind.Embedded;
        var file = StoreSettings.Default.EmbeddedFile;
        if (reader.OptionalMapping(node, "embedded", "store.") is { } embedded)
        {
            reader.CheckKeys(embedded, EmbeddedKeys, "store.embedded.");
            if (reader.Optional(embedded, "file") is { } f)
            {
                if (f.Value.Length == 0 || f.Value.IndexOfAny(['/', '\\']) >= 0 || f.Value is "." or "..")
                {
                    throw reader.Error(f.Line, "store.embedded.file", $"'{f.Value}' must be a plain file name (it lives in the data folder)");
                }

                file = f.Value;
            }
        }

        var influx = new Dictionary<string, (string, int)>();
        if (reader.OptionalMapping(node, "influxdb", "store.") is { } influxNode)
        {
            reader.CheckKeys(influxNode, [.. InfluxSettings.Keys], "store.influxdb.");
            foreach (var key in InfluxSettings.Keys)
            {
                if (reader.Optional(influxNode, key) is { } value)
                {
                    influx[key] = (value.Value, value.Line);
                }
            }
        }

        return new StoreSettings(kind, file, new InfluxSettings { FromFile = influx });
    }

    private static SiteMeter ReadMeter(Reader reader, YamlNode raw, string prefix, string gateway, Dictionary<string, DeviceProfile> profiles, DateTimeZone zone)
    {
        var node = reader.AsMapping(raw, prefix.TrimEnd('.'));
        reader.CheckKeys(node, MeterKeys, prefix);
        var line = Reader.LineOf(node.Start);
        var id = reader.Required(node, "id", prefix);
        CheckName(reader, id, prefix + "id");
        var unitNode = reader.Required(node, "unit", prefix);
        if (!int.TryParse(unitNode.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var unit) || unit > 255)
        {
            throw reader.Error(unitNode.Line, prefix + "unit", $"'{unitNode.Value}' is not a Modbus unit id");
        }

        if (unit == 0)
        {
            throw reader.Error(unitNode.Line, prefix + "unit", "unit 0 is the broadcast address: no meter answers it");
        }

        if (unit is >= 248 and <= 254)
        {
            throw reader.Error(unitNode.Line, prefix + "unit", $"unit {unit} is reserved by the Modbus specification (use 1..247, or 255 for a meter with its own Ethernet port)");
        }

        var profileName = reader.Required(node, "profile", prefix);
        if (!profiles.TryGetValue(profileName.Value, out var profile))
        {
            var known = profiles.Count == 0 ? "no profile library found" : "known: " + string.Join(", ", profiles.Keys.Order(StringComparer.Ordinal));
            throw reader.Error(profileName.Line, prefix + "profile", $"unknown profile '{profileName.Value}' ({known})");
        }

        List<string>? points = null;
        if (reader.Sequence(node, "points", prefix) is { } pointsNode)
        {
            points = [];
            for (var i = 0; i < pointsNode.Children.Count; i++)
            {
                var point = reader.AsScalar(pointsNode.Children[i], $"{prefix}points[{i}]");
                if (profile.FindPoint(point.Value) is null)
                {
                    throw reader.Error(point.Line, $"{prefix}points[{i}]", $"profile '{profile.Id}' has no point '{point.Value}' (it has {string.Join(", ", profile.Points.Select(p => p.Name))})");
                }

                if (points.Contains(point.Value))
                {
                    throw reader.Error(point.Line, $"{prefix}points[{i}]", $"point '{point.Value}' is listed twice");
                }

                points.Add(point.Value);
            }

            if (points.Count == 0)
            {
                throw reader.Error(Reader.LineOf(pointsNode.Start), prefix + "points", "an empty list reads nothing; leave the key out to read every point");
            }
        }

        var rated = reader.Number(node, "rated_power_kw", prefix);
        if (rated is <= 0)
        {
            throw reader.Error(line, prefix + "rated_power_kw", "must be positive");
        }

        var ct = reader.Optional(node, "ct");
        var pt = reader.Optional(node, "pt");
        foreach (var (ratio, key) in new[] { (ct, "ct"), (pt, "pt") })
        {
            if (ratio is { } r && !IsRatio(r.Value))
            {
                throw reader.Error(r.Line, prefix + key, $"'{r.Value}' is not a ratio such as 400/5");
            }
        }

        var replacements = new List<MeterReplacement>();
        if (reader.Sequence(node, "replacements", prefix) is { } swaps)
        {
            for (var i = 0; i < swaps.Children.Count; i++)
            {
                var swapPrefix = $"{prefix}replacements[{i}].";
                var swap = reader.AsMapping(swaps.Children[i], swapPrefix.TrimEnd('.'));
                reader.CheckKeys(swap, ReplacementKeys, swapPrefix);
                var at = reader.Required(swap, "at", swapPrefix);
                replacements.Add(new MeterReplacement(
                    ParseInstant(reader, at, swapPrefix + "at", zone),
                    reader.Number(swap, "old_final", swapPrefix),
                    reader.Number(swap, "new_initial", swapPrefix),
                    reader.Optional(swap, "note")?.Value));
            }
        }

        return new SiteMeter(id.Value, gateway, (byte)unit, profile, points, rated, ct?.Value, pt?.Value, reader.Optional(node, "note")?.Value, replacements, line);
    }

    private static Instant ParseInstant(Reader reader, Reader.Scalar text, string field, DateTimeZone zone)
    {
        var withOffset = OffsetDateTimePattern.GeneralIso.Parse(text.Value);
        if (withOffset.Success)
        {
            return withOffset.Value.ToInstant();
        }

        foreach (var pattern in new[] { LocalDateTimePattern.GeneralIso, LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm") })
        {
            var local = pattern.Parse(text.Value);
            if (local.Success)
            {
                var mapping = zone.MapLocal(local.Value);
                return mapping.Count == 1
                    ? mapping.Single().ToInstant()
                    : throw reader.Error(text.Line, field, $"{text.Value} {(mapping.Count == 0 ? "does not exist" : "happens twice")} in {zone.Id} (a DST change): give the UTC offset, e.g. {text.Value}+08:00");
            }
        }

        throw reader.Error(text.Line, field, $"'{text.Value}' is not a date and time such as 2025-03-01T10:00:00+08:00");
    }

    private static bool IsRatio(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 2 && parts.All(p => double.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0);
    }

    private static void CheckName(Reader reader, Reader.Scalar name, string field)
    {
        if (name.Value.Length == 0 || name.Value.Length > 128 || !name.Value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw reader.Error(name.Line, field, $"'{name.Value}' must be 1..128 letters, digits, '-', '_' or '.'");
        }
    }

    /// <summary>Strict typed access to YAML nodes, every error with file, line and field.</summary>
    private sealed class Reader(string file)
    {
        public readonly record struct Scalar(string Value, int Line);

        public static int LineOf(Mark mark) => (int)mark.Line;

        public SiteConfigException Error(int line, string field, string problem, Exception? inner = null) => new(file, line, field, problem, inner);

        public YamlMappingNode Document(string yaml)
        {
            var stream = new YamlStream();
            var parser = new Parser(new StringReader(yaml));
            try
            {
                stream.Load(parser);
            }
            catch (YamlException ex)
            {
                throw Error(LineOf(ex.Start), "(syntax)", ex.InnerException?.Message ?? ex.Message, ex);
            }
            catch (InvalidOperationException ex)
            {
                var line = parser.Current is { } current ? LineOf(current.End) : 1;
                throw Error(line, "(syntax)", "not valid YAML (check brackets and quotes near this line)", ex);
            }

            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw Error(1, "(document)", "a site file holds exactly one mapping");
            }

            return root;
        }

        public void CheckKeys(YamlMappingNode node, HashSet<string> allowed, string prefix)
        {
            foreach (var key in node.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(name))
                {
                    throw Error(LineOf(key.Start), prefix + name, $"unknown key '{name}' (allowed: {string.Join(", ", allowed)})");
                }
            }
        }

        public Scalar? Optional(YamlMappingNode node, string key)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return null;
            }

            return AsScalar(value, key);
        }

        public Scalar AsScalar(YamlNode node, string field) =>
            node is YamlScalarNode scalar ? new Scalar(scalar.Value ?? "", LineOf(scalar.Start)) : throw Error(LineOf(node.Start), field, "expected a single value");

        public Scalar Required(YamlMappingNode node, string key, string prefix) =>
            Optional(node, key) is { } s && s.Value.Length > 0 ? s : throw Error(LineOf(node.Start), prefix + key, "is required");

        public YamlMappingNode RequiredMapping(YamlMappingNode node, string key, string prefix) =>
            OptionalMapping(node, key, prefix) ?? throw Error(LineOf(node.Start), prefix + key, "is required");

        public YamlMappingNode? OptionalMapping(YamlMappingNode node, string key, string prefix) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? AsMapping(value, prefix + key) : null;

        public YamlMappingNode AsMapping(YamlNode node, string field) =>
            node as YamlMappingNode ?? throw Error(LineOf(node.Start), field, "expected a mapping (key: value lines)");

        public YamlSequenceNode? Sequence(YamlMappingNode node, string key, string prefix)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return null;
            }

            return value as YamlSequenceNode ?? throw Error(LineOf(value.Start), prefix + key, "expected a list");
        }

        public int? Integer(YamlMappingNode node, string key, string prefix, int min, int max)
        {
            if (Optional(node, key) is not { } s)
            {
                return null;
            }

            return int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw Error(s.Line, prefix + key, $"'{s.Value}' is not a whole number {min}..{max}");
        }

        public double? Number(YamlMappingNode node, string key, string prefix)
        {
            if (Optional(node, key) is not { } s)
            {
                return null;
            }

            return double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? value
                : throw Error(s.Line, prefix + key, $"'{s.Value}' is not a number");
        }

        public bool? Boolean(YamlMappingNode node, string key, string prefix)
        {
            if (Optional(node, key) is not { } s)
            {
                return null;
            }

            return s.Value switch
            {
                "true" => true,
                "false" => false,
                _ => throw Error(s.Line, prefix + key, $"'{s.Value}' is not true or false"),
            };
        }

        public TimeSpan? Duration(YamlMappingNode node, string key, string prefix, TimeSpan min, TimeSpan max)
        {
            if (Optional(node, key) is not { } s)
            {
                return null;
            }

            var value = ConfigValues.ParseDuration(s.Value) ?? throw Error(s.Line, prefix + key, $"'{s.Value}' is not a duration such as 500ms, 15s, 2m or 1h");
            return value >= min && value <= max ? value : throw Error(s.Line, prefix + key, $"{s.Value} is outside {min.TotalSeconds:0.###} s .. {max.TotalSeconds:0.###} s");
        }

        public long? Size(YamlMappingNode node, string key, string prefix, long min)
        {
            if (Optional(node, key) is not { } s)
            {
                return null;
            }

            var value = ConfigValues.ParseSize(s.Value) ?? throw Error(s.Line, prefix + key, $"'{s.Value}' is not a size such as 512MiB or 2GiB");
            return value >= min ? value : throw Error(s.Line, prefix + key, $"{s.Value} is below the minimum of {min:N0} bytes");
        }
    }
}
