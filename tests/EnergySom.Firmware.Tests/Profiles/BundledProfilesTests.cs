using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.VirtualMeter;
using NodaTime;

namespace EnergySom.Firmware.Tests.Profiles;

/// <summary>Conventions every shipped profile keeps.</summary>
public class BundledProfilesTests
{
    private static readonly ProfileLibrary Library = ProfileLibrary.LoadBundled();

    public static TheoryData<string> Ids() => [.. Library.Profiles.Select(p => p.Id).Order(StringComparer.Ordinal)];

    [Fact]
    public void Library_HoldsTheMetersTheIssueNames()
    {
        Assert.Equal(
            ["acrel-adl400", "chint-dtsu666", "eastron-sdm630", "fx-gas-flow-totalizer", "schneider-pm5000"],
            Library.Profiles.Select(p => p.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Profile_FileIsNamedByItsId_AndCitesItsSource(string id)
    {
        var profile = Library.Get(id);
        Assert.Equal(id + ".yaml", Path.GetFileName(profile.FilePath));
        Assert.False(string.IsNullOrWhiteSpace(profile.Source.Datasheet));
        Assert.False(string.IsNullOrWhiteSpace(profile.Source.Firmware));
        Assert.False(string.IsNullOrWhiteSpace(profile.Source.Notes));
        Assert.Contains(profile.Source.Confidence, new[] { "V", "S", "R" });
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Profile_HasAnEnergyOrVolumeCounter_PolledSlow(string id)
    {
        var profile = Library.Get(id);
        var counters = profile.Points.Where(p => p.Quantity.Kind == QuantityKind.Counter).ToList();
        Assert.NotEmpty(counters);
        Assert.All(counters, p => Assert.Equal(PollClass.Slow, p.Poll));
        Assert.Contains(counters, p => p.Quantity == Quantity.ActiveEnergyImportTotal || p.Quantity == Quantity.GasVolumeStdTotal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Profile_EveryPointCanBeServedAndReadBack(string id)
    {
        var profile = Library.Get(id);
        var unit = new VirtualMeterUnit(profile.Link.UnitId, profile, new NoValues());
        foreach (var point in profile.Points)
        {
            var image = new byte[point.Length * 2];
            Assert.Equal(0, unit.ReadImage(point.Kind, point.Address, (ushort)point.Length, Instant.FromUnixTimeSeconds(0), image));
        }
    }

    private sealed class NoValues : IPointValueSource
    {
        public double? ValueOf(RegisterPoint point, Instant now) => null;
    }
}
