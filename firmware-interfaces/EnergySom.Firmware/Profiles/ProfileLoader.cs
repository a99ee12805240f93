using System.Globalization;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EnergySom.Firmware.Profiles;

/// <summary>
/// Reads device profile files (YAML) into <see cref="DeviceProfile"/>s. Validation is strict: an unknown key,
/// type, order, unit or quantity, a unit that does not fit the quantity, two points whose registers overlap, a
/// sentinel the type cannot hold or a decoding that does not fit the point is refused with the file, line and
/// field. The schema is described in <c>firmware-interfaces/profiles/README.md</c>.
/// </summary>
public static class ProfileLoader
{
    private static readonly HashSet<string> TopKeys = ["schema", "id", "manufacturer", "model", "source", "numbering", "link", "ratios", "defaults", "points"];
    private static readonly HashSet<string> SourceKeys = ["datasheet", "firmware", "confidence", "notes", "url"];
    private static readonly HashSet<string> LinkKeys = ["unit_id", "baud", "parity", "stop_bits"];
    private static readonly HashSet<string> RatioKeys = ["ct", "pt", "notes"];
    private static readonly HashSet<string> DefaultKeys = ["kind", "type", "order", "poll", "side"];
    private static readonly HashSet<string> PointKeys =
    [
        "name", "kind", "address", "register", "type", "order", "scale", "offset", "unit", "quantity", "poll",
        "description", "decode", "invalid", "side", "confidence", "note",
    ];

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
        catch (ArgumentException ex)
        {
            // A key given twice in one mapping: YamlDotNet refuses it while building the node tree.
            var line = parser.Current is { } current ? LineOf(current.Start) : 1;
            throw new ProfileException(fileName, line, "(syntax)", $"a key is given twice in one mapping ({ex.Message})", ex);
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

        var id = reader.RequiredString(root, "id", "");
        if (!id.Value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw reader.Error(id.Line, "id", $"'{id.Value}' must be lower-case letters, digits and '-' (it is typed on the command line)");
        }

        var manufacturer = reader.RequiredString(root, "manufacturer", "").Value;
        var model = reader.RequiredString(root, "model", "").Value;
        var source = ReadSource(reader, reader.RequiredMapping(root, "source", ""));
        var numbering = ReadNumbering(reader, root);
        var link = ReadLink(reader, reader.OptionalMapping(root, "link"));

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

            var point = ReadPoint(reader, node, defaults, numbering, prefix);
            if (names.TryGetValue(point.Name, out var firstLine))
            {
                throw reader.Error(point.Line, prefix + "name", $"duplicate point name '{point.Name}' (first defined on line {firstLine})");
            }

            names.Add(point.Name, point.Line);
            points.Add(point);
        }

        CheckOverlaps(reader, points);
        var ratios = ReadRatios(reader, reader.OptionalMapping(root, "ratios"), points);
        return new DeviceProfile(id.Value, manufacturer, model, source, points, fileName)
        {
            Link = link,
            Ratios = ratios,
            Numbering = numbering,
        };
    }

    private static ProfileSource ReadSource(NodeReader reader, YamlMappingNode sourceNode)
    {
        reader.CheckKeys(sourceNode, SourceKeys, "source.");
        var confidence = reader.RequiredString(sourceNode, "confidence", "source.");
        if (!IsConfidence(confidence.Value))
        {
            throw reader.Error(confidence.Line, "source.confidence", $"expected V, S or R, found '{confidence.Value}'");
        }

        return new ProfileSource(
            reader.RequiredString(sourceNode, "datasheet", "source.").Value,
            reader.RequiredString(sourceNode, "firmware", "source.").Value,
            confidence.Value,
            reader.OptionalString(sourceNode, "notes", "source.")?.Value)
        {
            Url = reader.OptionalString(sourceNode, "url", "source.")?.Value,
        };
    }

    private static RegisterNumbering ReadNumbering(NodeReader reader, YamlMappingNode root) =>
        reader.OptionalString(root, "numbering", "") switch
        {
            null => RegisterNumbering.Modicon,
            { Value: "modicon" } => RegisterNumbering.Modicon,
            { Value: "one-based" } => RegisterNumbering.OneBased,
            var other => throw reader.Error(other.Value.Line, "numbering", $"unknown register numbering '{other.Value.Value}' (expected modicon or one-based)"),
        };

    private static ProfileLink ReadLink(NodeReader reader, YamlMappingNode? node)
    {
        if (node is null)
        {
            return ProfileLink.Default;
        }

        reader.CheckKeys(node, LinkKeys, "link.");
        var unitId = reader.OptionalInteger(node, "unit_id", "link.", 1, 247, "a unit id is 1..247 (0 is broadcast, 248..255 are reserved)") ?? 1;
        var baud = reader.OptionalInteger(node, "baud", "link.", 300, 921_600, "a baud rate is 300..921600");
        var stopBits = reader.OptionalInteger(node, "stop_bits", "link.", 1, 2, "stop bits are 1 or 2");
        var parity = reader.OptionalString(node, "parity", "link.");
        if (parity is { Value: not ("none" or "even" or "odd") })
        {
            throw reader.Error(parity.Value.Line, "link.parity", $"expected none, even or odd, found '{parity.Value.Value}'");
        }

        return new ProfileLink((byte)unitId, (int?)baud, parity?.Value, (int?)stopBits);
    }

    private static RatioPoints? ReadRatios(NodeReader reader, YamlMappingNode? node, List<RegisterPoint> points)
    {
        if (node is null)
        {
            return null;
        }

        reader.CheckKeys(node, RatioKeys, "ratios.");
        string? Reference(string key)
        {
            if (reader.OptionalString(node, key, "ratios.") is not { } name)
            {
                return null;
            }

            var point = points.FirstOrDefault(p => p.Name == name.Value)
                ?? throw reader.Error(name.Line, "ratios." + key, $"no point named '{name.Value}'");
            if (point.Quantity != Quantity.Ratio)
            {
                throw reader.Error(name.Line, "ratios." + key, $"point '{point.Name}' measures {point.Quantity.Code}, not ratio");
            }

            return point.Name;
        }

        var ct = Reference("ct");
        var pt = Reference("pt");
        if (ct is null && pt is null)
        {
            throw reader.Error(LineOf(node.Start), "ratios", "names no ct or pt point");
        }

        return new RatioPoints(ct, pt, reader.OptionalString(node, "notes", "ratios.")?.Value);
    }

    private static RegisterPoint ReadPoint(NodeReader reader, YamlMappingNode node, YamlMappingNode? defaults, RegisterNumbering numbering, string prefix)
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
            throw reader.Error(typeText.Line, typeText.Field(prefix, "type"), $"unknown data type '{typeText.Value}' (expected u16, i16, u32, i32, u64, i64, f32, f64, bcd16, bcd32, bcd48 or bit)");
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

        var address = ReadAddress(reader, node, kind, numbering, prefix);
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
        if (!double.IsFinite(offset))
        {
            throw reader.Error(line, prefix + "offset", "offset must be a finite number");
        }

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
            "" => quantity.Kind == QuantityKind.Counter || quantity == Quantity.SerialNumber || quantity == Quantity.Ratio ? PollClass.Slow : PollClass.Fast,
            _ => throw reader.Error(pollText.Line, pollText.Field(prefix, "poll"), $"unknown poll class '{pollText.Value}' (expected fast or slow)"),
        };

        var decoding = PointDecoding.None;
        if (reader.OptionalString(node, "decode", prefix) is { } decodeText)
        {
            if (!PointDecodingExtensions.TryParseProfileName(decodeText.Value, out decoding))
            {
                throw reader.Error(decodeText.Line, prefix + "decode", $"unknown decoding '{decodeText.Value}' (expected none or pf_4q)");
            }

            if (decoding == PointDecoding.PowerFactorFourQuadrant && (!type.IsFloat() || quantity != Quantity.PowerFactor))
            {
                throw reader.Error(decodeText.Line, prefix + "decode", $"pf_4q decodes a float power factor, not {type.ToProfileName()} {quantity.Code}");
            }
        }

        var sideText = reader.StringOrDefault(node, defaults, "side", prefix, required: false);
        var side = sideText.Value switch
        {
            "" or "primary" => TransformerSide.Primary,
            "secondary" => TransformerSide.Secondary,
            _ => throw reader.Error(sideText.Line, sideText.Field(prefix, "side"), $"unknown side '{sideText.Value}' (expected primary or secondary)"),
        };
        if (side == TransformerSide.Secondary && !TransformerRatios.Scales(quantity.Unit.Dimension))
        {
            if (!sideText.FromDefaults)
            {
                throw reader.Error(sideText.Line, prefix + "side", $"CT and PT ratios do not scale {quantity.Code}: only currents, voltages, powers and energies have a secondary side");
            }

            side = TransformerSide.Primary; // a profile-wide default applies only where it means something
        }

        var invalid = ReadInvalid(reader, node, type, kind, prefix);

        var confidence = reader.OptionalString(node, "confidence", prefix);
        if (confidence is { } c && !IsConfidence(c.Value))
        {
            throw reader.Error(c.Line, prefix + "confidence", $"expected V, S or R, found '{c.Value}'");
        }

        var description = reader.OptionalString(node, "description", prefix)?.Value;
        return new RegisterPoint(name.Value, kind, address.Value, type, order, scale, offset, unit, quantity, poll, description, line)
        {
            Decoding = decoding,
            Side = side,
            InvalidRaw = invalid,
            Confidence = confidence?.Value,
            Note = reader.OptionalString(node, "note", prefix)?.Value,
        };
    }

    /// <summary>
    /// Reads <c>invalid</c>: one value or a list. Hex values are bit patterns of the register (0x8000 in an i16 is
    /// −32768); decimal values are raw values and must fit the type.
    /// </summary>
    private static double[] ReadInvalid(NodeReader reader, YamlMappingNode node, RegisterDataType type, RegisterKind kind, string prefix)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode("invalid"), out var value))
        {
            return [];
        }

        var field = prefix + "invalid";
        IEnumerable<YamlNode> items = value switch
        {
            YamlSequenceNode sequence => sequence.Children,
            YamlScalarNode scalar => [scalar],
            _ => throw reader.Error(LineOf(value.Start), field, "expected a value or a list of values"),
        };

        if (kind.IsBit())
        {
            throw reader.Error(LineOf(value.Start), field, "a bit has no 'not available' value");
        }

        var result = new List<double>();
        foreach (var item in items)
        {
            var itemLine = LineOf(item.Start);
            var text = (item as YamlScalarNode)?.Value ?? throw reader.Error(itemLine, field, "expected a single value");
            result.Add(SentinelValue(reader, text, type, itemLine, field));
        }

        return [.. result];
    }

    private static double SentinelValue(NodeReader reader, string text, RegisterDataType type, int line, string field)
    {
        var bits = type.RegisterCount() * 16;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var pattern)
                || (bits < 64 && pattern >> bits != 0))
            {
                throw reader.Error(line, field, $"'{text}' is not a {bits}-bit pattern of a {type.ToProfileName()} register");
            }

            // Decode the pattern exactly as a read would, so the comparison is like for like.
            Span<byte> wire = stackalloc byte[8];
            var bytes = wire[..(bits / 8)];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = unchecked((byte)(pattern >> (8 * (bytes.Length - 1 - i))));
            }

            var raw = RegisterCodec.Decode(bytes, type, WordOrder.ABCD);
            return double.IsNaN(raw)
                ? throw reader.Error(line, field, $"'{text}' reads as NaN, which is never a valid reading anyway; list only sentinels that look like numbers")
                : raw;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            throw reader.Error(line, field, $"'{text}' is not a number (decimal, or 0x hex bit pattern)");
        }

        var (min, max) = type switch
        {
            RegisterDataType.U16 => (0d, 65_535d),
            RegisterDataType.I16 => (-32_768d, 32_767d),
            RegisterDataType.U32 => (0d, 4_294_967_295d),
            RegisterDataType.I32 => (-2_147_483_648d, 2_147_483_647d),
            RegisterDataType.U64 => (0d, 18_446_744_073_709_551_615d),
            RegisterDataType.I64 => (-9_223_372_036_854_775_808d, 9_223_372_036_854_775_807d),
            RegisterDataType.F32 => ((double)float.MinValue, (double)float.MaxValue),
            _ when type.IsBcd() => (0d, type.WrapModulus() - 1),
            _ => (double.MinValue, double.MaxValue),
        };
        if (number < min || number > max || (!type.IsFloat() && number != Math.Floor(number)))
        {
            throw reader.Error(line, field, $"{text} is not a value a {type.ToProfileName()} register can hold");
        }

        return type == RegisterDataType.F32 ? (float)number : number;
    }

    private static (ushort Value, int Line) ReadAddress(NodeReader reader, YamlMappingNode node, RegisterKind kind, RegisterNumbering numbering, string prefix)
    {
        var addressNode = reader.OptionalString(node, "address", prefix);
        var registerNode = reader.OptionalString(node, "register", prefix);
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
            var baseNumber = numbering == RegisterNumbering.OneBased ? 1 : kind switch
            {
                RegisterKind.Coil => 1,
                RegisterKind.DiscreteInput => 10001,
                RegisterKind.Input => 30001,
                _ => 40001,
            };
            if (!TryParseInteger(r.Value, out var number) || number < baseNumber || number > baseNumber + 0xFFFF)
            {
                var style = numbering == RegisterNumbering.OneBased ? "one-based register number" : $"{kind.ToProfileName()} register number";
                throw reader.Error(r.Line, prefix + "register", $"'{r.Value}' is not a {style} (from {baseNumber})");
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

    private static bool IsConfidence(string text) => text is "V" or "S" or "R";

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
            OptionalString(node, key, prefix) is { } s && s.Value.Length > 0
                ? s
                : throw Error(LineOf(node.Start), prefix + key, "is required");

        public Scalar? OptionalString(YamlMappingNode node, string key, string prefix)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return null;
            }

            if (value is not YamlScalarNode scalar)
            {
                throw Error(LineOf(value.Start), prefix + key, "expected a single value");
            }

            return new Scalar(scalar.Value ?? "", LineOf(scalar.Start));
        }

        public Scalar StringOrDefault(YamlMappingNode node, YamlMappingNode? defaults, string key, string prefix, bool required = true)
        {
            if (OptionalString(node, key, prefix) is { } own)
            {
                return own;
            }

            if (defaults is not null && OptionalString(defaults, key, "defaults.") is { } fallback)
            {
                return fallback with { FromDefaults = true };
            }

            return required ? throw Error(LineOf(node.Start), prefix + key, "is required (no default given)") : new Scalar("", LineOf(node.Start));
        }

        public double? OptionalNumber(YamlMappingNode node, string key, string prefix)
        {
            if (OptionalString(node, key, prefix) is not { } s)
            {
                return null;
            }

            if (!double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw Error(s.Line, prefix + key, $"'{s.Value}' is not a number");
            }

            return value;
        }

        public long? OptionalInteger(YamlMappingNode node, string key, string prefix, long min, long max, string rule)
        {
            if (OptionalString(node, key, prefix) is not { } s)
            {
                return null;
            }

            if (!TryParseInteger(s.Value, out var value) || value < min || value > max)
            {
                throw Error(s.Line, prefix + key, $"'{s.Value}': {rule}");
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
