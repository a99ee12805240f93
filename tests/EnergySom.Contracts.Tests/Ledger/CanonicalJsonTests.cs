using System.Text;
using EnergySom.Contracts.Ledger;
using EnergySom.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace EnergySom.Contracts.Tests.Ledger;

public sealed class CanonicalJsonTests
{
    private static string Canonical(string json) => Encoding.UTF8.GetString(CanonicalJson.Canonicalize(json));

    [Fact]
    public void SortsMembers_RemovesWhitespace_KeepsNumbersAsWritten()
    {
        var json = """
            { "b": [ 3, 1.50, -0.0, 1e3 ], "a": { "z": null, "é": true, "A": false }, "amount": 287.30 }
            """;

        Assert.Equal("""{"a":{"A":false,"z":null,"é":true},"amount":287.30,"b":[3,1.50,-0.0,1e3]}""", Canonical(json));
    }

    [Fact]
    public void SortsByUtf16CodeUnits_AsJcsDoes()
    {
        // RFC 8785 §3.2.3: names compare as UTF-16 code units, so "\r" (000D) < "1" (0031) < U+0080 < "€" (20AC)
        // < "😀" (its high surrogate D83D), whatever their UTF-8 byte order.
        var json = "{\"😀\":1,\"€\":2,\"\\r\":3,\"1\":4,\"\\u0080\":5}";

        Assert.Equal("{\"\\r\":3,\"1\":4,\"\u0080\":5,\"€\":2,\"😀\":1}", Canonical(json));
    }

    [Fact]
    public void EscapesOnlyWhatJsonRequires()
    {
        var json = "\"tab\\there \\u0022quoted\\u0022 back\\\\slash \\u0001 \\u00e9 \\/ 电\"";

        Assert.Equal("\"tab\\there \\\"quoted\\\" back\\\\slash \\u0001 é / 电\"", Canonical(json));
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""", "duplicate member 'a'")]
    [InlineData("""{"a":1,}""", "not JSON")]
    [InlineData("""{"a":"\ud800"}""", "not valid Unicode")]
    [InlineData("", "not JSON")]
    public void RefusesWhatCannotBeCanonical(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => CanonicalJson.Canonicalize(json));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsIdempotent_AndIndependentOfMemberOrder()
    {
        Prop.ForAll(
                Arb.From(Gen.Elements("a", "b", "c", "é", "A", "aa", "电").ListOf().Select(k => k.Distinct().ToArray())),
                Arb.From(Gen.Choose(-1000, 1000)),
                (keys, seed) =>
                {
                    var members = keys.Select((k, i) => $"\"{k}\":{seed + i}").ToArray();
                    var forward = "{" + string.Join(", ", members) + "}";
                    var backward = "{ " + string.Join(" ,", members.Reverse()) + " }";
                    var canonical = CanonicalJson.Canonicalize(forward);
                    return canonical.AsSpan().SequenceEqual(CanonicalJson.Canonicalize(backward))
                        && canonical.AsSpan().SequenceEqual(CanonicalJson.Canonicalize(canonical))
                        && CanonicalJson.IsCanonical(canonical);
                })
            .Check(Properties.Fixed(200));
    }
}
