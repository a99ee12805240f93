using System.Text;
using EnergySom.Contracts.Definition;

namespace EnergySom.Contracts.Tests.Definition;

public class CanonicalJsonWriterTests
{
    [Theory]
    [InlineData("1.10", "1.1")]
    [InlineData("0.000", "0")]
    [InlineData("-0.50", "-0.5")]
    [InlineData("100", "100")]
    [InlineData("1234567.890", "1234567.89")]
    [InlineData("0.0001", "0.0001")]
    public void Format_DecimalShortestExactForm(string value, string expected)
    {
        Assert.Equal(expected, CanonicalJsonWriter.Format(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Strings_EscapeOnlyWhatJsonRequires()
    {
        var bytes = new CanonicalJsonWriter().BeginObject().Property("s", "a\"b\\c\n\t\u0001 峰 é").Property("n", 2.50m).Property("z", (string?)null).EndObject().ToArray();

        Assert.Equal("{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001 峰 é\",\"n\":2.5,\"z\":null}", Encoding.UTF8.GetString(bytes));
    }
}
