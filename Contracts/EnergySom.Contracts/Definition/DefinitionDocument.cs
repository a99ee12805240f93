using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EnergySom.Contracts.Definition;

/// <summary>
/// A YAML (or JSON, which YAML 1.2 reads) definition file being validated: it hands out <see cref="DefinitionNode"/>s
/// that know their field path and place, collects every error instead of stopping at the first, and remembers
/// where each field was so that rules across fields can name the right line.
/// </summary>
internal sealed class DefinitionDocument
{
    private readonly List<DefinitionError> _errors = [];
    private readonly Dictionary<string, (int Line, int Column)> _places = new(StringComparer.Ordinal);

    private DefinitionDocument(string file) => File = file;

    public string File { get; }

    public IReadOnlyList<DefinitionError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    /// <summary>Reads the text; a syntax error or a document that is not one mapping is reported and gives no root.</summary>
    public static DefinitionDocument Parse(string text, string file, out DefinitionNode? root)
    {
        var document = new DefinitionDocument(file);
        root = null;
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            var mark = ex.Start;
            document._errors.Add(new DefinitionError(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column), "(syntax)", Clean(message)));
            return document;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this for some malformed scalars; the last good event tells where.
            var line = parser.Current is { } current ? (int)current.End.Line : 1;
            document._errors.Add(new DefinitionError(file, line, 1, "(syntax)", "not valid YAML (check brackets and quotes near this line)"));
            return document;
        }

        if (stream.Documents.Count != 1)
        {
            document._errors.Add(new DefinitionError(file, 1, 1, "(document)", stream.Documents.Count == 0 ? "the file is empty" : "the file holds more than one document"));
            return document;
        }

        var node = stream.Documents[0].RootNode;
        if (node is not YamlMappingNode)
        {
            document._errors.Add(new DefinitionError(file, (int)node.Start.Line, (int)node.Start.Column, "(document)", "the file must hold one mapping of fields"));
            return document;
        }

        root = new DefinitionNode(document, node, "", (int)node.Start.Line, (int)node.Start.Column);
        return document;
    }

    public void Error(DefinitionNode node, string message) => Error(node.Path, node.Line, node.Column, message);

    public void Error(string field, int line, int column, string message) =>
        _errors.Add(new DefinitionError(File, line, column, field.Length == 0 ? "(document)" : field, message));

    /// <summary>An error on a field read earlier (or on its nearest present ancestor), for rules across fields.</summary>
    public void Error(string field, string message)
    {
        var (line, column) = PlaceOf(field);
        Error(field, line, column, message);
    }

    public void Remember(string path, int line, int column) => _places.TryAdd(path, (line, column));

    public (int Line, int Column) PlaceOf(string field)
    {
        var path = field;
        while (true)
        {
            if (_places.TryGetValue(path, out var place))
            {
                return place;
            }

            if (path.Length == 0)
            {
                return (1, 1);
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut <= 0 ? "" : path[..cut];
        }
    }

    public void ThrowIfErrors()
    {
        if (_errors.Count > 0)
        {
            var ordered = _errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
            throw new DefinitionException(ordered);
        }
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the error carries the place already.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(cut + 3)..] : message;
    }
}
