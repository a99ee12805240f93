using System.Globalization;
using EnergySom.Contracts.Definition;
using EnergySom.Contracts.Tests.Fixtures;

namespace EnergySom.Contracts.Tests.Definition;

/// <summary>
/// Every file of Data/invalid is the valid minimal contract with one mistake; its first line says which field the
/// error must name and on which line (<c># expect: FIELD line N</c>). Each must be refused with that field and line.
/// </summary>
public class InvalidContractCorpusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(TestData.Path("invalid"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(System.IO.Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAtLeastTwentyFiles()
    {
        Assert.True(Files().Count >= 20, $"{Files().Count} invalid contracts");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_InvalidContract_NamesTheFieldAndLine(string name)
    {
        var path = TestData.Path("invalid", name);
        var header = File.ReadLines(path).First();
        var parts = header["# expect: ".Length..].Split(" line ");
        var field = parts[0];
        var line = int.Parse(parts[1], CultureInfo.InvariantCulture);

        var error = Assert.Throws<DefinitionException>(() => ContractLoader.Load(path));

        Assert.All(error.Errors, e => Assert.Equal(path, e.File));
        Assert.True(
            error.Errors.Any(e => e.Field == field && e.Line == line),
            $"expected {field} at line {line}; got:\n{string.Join("\n", error.Errors)}");
        Assert.StartsWith($"{path}:", error.Message, StringComparison.Ordinal);
    }
}
