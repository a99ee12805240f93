using EnergySom.Baseline.Models;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Savings;
using EnergySom.Baseline.Tests.Models;
using EnergySom.Baseline.Tests.Samples;

namespace EnergySom.Baseline.Tests.Results;

/// <summary>
/// Stored records must stay readable by every later build. Results/Fixtures/baseline-result-v1.json was written by
/// schema version 1 (CalTRACK billing on il-electricity-cdd-hdd-billing_monthly) and is never regenerated: when the
/// schema moves on, ResultJson must migrate it and this test keeps proving that.
/// </summary>
public class ResultFixtureTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Results", "Fixtures", name));

    [Fact]
    public void Version1Record_IsStillReadable_AndPredictsAsTheFitDid()
    {
        var stored = ResultJson.DeserializeBaselineResult(Fixture("baseline-result-v1.json"));

        Assert.Equal(ResultJson.CurrentSchemaVersion, stored.SchemaVersion);
        Assert.Equal(ModelKinds.CalTrackBilling, stored.ModelKind);
        Assert.Equal(CalTrackModelTypes.CddHdd, stored.ModelType);
        Assert.Equal("caltrack-billing/1", stored.AlgorithmVersion);
        Assert.Equal(54, stored.BalancePoints!.Heating);
        Assert.Equal(67, stored.BalancePoints.Cooling);
        Assert.Equal(13.420093629452847, stored.Coefficient("intercept"));          // exactly as written
        Assert.Equal(11, stored.Statistics.N);
        Assert.False(stored.Sufficiency!.Passed);
        Assert.True(stored.Sufficiency.FittedDespiteInsufficientData);
        Assert.Contains(stored.Warnings, w => w.Code == "caltrack.sufficiency.incorrect_number_of_total_days" && w.Number("n_days_total") == 364);
        Assert.Empty(stored.Deviations);

        // The stored model predicts the reporting year as a fresh fit does (to rounding: later builds may change the
        // last bits, never the method), and carries the basis of its savings uncertainty.
        var sample = EemeterSamples.Get("il-electricity-cdd-hdd-billing_monthly");
        var fresh = CalTrackSampleTests.FitSample(sample.Id);
        var reporting = CalTrackBilling.Design(EemeterSamples.Meter(sample.Id).Within(sample.Reporting), EemeterSamples.Temperature, new CalTrackOptions());
        var expected = fresh.Model.Predict(reporting);
        var actual = CalTrackModel.FromResult(stored).Predict(reporting);
        for (var p = 0; p < expected.Length; p++)
        {
            Assert.Equal(expected[p], actual[p], Math.Abs(expected[p]) * 1e-12);
        }

        var storedBasis = UncertaintyBasis.From(stored);
        var freshBasis = UncertaintyBasis.From(fresh.Result);
        Assert.Equal(freshBasis.N, storedBasis.N);
        Assert.Equal(freshBasis.SumSquaredErrors, storedBasis.SumSquaredErrors, freshBasis.SumSquaredErrors * 1e-10);
        Assert.Equal(freshBasis.Autocorrelation, storedBasis.Autocorrelation, 1e-10);
    }
}
