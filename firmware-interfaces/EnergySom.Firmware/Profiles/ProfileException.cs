namespace EnergySom.Firmware.Profiles;

/// <summary>A profile file that cannot be used, with the place of the mistake.</summary>
public sealed class ProfileException : Exception
{
    public ProfileException(string file, int line, string field, string problem, Exception? inner = null)
        : base($"{file}:{line}: {field}: {problem}", inner)
    {
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    public string File { get; }

    public int Line { get; }

    public string Field { get; }

    public string Problem { get; }
}
