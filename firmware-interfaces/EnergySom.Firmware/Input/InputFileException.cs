namespace EnergySom.Firmware.Input;

/// <summary>
/// A file a person wrote (a device profile, a site file) that cannot be used, with the place of the mistake:
/// <c>file:line: field: problem</c>. The lowest module holds it so every loader above names mistakes alike.
/// </summary>
public abstract class InputFileException : Exception
{
    protected InputFileException(string file, int line, string field, string problem, Exception? inner = null)
        : base(line > 0 ? $"{file}:{line}: {field}: {problem}" : $"{file}: {field}: {problem}", inner)
    {
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    /// <summary>The file, or a name such as <c>environment</c> when the setting did not come from a file.</summary>
    public string File { get; }

    /// <summary>1-based line, 0 when not from the file.</summary>
    public int Line { get; }

    /// <summary>The field path, e.g. <c>gateways[0].meters[2].unit</c>.</summary>
    public string Field { get; }

    /// <summary>What is wrong, without the place.</summary>
    public string Problem { get; }
}
