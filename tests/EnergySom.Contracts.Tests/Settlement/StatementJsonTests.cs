using System.Text;
using System.Text.Json;
using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Tests.Fixtures;
using NodaTime;
using static EnergySom.Contracts.Tests.Fixtures.SettlementFixture;

namespace EnergySom.Contracts.Tests.Settlement;

public class StatementJsonTests
{
    private static SettlementStatement February() =>
        SettlementEngine.Settle(Input(TestData.Minimal(), "2025-02", Month(new YearMonth(2025, 2), t => t.Day == 3 ? 2.0 : 0.0), gasPeriodTotal: 100));

    [Fact]
    public void Canonical_IsCompactUtf8WithDecimalsInShortestForm()
    {
        var text = StatementJson.CanonicalText(February());

        Assert.StartsWith("{\"schema_version\":\"energysom.statement/2\",\"statement_id\":\"EPC-TEST-001/2025-02/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
        Assert.Contains("\"amount\":19.2,", text, StringComparison.Ordinal);        // 19.20 written as 19.2
        Assert.Contains("\"quantity\":64,", text, StringComparison.Ordinal);        // 64.000 written as 64
        Assert.Contains("峰", text, StringComparison.Ordinal);                        // not escaped
        Assert.Contains("\"engine_version\":\"settlement/2\"}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Digest_IsTheSha256OfTheBodyWithoutIdAndDigest_IdCarriesItsPrefix()
    {
        var s = February();

        Assert.Matches("^[0-9a-f]{64}$", s.Digest);
        Assert.Equal($"EPC-TEST-001/2025-02/{s.Digest[..12]}", s.StatementId);
        Assert.Equal(s.Digest, StatementJson.ComputeDigest(s));
        Assert.True(StatementJson.Verify(s));
    }

    [Fact]
    public void Verify_DetectsAnyChangeToTheContent()
    {
        var s = February();

        Assert.False(StatementJson.Verify(s with { EscoAmount = s.EscoAmount + 0.01m }));
        Assert.False(StatementJson.Verify(s with { Lines = [s.Lines[0] with { Amount = s.Lines[0].Amount + 0.01m }, .. s.Lines.Skip(1)] }));
        Assert.False(StatementJson.Verify(s with { StatementId = s.StatementId.Replace("2025-02", "2025-03", StringComparison.Ordinal) }));
        Assert.False(StatementJson.Verify(s with { Inputs = s.Inputs with { Series = [s.Inputs.Series[0] with { Sha256 = new string('0', 64) }] } }));
    }

    [Fact]
    public void Parse_CurrentSchema_RoundTripsByteForByte()
    {
        var bytes = StatementJson.Canonical(February());

        var parsed = StatementJson.Parse(bytes);

        Assert.Equal(bytes, StatementJson.Canonical(parsed));
        Assert.Equal(0.8m, parsed.EscoShare);
        Assert.NotNull(Assert.Single(parsed.Lines, l => l.Code == "natural_gas").Conversion);
    }

    [Fact]
    public void Parse_SchemaOneStatement_StaysReadable()
    {
        var v1 = StatementJson.Parse(File.ReadAllText(TestData.Path("statements", "statement-v1.json")));

        Assert.Equal(SettlementStatement.SchemaVersion1, v1.SchemaVersion);
        Assert.Equal(("C-1", "2025-03", 410.48m, 287.34m, 123.14m), (v1.ContractId, v1.Period, v1.SavingsValue, v1.EscoAmount, v1.FactoryAmount));
        Assert.Equal(0.70m, v1.EscoShare);
        Assert.Equal(("ESCO Ltd", "Factory Co"), (v1.Esco, v1.Factory));
        Assert.Equal(4, v1.Lines.Count);
        Assert.Equal("natural_gas", v1.Lines[3].Carrier);
        Assert.Equal("test-tou@v1", v1.TariffVersion);
        Assert.Equal("test-gas@v1", v1.GasTariffVersion);
        Assert.False(StatementJson.Verify(v1));   // a schema-1 statement is read, never taken for a current one
    }

    [Fact]
    public void Parse_UnknownSchema_IsRefused()
    {
        var error = Assert.Throws<JsonException>(() => StatementJson.Parse(Encoding.UTF8.GetBytes("{\"schema_version\":\"energysom.statement/9\"}")));
        Assert.Contains("energysom.statement/9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Statement_RecordsEverythingItWasComputedFrom()
    {
        var input = Input(TestData.Minimal(), "2025-02", Month(new YearMonth(2025, 2), _ => 1.0), gasPeriodTotal: 5) with
        {
            Readings = [ReadingDigest.Compute("m-1", "active_energy_import", Instant.FromUtc(2025, 1, 31, 16, 0), Instant.FromUtc(2025, 2, 28, 16, 0), [(Instant.FromUtc(2025, 1, 31, 16, 0), 1.5)])],
        };

        var s = SettlementEngine.Settle(input);

        Assert.Equal(["bl-e@1", "bl-g@1"], s.Inputs.BaselineResults.Select(b => $"{b.Id}@{b.Version}"));
        Assert.Equal(["test-tou@v1", "test-gas@v1"], s.Inputs.Tariffs.Select(t => $"{t.Id}@{t.Version}"));
        Assert.All(s.Inputs.Tariffs, t => Assert.Equal("illustrative", t.Prices));
        Assert.Equal(["avoided", "period_avoided"], s.Inputs.Series.Select(x => x.Kind));
        var reading = Assert.Single(s.Inputs.Readings);
        Assert.Equal(("m-1", 1), (reading.Meter, reading.Count));
        Assert.Equal(new StatementPolicies("pro_rata_minutes", "exclude", "pro_rata_metered", 0.01m, "half_away_from_zero", 3, "days_in_force", "days_elapsed"), s.Policies);
        Assert.Equal(SettlementEngine.EngineVersion, s.EngineVersion);
        Assert.Equal(EnergySom.Contracts.Definition.ContractJson.Digest(TestData.Minimal()), s.Contract.Digest);
    }
}
