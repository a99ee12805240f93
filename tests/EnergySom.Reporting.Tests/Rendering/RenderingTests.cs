using System.Text.Json;
using System.Xml.Linq;
using EnergySom.Reporting.Charts;
using EnergySom.Reporting.Rendering;

namespace EnergySom.Reporting.Tests.Rendering;

public sealed class RenderingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("esom-report-");

    public void Dispose() => _dir.Delete(recursive: true);

    private sealed record Sample(string SchemaVersion, double Value, double Missing);

    [Fact]
    public void Json_SnakeCase_AndNonFiniteAsNull()
    {
        var json = ReportJson.Serialize(new Sample("x/1", 1.5, double.NaN));
        using var doc = JsonDocument.Parse(json);

        Assert.Equal("x/1", doc.RootElement.GetProperty("schema_version").GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("missing").ValueKind);
        Assert.EndsWith("}\n", json, StringComparison.Ordinal);
        Assert.True(double.IsNaN(ReportJson.Deserialize<Sample>(json).Missing));
    }

    [Fact]
    public void Svg_IsWellFormedXml_WithOnePathPerSeries()
    {
        var svg = SvgChart.Line("t <&>", ["a", "b", "c"], [new ChartSeries("s1", [1, double.NaN, 3], "#000"), new ChartSeries("s2", [2, 2, 2], "#f00")], "kWh");
        var xml = XDocument.Parse(svg);
        Assert.Equal(2, xml.Descendants(XName.Get("path", "http://www.w3.org/2000/svg")).Count());

        var bars = XDocument.Parse(SvgChart.Bars("b", ["x", "y"], [new ChartSeries("v", [1, -1], "#000")], "CNY"));
        Assert.Equal(2, bars.Descendants(XName.Get("rect", "http://www.w3.org/2000/svg")).Count(r => r.Element(XName.Get("title", "http://www.w3.org/2000/svg")) is not null));
    }

    [Fact]
    public void Bundle_WritesAllFiles_AndLeavesNoStaging()
    {
        var bundle = new ReportBundle();
        bundle.Add("a.json", "{}\n");
        bundle.Add("sub/b.html", "<p>b</p>");

        var written = bundle.WriteTo(_dir.FullName);

        Assert.Equal(2, written.Count);
        Assert.Equal("{}\n", File.ReadAllText(Path.Combine(_dir.FullName, "a.json")));
        Assert.Empty(Directory.GetDirectories(_dir.FullName, ".staging-*"));
    }

    [Fact]
    public void Bundle_UnwritableTarget_Throws_AndWritesNothing()
    {
        var file = Path.Combine(_dir.FullName, "not-a-folder");
        File.WriteAllText(file, "x");
        var bundle = new ReportBundle();
        bundle.Add("a.json", "{}");

        Assert.ThrowsAny<IOException>(() => bundle.WriteTo(Path.Combine(file, "out")));
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void Bundle_RefusesPathsOutsideIt()
    {
        Assert.Throws<ArgumentException>(() => new ReportBundle().Add("../escape.txt", ""));
    }
}
