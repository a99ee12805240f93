using EnergySom.Contracts.Tariffs;
using NodaTime;

namespace EnergySom.Contracts.Tests.Tariffs;

public class TariffTests
{
    [Theory]
    [InlineData(0, 0, TouBand.Valley)]
    [InlineData(7, 59, TouBand.Valley)]
    [InlineData(8, 0, TouBand.Flat)]
    [InlineData(10, 0, TouBand.Peak)]
    [InlineData(11, 45, TouBand.Peak)]
    [InlineData(12, 0, TouBand.Flat)]
    [InlineData(23, 59, TouBand.Flat)]
    public void BandAt_FollowsTheWindows(int hour, int minute, TouBand band)
    {
        Assert.Equal(band, TestTariffs.Tou.BandAt(new LocalTime(hour, minute)));
    }

    [Fact]
    public void Validate_RefusesAGapInTheDay()
    {
        var broken = TestTariffs.Tou with { Windows = TestTariffs.Tou.Windows.Where(w => w.Band != TouBand.Peak).ToList() };
        var error = Assert.Throws<InvalidOperationException>(broken.Validate);
        Assert.Contains("10:00 is covered by 0 windows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GasVolume_TwentyDegreesToNormal()
    {
        Assert.Equal(0.931776, GasVolume.Convert(1, GasVolumeBasis.Standard20C, GasVolumeBasis.Normal), 6);
        Assert.Equal(1, GasVolume.Convert(GasVolume.Convert(5, GasVolumeBasis.Normal, GasVolumeBasis.Standard20C), GasVolumeBasis.Standard20C, GasVolumeBasis.Normal) / 5, 12);
    }

    [Theory]
    [InlineData("1.105", "1.11")]
    [InlineData("-1.105", "-1.11")]
    [InlineData("0.004", "0.00")]
    [InlineData("2.675", "2.68")]
    public void Fen_RoundsHalfAwayFromZero(string amount, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), RoundingPolicy.Fen.Round(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void RoundingPolicy_HalfEvenAndJiao()
    {
        Assert.Equal(1.10m, new RoundingPolicy(0.01m, MidpointRounding.ToEven).Round(1.105m));
        Assert.Equal(1.2m, new RoundingPolicy(0.1m, MidpointRounding.AwayFromZero).Round(1.15m));
    }
}
