namespace EnergySom.Metering.Site;

/// <summary>A site file (or a setting from the environment) that cannot be used, with the place of the mistake.</summary>
public sealed class SiteConfigException : Exception
{
    public SiteConfigException(string file, int line, string field, string problem, Exception? inner = null)
        : base(line > 0 ? $"{file}:{line}: {field}: {problem}" : $"{file}: {field}: {problem}", inner)
    {
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    /// <summary>The site file, or <c>environment</c> for a variable.</summary>
    public string File { get; }

    /// <summary>1-based line, 0 when not from the file.</summary>
    public int Line { get; }

    /// <summary>The field path (<c>gateways[0].meters[2].unit</c>) or the environment variable.</summary>
    public string Field { get; }

    public string Problem { get; }
}
