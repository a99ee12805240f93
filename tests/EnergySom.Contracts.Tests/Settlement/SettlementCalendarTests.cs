using System.Security.Cryptography;
using System.Text;
using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Terms;
using EnergySom.Contracts.Tests.Fixtures;
using NodaTime;

namespace EnergySom.Contracts.Tests.Settlement;

public class SettlementCalendarTests
{
    [Fact]
    public void Periods_Monthly_OneLabelPerMonthOfTheTerm()
    {
        var periods = SettlementCalendar.Periods(TestData.Minimal());

        Assert.Equal(36, periods.Count);
        Assert.Equal(("2025-01", 1, 0), (periods[0].Label, periods[0].ContractYear, periods[0].IndexInYear));
        Assert.Equal(("2027-12", 3, true), (periods[^1].Label, periods[^1].ContractYear, periods[^1].ClosesContractYear));
        Assert.Equal(new LocalDateRange(new LocalDate(2025, 2, 1), new LocalDate(2025, 3, 1)), periods[1].Dates);
    }

    [Fact]
    public void Periods_QuarterlyAndYearly_NameFirstAndLastMonth_AndAMonthFindsItsPeriod()
    {
        var quarterly = TestData.Minimal(("frequency: monthly", "frequency: quarterly"));
        var yearly = TestData.Minimal(("frequency: monthly", "frequency: yearly"));

        Assert.Equal("2025-04/2025-06", SettlementCalendar.Find(quarterly, "2025-05").Label);
        Assert.Equal("2025-04/2025-06", SettlementCalendar.Find(quarterly, "2025-04/2025-06").Label);
        Assert.Equal(["2025-01/2025-12", "2026-01/2026-12", "2027-01/2027-12"], SettlementCalendar.Periods(yearly).Select(p => p.Label));
        var error = Assert.Throws<ArgumentException>(() => SettlementCalendar.Find(quarterly, "2028-01"));
        Assert.Contains("periods run from 2025-01/2025-03 to 2027-10/2027-12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_PeriodNotOfTheCalendar_IsRefused()
    {
        var contract = TestData.Minimal();
        var forged = SettlementCalendar.Find(contract, "2025-02") with { Dates = new LocalDateRange(new LocalDate(2025, 2, 1), new LocalDate(2025, 2, 15)) };
        var input = SettlementFixture.Input(contract, "2025-02", SettlementFixture.Month(new YearMonth(2025, 2), _ => 0.0)) with { Period = forged };

        var error = Assert.Throws<SettlementInputException>(() => SettlementEngine.Settle(input));

        Assert.Equal("period", error.Input);
    }

    [Fact]
    public void PeakDemand_HighestFifteenMinuteAverage_SkipsIncompleteWindows()
    {
        // 5-minute kWh: the window 10:00–10:15 holds 50 + 60 + 70 = 180 kWh = 720 kW; a larger window with a gap is skipped.
        var zone = SettlementFixture.Shanghai;
        var from = new LocalDate(2025, 2, 3).AtStartOfDayInZone(zone).ToInstant();
        var values = new double[288];
        Array.Fill(values, 10.0);
        values[120] = 50;
        values[121] = 60;
        values[122] = 70;
        values[132] = 500;
        values[133] = double.NaN;
        var series = new IntervalSeries(from, Duration.FromMinutes(5), values);

        var peak = PeakDemand.HighestAverage(series, from, from + Duration.FromDays(1), Duration.FromMinutes(15));

        Assert.Equal(720.0, peak, 9);
        Assert.Throws<ArgumentException>(() => PeakDemand.HighestAverage(new IntervalSeries(from, Duration.FromMinutes(10), values), from, from + Duration.FromDays(1), Duration.FromMinutes(15)));
    }

    [Fact]
    public void BaselineReference_MatchesOnlyTheExactBytes()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"schema_version\":\"energysom.baseline/1\",\"id\":\"bl-e\",\"version\":\"1\"}");
        var reference = new BaselineResultReference("bl-e", "1", Convert.ToHexStringLower(SHA256.HashData(bytes)));

        Assert.True(reference.Matches(bytes));
        Assert.False(reference.Matches(bytes.Append((byte)'\n').ToArray()));
    }

    [Fact]
    public void ReadingDigest_DependsOnEveryReadingAndItsOrder()
    {
        var t0 = Instant.FromUtc(2025, 2, 1, 0, 0);
        var t1 = t0 + Duration.FromMinutes(15);
        var a = ReadingDigest.Compute("m-1", "active_energy_import", t0, t1, [(t0, 1.0), (t1, 2.0)]);

        Assert.Equal(a, ReadingDigest.Compute("m-1", "active_energy_import", t0, t1, [(t0, 1.0), (t1, 2.0)]));
        Assert.NotEqual(a.Sha256, ReadingDigest.Compute("m-1", "active_energy_import", t0, t1, [(t1, 2.0), (t0, 1.0)]).Sha256);
        Assert.NotEqual(a.Sha256, ReadingDigest.Compute("m-2", "active_energy_import", t0, t1, [(t0, 1.0), (t1, 2.0)]).Sha256);
        Assert.Equal(2, a.Count);
    }
}
