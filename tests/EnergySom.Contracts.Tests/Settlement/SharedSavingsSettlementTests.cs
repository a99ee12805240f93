using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using EnergySom.Contracts.Tests.Fixtures;
using NodaTime;
using static EnergySom.Contracts.Tests.Fixtures.SettlementFixture;

namespace EnergySom.Contracts.Tests.Settlement;

/// <summary>
/// Hand-computed shared-savings statements on the test tariff (valley 0.30, flat 0.60, peak 1.00 yuan/kWh until
/// 2025-03-15; peak 10:00–12:30) with the minimal contract (ESCO 80 % in year 1, gas on Nm³ priced at 3.50 yuan per
/// m³ at 20 °C).
/// </summary>
public class SharedSavingsSettlementTests
{
    private static readonly Contract Contract = TestData.Minimal();

    [Fact]
    public void Settle_TouDay_SameKwhWorthDifferentMoneyByBand_HandComputed()
    {
        // 2 kWh in every interval of 3 February, nothing else: valley 32 intervals = 64 kWh, flat 8 + 46 = 108 kWh,
        // peak 10 intervals = 20 kWh. Gas: 100 Nm³ = 100 × 1.073220 (293.15 K / 273.15 K to 6 decimals) = 107.322 m³ at 20 °C.
        var electricity = Month(new YearMonth(2025, 2), t => t.Day == 3 ? 2.0 : 0.0);

        var s = SettlementEngine.Settle(Input(Contract, "2025-02", electricity, gasPeriodTotal: 100));

        Assert.Equal((64.000m, 0.30m, 19.20m), Parts(Line(s, "electricity.valley")));
        Assert.Equal((108.000m, 0.60m, 64.80m), Parts(Line(s, "electricity.flat")));
        Assert.Equal((20.000m, 1.00m, 20.00m), Parts(Line(s, "electricity.peak")));
        var gas = Line(s, "natural_gas");
        Assert.Equal((107.322m, 3.50m, 375.63m), Parts(gas));          // 375.627 → 375.63
        Assert.Equal(new VolumeConversion(100.000m, "Nm3", 1.073220m), gas.Conversion);
        Assert.Equal("m3@20C", gas.Unit);
        Assert.Equal(479.63m, s.SavingsValue);                           // 19.20 + 64.80 + 20.00 + 375.63
        Assert.Equal(383.70m, s.EscoAmount);                             // 479.63 × 0.8 = 383.704
        Assert.Equal(95.93m, s.FactoryAmount);
        Assert.Equal(0.8m, s.EscoShare);
        var payment = Assert.Single(s.Payments);
        Assert.Equal(("host", "esco", 383.70m), (payment.Payer, payment.Payee, payment.Amount));
        Assert.Equal((361.98m, 21.72m, 383.70m), (payment.NetOfVat, payment.Vat, payment.Total)); // 383.70 / 1.06, VAT included
        Assert.Equal(192.000m, Assert.Single(s.CarrierTotals, t => t.Carrier == "electricity").Total);
        Assert.Equal(104.00m, Assert.Single(s.CarrierTotals, t => t.Carrier == "electricity").Value);
    }

    [Fact]
    public void Settle_TariffChangeMidPeriod_AppliesFromItsEffectiveDate()
    {
        // v2 (peak 1.20) takes effect 2025-03-16: 1 kWh at 10:00 on the 10th is priced at v1, on the 20th at v2.
        var electricity = Month(new YearMonth(2025, 3), t => At(t, 10, 10) || At(t, 20, 10) ? 1.0 : 0.0);

        var s = SettlementEngine.Settle(Input(Contract, "2025-03", electricity));

        Assert.Equal((1.000m, 1.00m, 1.00m), Parts(Line(s, "electricity.peak", "test-tou@v1")));
        Assert.Equal((1.000m, 1.20m, 1.20m), Parts(Line(s, "electricity.peak", "test-tou@v2")));
        Assert.Equal(2.20m, s.SavingsValue);
        var tariffs = s.Inputs.Tariffs.Where(t => t.Carrier == "electricity").ToList();
        Assert.Equal(["v1", "v2"], tariffs.Select(t => t.Version));
        Assert.Equal(("2025-03-01", "2025-03-16"), (tariffs[0].From, tariffs[0].To));
        Assert.Equal(("2025-03-16", "2025-04-01"), (tariffs[1].From, tariffs[1].To));
        Assert.All(tariffs, t => Assert.Matches("^[0-9a-f]{64}$", t.Sha256));
        Assert.Contains("2025-03-16 to 2025-03-31", Line(s, "electricity.peak", "test-tou@v2").Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_ShanghaiMonth_HasNoDaylightSaving_LocalMonthBoundsTheIntervals()
    {
        // Asia/Shanghai has kept UTC+8 all year since 1991: March 2025 is 31 × 96 = 2976 quarter-hours, from
        // 2025-02-28T16:00Z to 2025-03-31T16:00Z. A series starting a day early is cut at the local month.
        var from = new LocalDate(2025, 2, 28).AtStartOfDayInZone(Shanghai).ToInstant();
        var values = Enumerable.Repeat(1.0, 2976 + 96 + 96).ToArray();
        var series = new IntervalSeries(from, Quarter, values);

        var s = SettlementEngine.Settle(Input(Contract, "2025-03", series));

        var quality = Assert.Single(s.DataQuality, q => q.Carrier == "electricity");
        Assert.Equal((2976, 2976, 0), (quality.Expected, quality.Present, quality.Missing));
        Assert.Equal(2976.000m, s.CarrierTotals.Single(t => t.Carrier == "electricity").Metered);
        var series0 = Assert.Single(s.Inputs.Series, x => x.Kind == "avoided");
        Assert.Equal(("2025-02-28T16:00:00Z", "PT15M", 2976), (series0.Start, series0.Step, series0.Count));
    }

    [Fact]
    public void Settle_ZoneWithDaylightSaving_CountsTheShortDay()
    {
        // The engine reads local time in the contract's zone: Berlin's March 2025 loses an hour on the 30th (2972 quarter-hours).
        var berlin = TestData.Minimal(("time_zone: Asia/Shanghai", "time_zone: Europe/Berlin"));
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var series = Month(new YearMonth(2025, 3), _ => 1.0, zone: zone);

        var s = SettlementEngine.Settle(Input(berlin, "2025-03", series));

        Assert.Equal(2972, s.DataQuality.Single(q => q.Carrier == "electricity").Expected);
        Assert.Equal(2972.000m, s.CarrierTotals.Single(t => t.Carrier == "electricity").Metered);
    }

    public static TheoryData<string, string, string, string> MissingPolicies => new()
    {
        // policy, savings value, estimated kWh, disputed value
        { "exclude", "1452.00", "0", "" },
        { "estimate", "1458.00", "6", "" },
        { "dispute", "1452.00", "0", "6.00" },
    };

    [Theory]
    [MemberData(nameof(MissingPolicies))]
    public void Settle_MonthWithMissingIntervals_FollowsTheContractsPolicy(string policy, string value, string estimated, string disputed)
    {
        // 1 kWh every quarter-hour of February (valley 896, flat 1512, peak 280 kWh) except 10:00–11:00 on the 10th
        // (4 peak intervals, missing); the model estimates 1.5 kWh for each interval.
        var contract = TestData.Minimal(("missing_intervals: exclude", $"missing_intervals: {policy}"));
        var avoided = Month(new YearMonth(2025, 2), t => t.Day == 10 && t.Hour == 10 ? double.NaN : 1.0);
        var estimates = Month(new YearMonth(2025, 2), _ => 1.5);

        var s = SettlementEngine.Settle(Input(contract, "2025-02", avoided, electricityEdit: e => e with { Estimates = estimates }));

        Assert.Equal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), s.SavingsValue);
        Assert.Equal((268.80m, 907.20m, 276.00m), (Line(s, "electricity.valley").Amount, Line(s, "electricity.flat").Amount, Line(s, "electricity.peak").Amount));
        var quality = s.DataQuality.Single(q => q.Carrier == "electricity");
        Assert.Equal((2688, 2684, 4), (quality.Expected, quality.Present, quality.Missing));
        var range = Assert.Single(quality.MissingRanges);
        Assert.Equal(("2025-02-10T02:00:00Z", "2025-02-10T03:00:00Z", 4), (range.From, range.To, range.Count));
        Assert.Equal(decimal.Parse(estimated, System.Globalization.CultureInfo.InvariantCulture), s.CarrierTotals.Single(t => t.Carrier == "electricity").Estimated);
        Assert.Equal(policy, s.Policies.MissingIntervals);
        if (policy == "estimate")
        {
            Assert.Equal((6.000m, 1.00m, 6.00m), Parts(Line(s, "electricity.peak.estimated")));
            Assert.Equal(LineSections.Estimated, Line(s, "electricity.peak.estimated").Section);
        }

        if (disputed.Length > 0)
        {
            var item = Assert.Single(s.Disputed);
            Assert.Equal((4, 6.000m, 6.00m), (item.Intervals, item.EstimatedQuantity, item.EstimatedValue));
            Assert.True(s.HasDisputes);
        }
        else
        {
            Assert.Empty(s.Disputed);
        }
    }

    [Fact]
    public void Settle_EstimatePolicyWithoutAnEstimate_NamesTheInterval()
    {
        var contract = TestData.Minimal(("missing_intervals: exclude", "missing_intervals: estimate"));
        var avoided = Month(new YearMonth(2025, 2), t => At(t, 10, 10) ? double.NaN : 1.0);

        var error = Assert.Throws<SettlementInputException>(() => SettlementEngine.Settle(Input(contract, "2025-02", avoided)));

        Assert.Equal("carriers.electricity.estimates", error.Input);
        Assert.Contains("2025-02-10T02:00:00Z", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pro_rata_minutes", "0.500", "0.50", "0.500", "0.30")]
    [InlineData("interval_start", "1.000", "1.00", "0", "0")]
    public void Settle_HourStraddlingTheBandEdge_SplitsAsThePolicySays(string policy, string peakKwh, string peakAmount, string flatKwh, string flatAmount)
    {
        // Hourly data; the peak ends at 12:30, so the hour 12:00–13:00 is half peak (1.00), half flat (0.60).
        var contract = TestData.Minimal(("band_split: pro_rata_minutes", $"band_split: {policy}"));
        var hourly = Month(new YearMonth(2025, 2), t => At(t, 3, 12) ? 1.0 : 0.0, Duration.FromHours(1));

        var s = SettlementEngine.Settle(Input(contract, "2025-02", hourly));

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal((decimal.Parse(peakKwh, inv), decimal.Parse(peakAmount, inv)), (Line(s, "electricity.peak").Quantity, Line(s, "electricity.peak").Amount));
        Assert.Equal((decimal.Parse(flatKwh, inv), decimal.Parse(flatAmount, inv)), (Line(s, "electricity.flat").Quantity, Line(s, "electricity.flat").Amount));
        Assert.Equal(policy, s.Policies.BandSplit);
    }

    [Fact]
    public void Settle_RejectPolicy_RefusesAnIntervalAcrossABandEdge()
    {
        var contract = TestData.Minimal(("band_split: pro_rata_minutes", "band_split: reject"));
        var hourly = Month(new YearMonth(2025, 2), _ => 1.0, Duration.FromHours(1));

        var error = Assert.Throws<SettlementInputException>(() => SettlementEngine.Settle(Input(contract, "2025-02", hourly)));

        Assert.Contains("2025-02-01T04:00:00Z (2025-02-01 12:00 local) straddles the peak/flat edge at 12:30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_DemandSavings_MonthByTariffVersion()
    {
        // Baseline 850 kW, actual 800 kW. February (v1 30 yuan/kW·month): 50 × 30 = 1500.00. March: v1 for 15 of
        // 31 days (24.194 kW·month × 30 = 725.82), v2 for 16 (25.806 × 32 = 825.792 → 825.79).
        var contract = TestData.Minimal(("    tariff: test-tou\n", "    tariff: test-tou\n    demand_savings: true\n"));
        CarrierInput WithDemand(CarrierInput e) => e with { Demand = [new MonthlyDemand(new YearMonth(2025, 2), 850, 800), new MonthlyDemand(new YearMonth(2025, 3), 850, 800)] };

        var february = SettlementEngine.Settle(Input(contract, "2025-02", Month(new YearMonth(2025, 2), _ => 0.0), electricityEdit: WithDemand));
        var march = SettlementEngine.Settle(Input(contract, "2025-03", Month(new YearMonth(2025, 3), _ => 0.0), electricityEdit: WithDemand));

        var line = Assert.Single(february.Lines, l => l.Section == LineSections.Demand);
        Assert.Equal(("electricity.demand.2025-02", 50.000m, "kW·month", 30.00m, 1500.00m), (line.Code, line.Quantity, line.Unit, line.UnitPrice, line.Amount));
        var lines = march.Lines.Where(l => l.Section == LineSections.Demand).ToList();
        Assert.Equal([(24.194m, 30.00m, 725.82m), (25.806m, 32.00m, 825.79m)], lines.Select(l => (l.Quantity, l.UnitPrice, l.Amount)));
        Assert.Equal(1551.61m, march.SavingsValue);
        Assert.Equal(new DemandInput("electricity", "2025-03", 850m, 800m, "kW"), Assert.Single(march.Inputs.Demand));
    }

    [Fact]
    public void Settle_DemandSavingsWithoutTheMonthsDemand_IsRefused()
    {
        var contract = TestData.Minimal(("    tariff: test-tou\n", "    tariff: test-tou\n    demand_savings: true\n"));

        var error = Assert.Throws<SettlementInputException>(() => SettlementEngine.Settle(Input(contract, "2025-02", Month(new YearMonth(2025, 2), _ => 0.0))));

        Assert.Equal("carriers.electricity.demand", error.Input);
        Assert.Contains("2025-02", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_SeasonsAndSpecialDays_PriceTheirBands()
    {
        // July (summer season of v2): 11:00–12:00 is critical peak at 1.80. 1 May is a special day, all deep valley at 0.20.
        var july = SettlementEngine.Settle(Input(Contract, "2025-07", Month(new YearMonth(2025, 7), t => At(t, 7, 11) ? 1.0 : 0.0)));
        var may = SettlementEngine.Settle(Input(Contract, "2025-05", Month(new YearMonth(2025, 5), t => t.Day == 1 && t.Hour == 12 ? 1.0 : 0.0)));

        var critical = Line(july, "electricity.critical_peak");
        Assert.Equal((1.000m, 1.80m, 1.80m), Parts(critical));
        Assert.Contains("summer", critical.Description, StringComparison.Ordinal);
        Assert.Equal((4.000m, 0.20m, 0.80m), Parts(Line(may, "electricity.deep_valley")));
        Assert.Equal(0.80m, may.SavingsValue);
    }

    [Fact]
    public void Settle_NonRoutineAdjustments_AreSeparateLines()
    {
        var input = Input(Contract, "2025-02", Month(new YearMonth(2025, 2), _ => 0.0)) with
        {
            Adjustments =
            [
                new NonRoutineAdjustment("NRA-1", EnergyCarrier.Electricity, new LocalDate(2025, 2, 15), 100, TouBand.Peak, "second shift added on line 3", "M&V engineer Wang"),
                new NonRoutineAdjustment("NRA-2", EnergyCarrier.NaturalGas, new LocalDate(2025, 2, 20), -10, null, "boiler bypass test", "M&V engineer Wang"),
            ],
        };

        var s = SettlementEngine.Settle(input);

        var electricity = Line(s, "adjustment.NRA-1");
        Assert.Equal((LineSections.Adjustment, 100.000m, 1.00m, 100.00m), (electricity.Section, electricity.Quantity, electricity.UnitPrice, electricity.Amount));
        var gas = Line(s, "adjustment.NRA-2");
        Assert.Equal((-10.732m, 3.50m, -37.56m), Parts(gas));  // -10 Nm³ × 1.073220 = -10.732 m³ × 3.50 = -37.562
        Assert.Equal(62.44m, s.SavingsValue);
        Assert.Equal(100.000m, s.CarrierTotals.Single(t => t.Carrier == "electricity").Adjustments);
        Assert.Equal(2, s.Inputs.Adjustments.Count);
        Assert.Contains("documented by M&V engineer Wang", electricity.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_PriceFloor_ValuesBelowTheFloorAtTheFloor()
    {
        var contract = TestData.Minimal(("    tariff: test-tou\n", "    tariff: test-tou\n    valuation: { method: tariff, price_floor: 0.40 }\n"));

        var s = SettlementEngine.Settle(Input(contract, "2025-02", Month(new YearMonth(2025, 2), t => At(t, 3, 2) || At(t, 3, 11) ? 10.0 : 0.0)));

        Assert.Equal((10.000m, 0.40m, 4.00m), Parts(Line(s, "electricity.valley")));  // tariff 0.30 < floor 0.40
        Assert.Equal((10.000m, 1.00m, 10.00m), Parts(Line(s, "electricity.peak")));   // tariff above the floor
    }

    [Fact]
    public void Settle_AgreedPriceValuation_OneLineAtTheAgreedPrice()
    {
        var contract = TestData.Minimal(("    tariff: test-tou\n", "    tariff: test-tou\n    valuation: { method: agreed_price, unit_price: 0.75 }\n"));

        var s = SettlementEngine.Settle(Input(contract, "2025-02", Month(new YearMonth(2025, 2), t => t.Day == 3 ? 2.0 : 0.0)));

        var line = Line(s, "electricity");
        Assert.Equal((192.000m, 0.75m, 144.00m), Parts(line));
        Assert.Null(line.Tariff);
    }

    [Fact]
    public void Settle_DailySavings_AllocatedProRataToMeteredLoad()
    {
        // 96 kWh avoided on 3 February; the metered load is 3 kWh per quarter-hour in the peak (10:00–12:30) and
        // 1 kWh otherwise: the peak's 10 intervals weigh 30 of the day's 116 kWh.
        var daily = new DailySeries(new LocalDate(2025, 2, 1), Enumerable.Range(1, 28).Select(d => d == 3 ? 96.0 : 0.0).ToArray());
        var metered = Month(new YearMonth(2025, 2), t => t.Hour >= 10 && (t.Hour < 12 || (t.Hour == 12 && t.Minute < 30)) ? 3.0 : 1.0);

        var s = SettlementEngine.Settle(Input(Contract, "2025-02", null, electricityEdit: e => e with { Avoided = null, DailyAvoided = daily, Metered = metered }));

        Assert.Equal(24.828m, Line(s, "electricity.peak").Quantity);   // 96 × 30/116 = 24.8276
        Assert.Equal(26.483m, Line(s, "electricity.valley").Quantity); // 96 × 32/116 = 26.4828
        Assert.Equal(96.000m, s.CarrierTotals.Single(t => t.Carrier == "electricity").Metered);
        Assert.Contains(s.Inputs.Series, x => x.Kind == "daily_avoided" && x.Step == "P1D" && x.Count == 28);
        Assert.Contains(s.Inputs.Series, x => x.Kind == "metered" && x.Count == 2688);
        Assert.Equal("pro_rata_metered", s.Policies.DailyAllocation);
    }

    [Fact]
    public void Settle_GasDaily_PricedPerDayWithExplicitConversion()
    {
        var daily = new DailySeries(new LocalDate(2025, 2, 1), Enumerable.Repeat(10.0, 28).ToArray());

        var s = SettlementEngine.Settle(Input(Contract, "2025-02", Month(new YearMonth(2025, 2), _ => 0.0), gasPeriodTotal: null, gasEdit: g => g with { PeriodAvoided = null, DailyAvoided = daily }));

        var gas = Line(s, "natural_gas");
        Assert.Equal((300.502m, 3.50m, 1051.76m), Parts(gas)); // 280 Nm³ × 1.073220 = 300.5016 m³ × 3.50 = 1051.757
        Assert.Contains("280 Nm3 × 1.073220 = 300.502 m³ at 20 °C", gas.Description, StringComparison.Ordinal);
        Assert.Equal(280.000m, s.CarrierTotals.Single(t => t.Carrier == "natural_gas").Total);
        Assert.Equal("Nm3", s.CarrierTotals.Single(t => t.Carrier == "natural_gas").Unit);
    }

    [Fact]
    public void Settle_BaselineResultNotTheFrozenOne_IsRefused()
    {
        var other = new BaselineResultReference("bl-e", "2", new string('a', 64));
        var input = Input(Contract, "2025-02", Month(new YearMonth(2025, 2), _ => 0.0), electricityEdit: e => e with { BaselineResult = other });

        var error = Assert.Throws<SettlementInputException>(() => SettlementEngine.Settle(input));

        Assert.Equal("carriers.electricity.baseline_result", error.Input);
        Assert.Contains("not the contract's frozen baseline result bl-e@1", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Settle_SeriesOffTheGrid_IsRefused()
    {
        var shifted = new IntervalSeries(new LocalDate(2025, 2, 1).AtStartOfDayInZone(Shanghai).ToInstant() + Duration.FromMinutes(5), Quarter, new double[2688]);

        var error = Assert.Throws<SettlementInputException>(() => SettlementEngine.Settle(Input(Contract, "2025-02", shifted)));

        Assert.Contains("not on the 15-minute grid", error.Problem, StringComparison.Ordinal);
    }

    internal static (decimal Quantity, decimal UnitPrice, decimal Amount) Parts(StatementLine line) => (line.Quantity, line.UnitPrice, line.Amount);
}
