using EnergySom.Contracts.Definition;
using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Tests.Fixtures;

/// <summary>Files copied next to the tests (Data/), and contracts built from the small valid contract by replacing text.</summary>
internal static class TestData
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, "Data", .. parts]);

    public static string MinimalText => File.ReadAllText(Path("valid", "minimal.yaml"));

    /// <summary>The minimal contract with each (old, new) replacement applied once; a replacement that finds nothing fails the test.</summary>
    public static string Edit(string text, params (string Old, string New)[] edits)
    {
        foreach (var (old, replacement) in edits)
        {
            Assert.True(text.Contains(old, StringComparison.Ordinal), $"test fixture: '{old}' not found");
            var index = text.IndexOf(old, StringComparison.Ordinal);
            text = string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + old.Length));
        }

        return text;
    }

    public static Contract Minimal(params (string Old, string New)[] edits) =>
        ContractLoader.Parse(Edit(MinimalText, edits), "minimal.yaml");
}
