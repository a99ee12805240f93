using EnergySom.Baseline.LeastSquares;
using EnergySom.Baseline.Models;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using EnergySom.Testing;

namespace EnergySom.Baseline.Tests.Models;

public class HourlyTowtModelTests
{
    [Fact]
    public void Features_FiftyDegrees_SplitAsCalTrackDocuments()
    {
        var features = new double[7];
        TimeOfWeekTemperatureFeatures.Compute([30, 45, 55, 65, 75, 90], 50, features);
        Assert.Equal([30, 15, 5, 0, 0, 0, 0], features);
    }

    [Fact]
    public void Features_NoEndpoint_IsTheTemperature()
    {
        var features = new double[1];
        TimeOfWeekTemperatureFeatures.Compute([], 42.5, features);
        Assert.Equal(42.5, features[0]);
    }

    [Fact]
    public void MergeSparseBins_SparseEnds_DropOuterEndpointsFirst()
    {
        // 5 values ≤ 30 (too few) and 50 values in (55, 65], nothing elsewhere.
        var temperatures = Enumerable.Repeat(20.0, 5).Concat(Enumerable.Repeat(60.0, 50)).ToArray();
        double[] endpoints = [30, 45, 55, 65, 75, 90];
        var k = TimeOfWeekTemperatureFeatures.MergeSparseBins(endpoints, temperatures, 20, new int[7]);

        // e1 goes (first bin 5 < 20), then again until the first bin (−∞, 55] has 5 < 20 … the top drops likewise:
        // all 55 values then sit in one bin.
        Assert.Equal(0, k);
    }

    [Fact]
    public void MergeSparseBins_SparseInteriorBin_MergesIntoTheNextBin()
    {
        var temperatures = Enumerable.Repeat(25.0, 30)       // (−∞, 30]
            .Concat(Enumerable.Repeat(40.0, 25))             // (30, 45]
            .Concat(Enumerable.Repeat(50.0, 5))              // (45, 55]: sparse → 55 removed
            .Concat(Enumerable.Repeat(60.0, 25))             // (55, 65]
            .Concat(Enumerable.Repeat(70.0, 25))             // (65, 75]
            .Concat(Enumerable.Repeat(80.0, 25))             // (75, 90]
            .Concat(Enumerable.Repeat(95.0, 25))             // (90, ∞)
            .ToArray();
        double[] endpoints = [30, 45, 55, 65, 75, 90];
        var k = TimeOfWeekTemperatureFeatures.MergeSparseBins(endpoints, temperatures, 20, new int[7]);
        Assert.Equal([30, 45, 65, 75, 90], endpoints[..k]);
    }

    [Fact]
    public void MergeSparseBins_BoundaryValueBelongsToTheLowerBin()
    {
        // Right-closed bins: exactly 30 counts in (−∞, 30].
        var temperatures = Enumerable.Repeat(30.0, 20).Concat(Enumerable.Repeat(31.0, 20)).ToArray();
        double[] endpoints = [30];
        Assert.Equal(1, TimeOfWeekTemperatureFeatures.MergeSparseBins(endpoints, temperatures, 20, new int[2]));
        Assert.Equal(0, TimeOfWeekTemperatureFeatures.BinOf(endpoints, 30));
    }

    [Fact]
    public void Calendar_MatchesNodaTimeForEveryHourOfSeveralYears()
    {
        var zone = NodaTime.TimeZones.TzdbDateTimeZoneSource.Default.ForId("Asia/Shanghai");
        var chicago = NodaTime.TimeZones.TzdbDateTimeZoneSource.Default.ForId("America/Chicago");
        for (var i = -100_000; i < 100_000; i += 7)
        {
            var instant = Instant.FromUtc(1999, 12, 31, 0, 0) + Duration.FromHours(i);
            foreach (var z in new DateTimeZone?[] { null, zone, chicago })
            {
                var local = instant.InZone(z ?? DateTimeZone.Utc).LocalDateTime;
                var expectedHow = (24 * ((int)local.DayOfWeek - 1)) + local.Hour;
                Assert.Equal(expectedHow, HourlyTowtCalendar.HourOfWeek(instant, z));
                Assert.Equal(local.Month, HourlyTowtCalendar.Month(instant, z));
            }
        }
    }

    [Fact]
    public void Fit_NoiselessTruthInTheModelClass_PredictsExactly()
    {
        // α per hour-of-week plus one slope: every bin partition represents it, so any occupancy split fits exactly.
        static double Truth(int how, double t) => 3 + Math.Sin(how / 10.0) + (0.07 * t);
        var (hours, energy, temperature) = HourlyTowtSynthetic.Series(8760, 1, noise: 0, truth: Truth);
        var fit = HourlyTowtModel.Fit(hours, energy, temperature);

        Assert.Equal(12, fit.Segments.Count);
        for (var i = 0; i < hours.Length; i += 13)
        {
            Assert.Equal(energy[i], fit.Predict(hours[i], temperature[i]), 1e-9);
        }

        foreach (var segment in fit.Segments)
        {
            // Slopes sum along the features: every bin carries the same slope 0.07.
            foreach (var term in segment.TemperatureTerms)
            {
                Assert.Equal(0.07, term.Coefficient, 1e-9);
            }
        }
    }

    [Fact]
    public void Fit_NoisySchedule_DetectsOccupancyAndRecoversTheTotal()
    {
        var (hours, energy, temperature) = HourlyTowtSynthetic.Series(8760, 2, noise: 0.5);
        var fit = HourlyTowtModel.Fit(hours, energy, temperature);

        foreach (var segment in fit.Segments)
        {
            var agree = Enumerable.Range(0, 168).Count(h => segment.Occupied[h] == HourlyTowtSynthetic.Occupied(h));
            Assert.True(agree >= 160, $"{segment.Name}: occupancy agrees on {agree} of 168 hours-of-week");
            Assert.NotNull(segment.Metrics);
            Assert.True(segment.Metrics!.CvRmse < 0.2, $"{segment.Name}: CV(RMSE) {segment.Metrics.CvRmse}");
        }

        var truthTotal = 0.0;
        for (var i = 0; i < hours.Length; i++)
        {
            truthTotal += HourlyTowtSynthetic.Truth(HourlyTowtCalendar.HourOfWeek(hours[i]), temperature[i]);
        }

        // Uniform noise ±0.5 per hour: the total's own noise is about 0.29·√8760 ≈ 27.
        Assert.Equal(truthTotal, fit.BaselinePredictedTotal, 100.0);
        Assert.Equal(fit.BaselineObservedTotal, fit.BaselinePredictedTotal, 30.0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(10)]
    public void Segment_MatchesDenseWeightedLeastSquaresOnTheSameDesign(int centreMonth)
    {
        var (hours, energy, temperature) = HourlyTowtSynthetic.Series(8760, 3, noise: 0.8);
        energy[100] = double.NaN;
        temperature[5000] = double.NaN;
        var fit = HourlyTowtModel.Fit(hours, energy, temperature);
        var segment = fit.SegmentFor(centreMonth)!;

        var rows = new List<int>();
        var weights = new List<double>();
        for (var i = 0; i < hours.Length; i++)
        {
            if (double.IsNaN(energy[i]) || double.IsNaN(temperature[i]))
            {
                continue;
            }

            var m = HourlyTowtCalendar.Month(hours[i]);
            var distance = Math.Min((m - centreMonth + 12) % 12, (centreMonth - m + 12) % 12);
            if (distance <= 1)
            {
                rows.Add(i);
                weights.Add(distance == 0 ? 1 : 0.5);
            }
        }

        var present = Enumerable.Range(0, 168).Where(h => rows.Any(i => HourlyTowtCalendar.HourOfWeek(hours[i]) == h)).ToArray();
        var occupiedEndpoints = segment.OccupiedBinEndpoints.ToArray();
        var unoccupiedEndpoints = segment.UnoccupiedBinEndpoints.ToArray();
        int kOccupied = occupiedEndpoints.Length + 1, kUnoccupied = unoccupiedEndpoints.Length + 1;
        int n = rows.Count, p = present.Length + kOccupied + kUnoccupied;
        var x = new double[n * p];
        var y = new double[n];
        var features = new double[8];
        for (var r = 0; r < n; r++)
        {
            var i = rows[r];
            var how = HourlyTowtCalendar.HourOfWeek(hours[i]);
            y[r] = energy[i];
            x[(Array.IndexOf(present, how) * n) + r] = 1;
            var occupied = segment.Occupied[how];
            var endpoints = occupied ? occupiedEndpoints : unoccupiedEndpoints;
            TimeOfWeekTemperatureFeatures.Compute(endpoints, temperature[i], features);
            var offset = present.Length + (occupied ? 0 : kOccupied);
            for (var j = 0; j < endpoints.Length + 1; j++)
            {
                x[((offset + j) * n) + r] = features[j];
            }
        }

        var beta = new double[p];
        var inverseDiagonal = new double[p];
        HouseholderQr.Solve(x, n, p, y, weights.ToArray(), beta, new double[(n * p) + n], inverseDiagonal);

        double sse = 0;
        for (var r = 0; r < n; r++)
        {
            var fitted = 0.0;
            for (var j = 0; j < p; j++)
            {
                fitted += x[(j * n) + r] * beta[j];
            }

            sse += weights[r] * (y[r] - fitted) * (y[r] - fitted);
        }

        var sigma2 = sse / (n - p);
        Assert.Equal(p, segment.Parameters);
        Assert.Equal(n, segment.Hours);
        Assert.Equal(sse, segment.WeightedSumSquaredErrors, sse * 1e-9);
        for (var h = 0; h < present.Length; h++)
        {
            AssertClose(beta[h], segment.TimeOfWeekCoefficients[present[h]], 1e-9);
            AssertClose(Math.Sqrt(sigma2 * inverseDiagonal[h]), segment.TimeOfWeekStandardErrors[present[h]], 1e-7);
        }

        for (var j = 0; j < kOccupied + kUnoccupied; j++)
        {
            AssertClose(beta[present.Length + j], segment.TemperatureTerms[j].Coefficient, 1e-9);
            AssertClose(Math.Sqrt(sigma2 * inverseDiagonal[present.Length + j]), segment.TemperatureTerms[j].StandardError, 1e-7);
        }
    }

    private static void AssertClose(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Fit_CelsiusSettingsOnCelsiusData_PredictSameAsFahrenheit()
    {
        var (hours, energy, fahrenheit) = HourlyTowtSynthetic.Series(8760, 4, noise: 0.3);
        var celsius = fahrenheit.Select(f => (f - 32) / 1.8).ToArray();
        var f = HourlyTowtModel.Fit(hours, energy, fahrenheit);
        var c = HourlyTowtModel.Fit(hours, energy, celsius, HourlyTowtSettings.CalTrackCelsius);
        for (var i = 0; i < hours.Length; i += 7)
        {
            Assert.Equal(f.Predict(hours[i], fahrenheit[i]), c.Predict(hours[i], celsius[i]), 1e-8);
        }
    }

    [Fact]
    public void Fit_MissingHours_AreDroppedAndCounted()
    {
        var (hours, energy, temperature) = HourlyTowtSynthetic.Series(8760, 5, noise: 0.3);
        var clean = HourlyTowtModel.Fit(hours.AsSpan(1000), energy.AsSpan(1000), temperature.AsSpan(1000));
        for (var i = 0; i < 1000; i++)
        {
            if (i % 2 == 0)
            {
                energy[i] = double.NaN;
            }
            else
            {
                temperature[i] = double.NaN;
            }
        }

        var fit = HourlyTowtModel.Fit(hours, energy, temperature);
        Assert.Equal(1000, fit.HoursDropped);
        Assert.Equal(7760, fit.HoursUsed);
        var warning = Assert.Single(fit.Warnings, w => w.Code == HourlyTowtWarning.RowsDropped);
        Assert.Equal(1000, warning.Value);
        Assert.Equal(clean.BaselinePredictedTotal, fit.BaselinePredictedTotal, 1e-8);
        Assert.True(double.IsNaN(fit.Predict(hours[0], double.NaN)));
    }

    [Fact]
    public void Fit_NoHours_IsRefusedWithAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => HourlyTowtModel.Fit([], [], [], null));
        Assert.Contains("nothing to fit", error.Message);
        var allMissing = Assert.Throws<ArgumentException>(() => HourlyTowtModel.Fit([HourlyTowtSynthetic.Start], [double.NaN], [50.0]));
        Assert.Contains("none of the 1 hours", allMissing.Message);
    }

    [Fact]
    public void Fit_LengthsDiffer_IsRefused() =>
        Assert.Throws<ArgumentException>(() => HourlyTowtModel.Fit([HourlyTowtSynthetic.Start], [1.0, 2.0], [50.0]));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Fit_OneOrTwoHours_FitsWhatItCanAndSaysWhatItCannot(int count)
    {
        var (hours, energy, temperature) = HourlyTowtSynthetic.Series(count, 6, noise: 0);
        var fit = HourlyTowtModel.Fit(hours, energy, temperature);

        // January's hours feed three segments (dec-jan-feb, jan-feb-mar and nov-dec-jan as neighbour); the others are empty.
        Assert.Equal(3, fit.Segments.Count);
        Assert.Equal(9, fit.Warnings.Count(w => w.Code == HourlyTowtWarning.SegmentEmpty));
        Assert.Contains(fit.Warnings, w => w.Code == HourlyTowtWarning.EmptyTimeOfWeek && w.Value == 168 - count);
        Assert.Null(fit.Statistics);
        Assert.Equal(energy[0], fit.Predict(hours[0], temperature[0]), 1e-12);
        Assert.True(double.IsNaN(fit.Predict(hours[0] + Duration.FromDays(3), 50)), "an hour-of-week never seen has no prediction");
        Assert.True(double.IsNaN(fit.Predict(Instant.FromUtc(2019, 7, 1, 0, 0), 50)), "a month without a segment has no prediction");
    }

    [Theory]
    [InlineData(8760)]
    [InlineData(8761)]
    [InlineData(35040)]
    public void Fit_AwkwardLengths_FitEverySegment(int count)
    {
        var (hours, energy, temperature) = HourlyTowtSynthetic.Series(count, 7, noise: 0.5);
        var fit = HourlyTowtModel.Fit(hours, energy, temperature);
        Assert.Equal(12, fit.Segments.Count);
        Assert.Equal(count, fit.HoursUsed);
        Assert.DoesNotContain(fit.Warnings, w => w.Code == HourlyTowtWarning.EmptyTimeOfWeek);
        Assert.NotNull(fit.Statistics);
        Assert.True(fit.Statistics!.CvRmse < 15, $"CV(RMSE) {fit.Statistics.CvRmse}");
    }

    [Fact]
    public void Fit_ConstantTemperature_DropsNoHoursAndFitsTimeOfWeekOnly()
    {
        var (hours, energy, _) = HourlyTowtSynthetic.Series(8760, 8, noise: 0.2);
        var temperature = Enumerable.Repeat(60.0, hours.Length).ToArray();
        var fit = HourlyTowtModel.Fit(hours, energy, temperature);

        // A constant temperature cannot be told apart from the time-of-week block: the feature is dropped, not guessed.
        Assert.Contains(fit.Warnings, w => w.Code == HourlyTowtWarning.DependentFeature);
        foreach (var segment in fit.Segments)
        {
            Assert.All(segment.TemperatureTerms, t => Assert.Equal(0, t.Coefficient));
        }

        // α is each hour-of-week's weighted mean over three months, so the centre months' total is close, not exact.
        Assert.Equal(fit.BaselineObservedTotal, fit.BaselinePredictedTotal, 1e-3 * fit.BaselineObservedTotal);
    }

    [Fact]
    public void Fit_LocalClock_AlignsTheScheduleAndIsRecorded()
    {
        var shanghai = NodaTime.TimeZones.TzdbDateTimeZoneSource.Default.ForId("Asia/Shanghai");
        var (hours, energy, temperature) = HourlyTowtSynthetic.Series(8760, 9, noise: 0.3, zone: shanghai);
        var local = HourlyTowtModel.Fit(hours, energy, temperature, new HourlyTowtSettings { TimeOfWeekZone = shanghai });
        var utc = HourlyTowtModel.Fit(hours, energy, temperature);

        Assert.Equal("Asia/Shanghai", local.TimeOfWeekClock);
        Assert.Equal("UTC", utc.TimeOfWeekClock);

        // Both clocks see 168 distinct bins, so both fit the schedule; but occupancy lines up with local working hours.
        var july = local.SegmentFor(7)!;
        Assert.True(july.Occupied[(24 * 0) + 9], "Monday 09:00 local is occupied");
        Assert.False(july.Occupied[(24 * 6) + 9], "Sunday 09:00 local is not");
        Assert.True(utc.SegmentFor(7)!.Occupied[(24 * 0) + 1], "Monday 01:00 UTC is Monday 09:00 in Shanghai");
    }

    [Fact]
    public void Fit_SingleYearSegmentation_OneModelForEveryMonth()
    {
        var (hours, energy, temperature) = HourlyTowtSynthetic.Series(8760, 10, noise: 0.5);
        var fit = HourlyTowtModel.Fit(hours, energy, temperature, new HourlyTowtSettings { Segmentation = HourlyTowtSegmentation.SingleYear });
        var segment = Assert.Single(fit.Segments);
        Assert.Equal("all", segment.Name);
        Assert.Same(segment, fit.SegmentFor(1));
        Assert.Same(segment, fit.SegmentFor(12));
        Assert.Equal(8760, segment.Metrics!.N);
    }

    [Fact]
    public void SegmentNames_FollowTheReference()
    {
        var (hours, energy, temperature) = HourlyTowtSynthetic.Series(8760, 11, noise: 0.5);
        var fit = HourlyTowtModel.Fit(hours, energy, temperature);
        Assert.Equal("dec-jan-feb-weighted", fit.SegmentFor(1)!.Name);
        Assert.Equal("nov-dec-jan-weighted", fit.SegmentFor(12)!.Name);
        Assert.Equal(Enumerable.Range(1, 12), fit.Segments.Select(s => s.CentreMonth));
    }

    [Fact]
    public void Settings_Invalid_AreRefused()
    {
        var (hours, energy, temperature) = HourlyTowtSynthetic.Series(100, 12, noise: 0.5);
        Assert.Throws<ArgumentException>(() => HourlyTowtModel.Fit(hours, energy, temperature, new HourlyTowtSettings { TemperatureBinEndpoints = [30, 20] }));
        Assert.Throws<ArgumentException>(() => HourlyTowtModel.Fit(hours, energy, temperature, new HourlyTowtSettings { OccupancyThreshold = 1.5 }));
        Assert.Throws<ArgumentException>(() => HourlyTowtModel.Fit(hours, energy, temperature, new HourlyTowtSettings { NeighbourMonthWeight = double.NaN }));
    }

    [Fact]
    public void Property_AffineChangeOfEnergy_CarriesThroughThePredictions()
    {
        // y → a·y + b (a > 0) leaves occupancy and bins alone and maps every prediction the same way.
        var (hours, energy, temperature) = HourlyTowtSynthetic.Series(8760, 14, noise: 0.5);
        var fit = HourlyTowtModel.Fit(hours, energy, temperature);
        Prop.ForAll<int, int>((rawScale, rawShift) =>
        {
            var a = 0.1 + (Math.Abs(rawScale % 1000) / 100.0);
            var b = (rawShift % 1000) / 10.0;
            var moved = HourlyTowtModel.Fit(hours, energy.Select(y => (a * y) + b).ToArray(), temperature);
            for (var i = 0; i < hours.Length; i += 97)
            {
                var expected = (a * fit.Predict(hours[i], temperature[i])) + b;
                if (Math.Abs(moved.Predict(hours[i], temperature[i]) - expected) > 1e-9 * Math.Max(1, Math.Abs(expected)))
                {
                    return false;
                }
            }

            return fit.Segments.Zip(moved.Segments).All(pair => pair.First.Occupied.SequenceEqual(pair.Second.Occupied));
        }).Check(Properties.Fixed(20));
    }
}
