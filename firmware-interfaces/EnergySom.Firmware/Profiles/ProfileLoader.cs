using System.Globalization;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EnergySom.Firmware.Profiles;

/// <summary>
/// Reads device profile files (YAML) into <see cref="DeviceProfile"/>s. Validation is strict: an unknown key,
/// type, order, unit or quantity, a unit that does not fit the quantity, or two points whose registers
/// overlap is refused with the file, line and field.
/// </summary>
public static class ProfileLoader
{
    private static readonly HashSet<string> TopKeys = ["schema", "id", "manufacturer", "model", "source", "defaults", "points"];
    private static readonly HashSet<string> SourceKeys = ["datasheet", "firmware", "confidence", "notes"];
    private static readonly HashSet<string> DefaultKeys = ["kind", "type", "order", "poll"];
    private static readonly HashSet<string> PointKeys = ["name", "kind", "address", "register", "type", "order", "scale", "offset", "unit", "quantity", "poll", "description"];

    public static DeviceProfile LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProfileException(path, 0, "(file)", $"cannot read: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    public static DeviceProfile Parse(string yaml, string fileName)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            throw new ProfileException(fileName, LineOf(ex.Start), "(syntax)", ex.InnerException?.Message ?? ex.Message, ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner throws this for some malformed scalars; the last good event tells where.
            var line = parser.Current is { } current ? LineOf(current.End) : 1;
            throw new ProfileException(fileName, line, "(syntax)", "not valid YAML (check brackets and quotes near this line)", ex);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ProfileException(fileName, 1, "(document)", "a profile file holds exactly one mapping");
        }

        var reader = new NodeReader(fileName);
        reader.CheckKeys(root, TopKeys, "");
        var schema = reader.RequiredString(root, "schema", "");
        if (schema.Value != DeviceProfile.SchemaId)
        {
            throw reader.Error(schema.Line, "schema", $"expected '{DeviceProfile.SchemaId}', found '{schema.Value}'");
        }

        var id = reader.RequiredString(root, "id", "").Value;
        var manufacturer = reader.RequiredString(root, "manufacturer", "").Value;
        var model = reader.RequiredString(root, "model", "").Value;

        var sourceNode = reader.RequiredMapping(root, "source", "");
        reader.CheckKeys(sourceNode, SourceKeys, "source.");
        var confidence = reader.RequiredString(sourceNode, "confidence", "source.");
        if (confidence.Value is not ("V" or "S" or "R"))
        {
            throw reader.Error(confidence.Line, "source.confidence", $"expected V, S or R, found '{confidence.Value}'");
        }

        var source = new ProfileSource(
            reader.RequiredString(sourceNode, "datasheet", "source.").Value,
            reader.RequiredString(sourceNode, "firmware", "source.").Value,
            confidence.Value,
            reader.OptionalString(sourceNode, "notes")?.Value);

        var defaults = reader.OptionalMapping(root, "defaults");
        if (defaults is not null)
        {
            reader.CheckKeys(defaults, DefaultKeys, "defaults.");
        }

        var pointsNode = root.Children.TryGetValue(new YamlScalarNode("points"), out var pn) ? pn as YamlSequenceNode : null;
        if (pointsNode is null || pointsNode.Children.Count == 0)
        {
            throw reader.Error(LineOf(root.Start), "points", "a profile needs a non-empty list of points");
        }

        var points = new List<RegisterPoint>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < pointsNode.Children.Count; i++)
        {
            var prefix = $"points[{i}].";
            if (pointsNode.Children[i] is not YamlMappingNode node)
            {
                throw reader.Error(LineOf(pointsNode.Children[i].Start), $"points[{i}]", "each point is a mapping");
            }

            var point = ReadPoint(reader, node, defaults, prefix);
            if (names.TryGetValue(point.Name, out var firstLine))
            {
                throw reader.Error(point.Line, prefix + "name", $"duplicate point name '{point.Name}' (first defined on line {firstLine})");
            }

            names.Add(point.Name, point.Line);
            points.Add(point);
        }

        CheckOverlaps(reader, points);
        return new DeviceProfile(id, manufacturer, model, source, points, fileName);
    }

    private static RegisterPoint ReadPoint(NodeReader reader, YamlMappingNode node, YamlMappingNode? defaults, string prefix)
    {
        reader.CheckKeys(node, PointKeys, prefix);
        var line = LineOf(node.Start);
        var name = reader.RequiredString(node, "name", prefix);
        if (name.Value.Length == 0 || !name.Value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw reader.Error(name.Line, prefix + "name", $"'{name.Value}' must be lower-case letters, digits and '_'");
        }

        var kindText = reader.StringOrDefault(node, defaults, "kind", prefix);
        if (!RegisterKindExtensions.TryParseProfileName(kindText.Value, out var kind))
        {
            throw reader.Error(kindText.Line, kindText.Field(prefix, "kind"), $"unknown register kind '{kindText.Value}' (expected coil, discrete, input or holding)");
        }

        var typeText = reader.StringOrDefault(node, defaults, "type", prefix);
        if (!RegisterDataTypeExtensions.TryParseProfileName(typeText.Value, out var type))
        {
            throw reader.Error(typeText.Line, typeText.Field(prefix, "type"), $"unknown data type '{typeText.Value}' (expected u16, i16, u32, i32, u64, i64, f32, f64 or bit)");
        }

        if (kind.IsBit() != (type == RegisterDataType.Bit))
        {
            throw reader.Error(typeText.Line, prefix + "type", $"type '{typeText.Value}' does not fit register kind '{kindText.Value}' (bits live in coils and discrete inputs)");
        }

        var order = WordOrder.ABCD;
        var orderText = reader.StringOrDefault(node, defaults, "order", prefix, required: false);
        if (orderText.Value.Length > 0 && !WordOrderExtensions.TryParse(orderText.Value, out order))
        {
            throw reader.Error(orderText.Line, orderText.Field(prefix, "order"), $"unknown byte/word order '{orderText.Value}' (expected ABCD, CDAB, BADC or DCBA)");
        }

        var address = ReadAddress(reader, node, kind, prefix);
        if (address.Value + type.RegisterCount() > 0x10000)
        {
            throw reader.Error(address.Line, prefix + "address", $"{type.ToProfileName()} at {address.Value} runs past the end of the 65,536-register table");
        }

        var scale = reader.OptionalNumber(node, "scale", prefix) ?? 1.0;
        if (scale == 0 || !double.IsFinite(scale))
        {
            throw reader.Error(line, prefix + "scale", "scale must be a finite, non-zero number");
        }

        var offset = reader.OptionalNumber(node, "offset", prefix) ?? 0.0;

        var quantityText = reader.RequiredString(node, "quantity", prefix);
        if (!Quantity.TryParse(quantityText.Value, out var quantity))
        {
            throw reader.Error(quantityText.Line, prefix + "quantity", $"unknown quantity '{quantityText.Value}'");
        }

        var unitText = reader.RequiredString(node, "unit", prefix);
        if (!Unit.TryParse(unitText.Value, out var unit))
        {
            throw reader.Error(unitText.Line, prefix + "unit", $"unknown unit '{unitText.Value}'");
        }

        if (unit.Dimension != quantity.Unit.Dimension)
        {
            throw reader.Error(unitText.Line, prefix + "unit", $"unit '{unit.Symbol}' measures {unit.Dimension}, but quantity '{quantity.Code}' is {quantity.Unit.Dimension} ({quantity.Unit.Symbol})");
        }

        var pollText = reader.StringOrDefault(node, defaults, "poll", prefix, required: false);
        var poll = pollText.Value switch
        {
            "fast" => PollClass.Fast,
            "slow" => PollClass.Slow,
            "" => quantity.Kind == QuantityKind.Counter ? PollClass.Slow : PollClass.Fast,
            _ => throw reader.Error(pollText.Line, pollText.Field(prefix, "poll"), $"unknown poll class '{pollText.Value}' (expected fast or slow)"),
        };

        var description = reader.OptionalString(node, "description")?.Value;
        return new RegisterPoint(name.Value, kind, address.Value, type, order, scale, offset, unit, quantity, poll, description, line);
    }

    private static (ushort Value, int Line) ReadAddress(NodeReader reader, YamlMappingNode node, RegisterKind kind, string prefix)
    {
        var addressNode = reader.OptionalString(node, "address");
        var registerNode = reader.OptionalString(node, "register");
        if (addressNode is null && registerNode is null)
        {
            throw reader.Error(LineOf(node.Start), prefix + "address", "each point needs an address (zero-based, on the wire) or a register number (datasheet style)");
        }

        int? address = null;
        if (addressNode is { } a)
        {
            if (!TryParseInteger(a.Value, out var value) || value is < 0 or > 0xFFFF)
            {
                throw reader.Error(a.Line, prefix + "address", $"'{a.Value}' is not an address 0..65535 (decimal or 0x hex)");
            }

            address = (int)value;
        }

        if (registerNode is { } r)
        {
            var baseNumber = kind switch
            {
                RegisterKind.Coil => 1,
                RegisterKind.DiscreteInput => 10001,
                RegisterKind.Input => 30001,
                _ => 40001,
            };
            if (!TryParseInteger(r.Value, out var number) || number < baseNumber || number > baseNumber + 0xFFFF)
            {
                throw reader.Error(r.Line, prefix + "register", $"'{r.Value}' is not a {kind.ToProfileName()} register number (from {baseNumber})");
            }

            var fromNumber = (int)(number - baseNumber);
            if (address is { } given && given != fromNumber)
            {
                throw reader.Error(r.Line, prefix + "register", $"register {number} is address {fromNumber}, but address says {given}: is one of them off by one?");
            }

            address = fromNumber;
        }

        return ((ushort)address!.Value, addressNode?.Line ?? registerNode!.Value.Line);
    }

    private static void CheckOverlaps(NodeReader reader, List<RegisterPoint> points)
    {
        foreach (var group in points.GroupBy(p => p.Kind))
        {
            var sorted = group.OrderBy(p => p.Address).ThenBy(p => p.Line).ToList();
            for (var i = 1; i < sorted.Count; i++)
            {
                var previous = sorted[i - 1];
                var current = sorted[i];
                if (current.Address < previous.End)
                {
                    var later = current.Line >= previous.Line ? current : previous;
                    var other = ReferenceEquals(later, current) ? previous : current;
                    throw reader.Error(later.Line, $"points[{points.IndexOf(later)}].address",
                        $"'{later.Name}' ({later.Kind.ToProfileName()} {later.Address}..{later.End - 1}) overlaps '{other.Name}' ({other.Address}..{other.End - 1}) on line {other.Line}");
                }
            }
        }
    }

    internal static bool TryParseInteger(string text, out long value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    private static int LineOf(Mark mark) => (int)mark.Line;

    private readonly record struct Scalar(string Value, int Line, bool FromDefaults = false)
    {
        public string Field(string prefix, string key) => FromDefaults ? "defaults." + key : prefix + key;
    }

    private sealed class NodeReader(string file)
    {
        public ProfileException Error(int line, string field, string problem) => new(file, line, field, problem);

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

        public Scalar RequiredString(YamlMappingNode node, string key, string prefix) =>
            OptionalString(node, key) is { } s && s.Value.Length > 0
                ? s
                : throw Error(LineOf(node.Start), prefix + key, "is required");

        public Scalar? OptionalString(YamlMappingNode node, string key)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return null;
            }

            if (value is not YamlScalarNode scalar)
            {
                throw Error(LineOf(value.Start), key, "expected a single value");
            }

            return new Scalar(scalar.Value ?? "", LineOf(scalar.Start));
        }

        public Scalar StringOrDefault(YamlMappingNode node, YamlMappingNode? defaults, string key, string prefix, bool required = true)
        {
            if (OptionalString(node, key) is { } own)
            {
                return own;
            }

            if (defaults is not null && OptionalString(defaults, key) is { } fallback)
            {
                return fallback with { FromDefaults = true };
            }

            return required ? throw Error(LineOf(node.Start), prefix + key, "is required (no default given)") : new Scalar("", LineOf(node.Start));
        }

        public double? OptionalNumber(YamlMappingNode node, string key, string prefix)
        {
            if (OptionalString(node, key) is not { } s)
            {
                return null;
            }

            if (!double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw Error(s.Line, prefix + key, $"'{s.Value}' is not a number");
            }

            return value;
        }

        public YamlMappingNode RequiredMapping(YamlMappingNode node, string key, string prefix) =>
            OptionalMapping(node, key) ?? throw Error(LineOf(node.Start), prefix + key, "is required");

        public YamlMappingNode? OptionalMapping(YamlMappingNode node, string key)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return null;
            }

            return value as YamlMappingNode ?? throw Error(LineOf(value.Start), key, "expected a mapping");
        }
    }
}
