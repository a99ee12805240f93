using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;
using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Tests.Quality;

public class CounterDeltasTests
{
    private static readonly SeriesKey Energy = new("m1", "active_energy_import");
    private static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);

    private static RegisterPoint Point(RegisterDataType type, double scale, Unit unit) =>
        new("active_energy_import", RegisterKind.Holding, 0, type, WordOrder.ABCD, scale, 0, unit, Quantity.ActiveEnergyImportTotal, PollClass.Slow);

    /// <summary>Readings one minute apart with the given register values (canonical kWh).</summary>
    private static List<Reading> Minutes(params double[] values) =>
        values.Select((v, i) => new Reading(Energy, T0.Plus(Duration.FromMinutes(i)), v)).ToList();

    [Fact]
    public void Increasing_DeltasAreTheDifferences_AndTelescope()
    {
        var readings = Minutes(100, 100.5, 101.25, 101.25, 103);
        var deltas = CounterDeltas.Compute(readings, new CounterSpec());

        Assert.Equal([0.5, 0.75, 0, 1.75], deltas.Select(d => d.Value));
        Assert.All(deltas, d => Assert.Equal(QualityFlags.None, d.Flags));
        Assert.Equal(readings[^1].Value - readings[0].Value, deltas.Sum(d => d.Value));
        Assert.Equal(readings[1].Time, deltas[0].To);
        Assert.Equal(readings[0].Time, deltas[0].From);
        Assert.Equal(100, deltas[0].FromValue);
        Assert.Equal(100.5, deltas[0].ToValue);
    }

    [Fact]
    public void ForPoint_U32Wh_RollsOverAt2To32Wh()
    {
        var spec = CounterSpec.ForPoint(Point(RegisterDataType.U32, 1, Unit.WattHour));
        Assert.Equal(4_294_967.296, spec.RolloverModulus!.Value, 1e-9);

        var deltas = CounterDeltas.Compute(Minutes(4_294_966.0, 4_294_967.0, 0.5, 1.5), spec);

        Assert.Equal(QualityFlags.Rollover, deltas[1].Flags);
        Assert.Equal(0.796, deltas[1].Value, 1e-6);
        Assert.Equal([1.0, 0.796, 1.0], deltas.Select(d => Math.Round(d.Value, 6)));
    }

    [Fact]
    public void ForPoint_U16Scaled_RollsOverAtTheRegisterWidthTimesScale()
    {
        // u16 in 0.1 kWh: wraps after 6553.6 kWh.
        var spec = CounterSpec.ForPoint(Point(RegisterDataType.U16, 0.1, Unit.KilowattHour));
        Assert.Equal(6553.6, spec.RolloverModulus!.Value, 1e-9);
        Assert.Equal(0.1, spec.Resolution, 1e-12);

        var deltas = CounterDeltas.Compute(Minutes(6553.0, 6553.5, 0.3), spec);

        Assert.Equal(QualityFlags.Rollover, deltas[1].Flags);
        Assert.Equal(0.4, deltas[1].Value, 1e-9);
    }

    [Fact]
    public void ForPoint_I32_WrapsFromMaxToMin()
    {
        var spec = CounterSpec.ForPoint(Point(RegisterDataType.I32, 1, Unit.KilowattHour));
        var deltas = CounterDeltas.Compute(Minutes(2_147_483_646, -2_147_483_647), spec);

        Assert.Equal(QualityFlags.Rollover, deltas[0].Flags);
        Assert.Equal(3, deltas[0].Value);
    }

    [Theory]
    [InlineData(RegisterDataType.F32)]
    [InlineData(RegisterDataType.F64)]
    [InlineData(RegisterDataType.U64)]
    [InlineData(RegisterDataType.I64)]
    public void ForPoint_FloatsAndWideIntegers_DoNotRollOver(RegisterDataType type)
    {
        var spec = CounterSpec.ForPoint(Point(type, 1, Unit.KilowattHour));
        Assert.Null(spec.RolloverModulus);

        var deltas = CounterDeltas.Compute(Minutes(4_294_967.0, 0.5, 1.0), spec);

        Assert.Equal(QualityFlags.Reset, deltas[0].Flags);
        Assert.True(double.IsNaN(deltas[0].Value));
        Assert.Equal(0.5, deltas[1].Value);
    }

    [Fact]
    public void Reset_IsNotConsumption_ByDefault()
    {
        var deltas = CounterDeltas.Compute(Minutes(5000, 5001, 0.2, 1.2), new CounterSpec());

        Assert.Equal(1, deltas[0].Value);
        Assert.True(double.IsNaN(deltas[1].Value));
        Assert.Equal(QualityFlags.Reset, deltas[1].Flags);
        Assert.Equal(1, deltas[2].Value, 1e-12);
        Assert.Equal(QualityFlags.None, deltas[2].Flags);
    }

    [Fact]
    public void Reset_CountFromZero_IsAnEstimatedLowerBound()
    {
        var deltas = CounterDeltas.Compute(Minutes(5000, 5001, 0.2), new CounterSpec { ResetPolicy = ResetPolicy.CountFromZero });

        Assert.Equal(0.2, deltas[1].Value);
        Assert.Equal(QualityFlags.Reset | QualityFlags.Estimated, deltas[1].Flags);
    }

    [Fact]
    public void OneOffDip_IsSetAside_AndTheDeltaSpansIt()
    {
        var readings = Minutes(1000, 1001, 0, 1003, 1004);
        var deltas = CounterDeltas.Compute(readings, new CounterSpec());

        Assert.Equal(3, deltas.Count);
        Assert.Equal(2, deltas[1].Value);
        Assert.Equal(QualityFlags.BackwardStep, deltas[1].Flags);
        Assert.Equal(1, deltas[1].Rejected);
        Assert.Equal(readings[1].Time, deltas[1].From);
        Assert.Equal(readings[3].Time, deltas[1].To);
        Assert.Equal(QualityFlags.None, deltas[2].Flags);
    }

    [Fact]
    public void LastingBackwardStep_ToANonZeroValue_IsFlagged_AndNotCounted()
    {
        var deltas = CounterDeltas.Compute(Minutes(1000, 1001, 523, 524, 525), new CounterSpec());

        Assert.True(double.IsNaN(deltas[1].Value));
        Assert.Equal(QualityFlags.BackwardStep, deltas[1].Flags);
        Assert.Equal([1.0, 1.0], deltas.Skip(2).Select(d => d.Value));
    }

    [Fact]
    public void Spike_AboveRatedPower_OneOff_IsSetAside()
    {
        // 60 kW meter read every minute: at most 1 kWh per minute.
        var spec = new CounterSpec { MaxRatePerHour = 60 };
        var deltas = CounterDeltas.Compute(Minutes(1000, 1000.5, 9999, 1001.5, 1002), spec);

        Assert.Equal(3, deltas.Count);
        Assert.Equal(1, deltas[1].Value);
        Assert.Equal(QualityFlags.Spike, deltas[1].Flags);
    }

    [Fact]
    public void Spike_Lasting_IsUnknown()
    {
        var spec = new CounterSpec { MaxRatePerHour = 60 };
        var deltas = CounterDeltas.Compute(Minutes(1000, 1000.5, 9999, 9999.5), spec);

        Assert.True(double.IsNaN(deltas[1].Value));
        Assert.Equal(QualityFlags.Spike, deltas[1].Flags);
        Assert.Equal(0.5, deltas[2].Value);
    }

    [Fact]
    public void SpikeLimit_IsAParameter()
    {
        var readings = Minutes(1000, 1002);

        Assert.Equal(QualityFlags.Spike, CounterDeltas.Compute(readings, new CounterSpec { MaxRatePerHour = 60 })[0].Flags);
        Assert.Equal(QualityFlags.None, CounterDeltas.Compute(readings, new CounterSpec { MaxRatePerHour = 150 })[0].Flags);
        Assert.Equal(QualityFlags.None, CounterDeltas.Compute(readings, new CounterSpec())[0].Flags);
    }

    [Fact]
    public void Rollover_BeyondRatedPower_IsNotARollover()
    {
        var spec = new CounterSpec { RolloverModulus = 10_000, MaxRatePerHour = 60 };
        var deltas = CounterDeltas.Compute(Minutes(9_000, 10), spec);

        Assert.NotEqual(QualityFlags.Rollover, deltas[0].Flags);
        Assert.True(double.IsNaN(deltas[0].Value));
    }

    [Fact]
    public void DocumentedReplacement_WithSwapReadings_IsExact()
    {
        var readings = Minutes(1000, 1001, 5, 6);
        var swap = new MeterReplacement(T0.Plus(Duration.FromSeconds(90)), OldFinal: 1001.4, NewInitial: 4.5, Note: "CT upgrade");

        var deltas = CounterDeltas.Compute(readings, new CounterSpec(), [swap]);

        Assert.Equal(QualityFlags.MeterReplaced, deltas[1].Flags);
        Assert.Equal(0.4 + 0.5, deltas[1].Value, 1e-9);
        Assert.Equal(1, deltas[2].Value);
    }

    [Fact]
    public void DocumentedReplacement_WithoutSwapReadings_IsUnknown()
    {
        var deltas = CounterDeltas.Compute(Minutes(1000, 1001, 5, 6), new CounterSpec(), [new MeterReplacement(T0.Plus(Duration.FromSeconds(90)))]);

        Assert.True(double.IsNaN(deltas[1].Value));
        Assert.Equal(QualityFlags.MeterReplaced, deltas[1].Flags);
    }

    [Fact]
    public void InvalidReadings_AreSkipped_WithoutBreakingTheChain()
    {
        var readings = Minutes(10, double.NaN, 12, 13);
        readings[3] = readings[3] with { Flags = QualityFlags.Invalid };
        readings.Add(new Reading(Energy, T0.Plus(Duration.FromMinutes(10)), 20));

        var deltas = CounterDeltas.Compute(readings, new CounterSpec());

        Assert.Equal([2.0, 8.0], deltas.Select(d => d.Value));
        Assert.Equal(readings[0].Time, deltas[0].From);
        Assert.Equal(readings[2].Time, deltas[0].To);
    }

    [Fact]
    public void RawReadings_AreNeverRewritten()
    {
        var readings = Minutes(1000, 1001, 0, 1003, 9, 10);
        var copy = readings.ToArray();

        _ = CounterDeltas.Compute(readings, new CounterSpec { MaxRatePerHour = 60 });

        Assert.Equal(copy, readings);
    }

    [Fact]
    public void UnsortedReadings_AreRefused()
    {
        var readings = Minutes(1, 2, 3);
        (readings[0], readings[1]) = (readings[1], readings[0]);
        Assert.Throws<ArgumentException>(() => CounterDeltas.Compute(readings, new CounterSpec()));
    }

    [Fact]
    public void TinyJitter_WithinResolution_IsNotABackwardStep()
    {
        var spec = new CounterSpec { Resolution = 0.1 };
        var deltas = CounterDeltas.Compute(Minutes(100, 99.95, 100.2), spec);

        Assert.All(deltas, d => Assert.Equal(QualityFlags.None, d.Flags));
        Assert.Equal(0.2, deltas.Sum(d => d.Value), 1e-12);
    }

    [Fact]
    public void RandomU32CountersWithRollovers_SumToTheTrueConsumption()
    {
        var spec = CounterSpec.ForPoint(Point(RegisterDataType.U32, 1, Unit.WattHour), maxRatePerHour: 500);
        var modulusWh = 1L << 32;
        for (var seed = 1; seed <= 50; seed++)
        {
            var random = new Random(seed);
            var registerWh = (long)(random.NextDouble() * modulusWh);
            var trueWh = 0L;
            var readings = new List<Reading>();
            var time = T0;
            for (var i = 0; i < 500; i++)
            {
                readings.Add(new Reading(Energy, time, registerWh / 1000.0));
                var seconds = random.Next(1, 120);
                var wh = (long)(random.NextDouble() * 400 * 1000 * seconds / 3600); // up to 400 kW
                time = time.Plus(Duration.FromSeconds(seconds));
                trueWh += wh;
                registerWh = (registerWh + wh) % modulusWh;
            }

            readings.Add(new Reading(Energy, time, registerWh / 1000.0));

            var deltas = CounterDeltas.Compute(readings, spec);
            Assert.All(deltas, d => Assert.True(d.Flags is QualityFlags.None or QualityFlags.Rollover, $"seed {seed}: {d}"));
            Assert.Equal(trueWh / 1000.0, deltas.Sum(d => d.Value), 1e-6);
        }
    }
}
