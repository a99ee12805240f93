using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;
using EnergySom.Metering.Collection;
using EnergySom.Metering.Tests.Modbus;
using EnergySom.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace EnergySom.Metering.Tests.Collection;

[Collection(CpuBoundPropertiesCollection.Name)]
public class ReadPlannerTests
{
    private static RegisterPoint Point(string name, ushort address, RegisterDataType type = RegisterDataType.F32, PollClass poll = PollClass.Fast, RegisterKind kind = RegisterKind.Input) =>
        new(name, kind, address, type, WordOrder.ABCD, 1, 0, Unit.Volt, Quantity.Voltage, poll);

    [Fact]
    public void Plan_MergesNeighboursWithinTheGap()
    {
        var reads = ReadPlanner.Plan([Point("a", 0), Point("b", 2), Point("c", 10)], maxGap: 6);

        var read = Assert.Single(reads);
        Assert.Equal(0, read.Start);
        Assert.Equal(12, read.Count);
        Assert.Equal(3, read.Points.Count);
    }

    [Fact]
    public void Plan_SplitsWhenTheGapIsTooWide()
    {
        var reads = ReadPlanner.Plan([Point("a", 0), Point("b", 20)], maxGap: 10);
        Assert.Equal(2, reads.Count);
    }

    [Fact]
    public void Plan_NeverExceeds125Registers()
    {
        var points = Enumerable.Range(0, 100).Select(i => Point($"p{i}", (ushort)(i * 2))).ToList();
        var reads = ReadPlanner.Plan(points);

        Assert.All(reads, r => Assert.InRange(r.Count, 1, 125));
        Assert.Equal(2, reads.Count);
        Assert.Equal(100, reads.Sum(r => r.Points.Count));
    }

    [Fact]
    public void Plan_SeparatesPollClassesAndKinds()
    {
        var reads = ReadPlanner.Plan([Point("a", 0), Point("b", 2, poll: PollClass.Slow), Point("c", 4, kind: RegisterKind.Holding)]);
        Assert.Equal(3, reads.Count);
    }

    [Fact]
    public void Plan_Sdm630_FitsInFewReads()
    {
        var profile = ProfileLibrary.LoadBundled().Get("eastron-sdm630");
        var reads = ReadPlanner.Plan(profile.Points, maxGap: 16);

        Assert.True(reads.Count <= 3, $"{reads.Count} reads");
        Assert.Equal(profile.Points.Count, reads.Sum(r => r.Points.Count));
    }

    [Fact]
    public void Plan_MaxGapZero_MergesOnlyAdjacentPoints()
    {
        var reads = ReadPlanner.Plan([Point("a", 0), Point("b", 2), Point("c", 5)], maxGap: 0);
        Assert.Equal([(0, 4), (5, 2)], reads.Select(r => ((int)r.Start, (int)r.Count)).ToArray());
    }

    [Fact]
    public void Plan_Bits_UpTo2000PerRead()
    {
        var bits = Enumerable.Range(0, 2500).Select(i => Point($"b{i}", (ushort)i, RegisterDataType.Bit, kind: RegisterKind.Coil)).ToList();
        var reads = ReadPlanner.Plan(bits);
        Assert.Equal([(0, 2000), (2000, 500)], reads.Select(r => ((int)r.Start, (int)r.Count)).ToArray());
    }

    [Fact]
    public void Plan_MeterLimitBelow125_IsHonoured()
    {
        var points = Enumerable.Range(0, 40).Select(i => Point($"p{i}", (ushort)(i * 2))).ToList();
        var reads = ReadPlanner.Plan(points, maxRegisters: 32);
        Assert.All(reads, r => Assert.InRange(r.Count, 1, 32));
        Assert.Equal(3, reads.Count);
    }

    [Fact]
    public void Plan_PointLargerThanTheLimit_IsRefusedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => ReadPlanner.Plan([Point("big", 0, RegisterDataType.F64)], maxRegisters: 2));
        Assert.Contains("'big'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_NegativeGap_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadPlanner.Plan([Point("a", 0)], maxGap: -1));
    }

    /// <summary>
    /// On random register maps: every point is read exactly once, inside a read of its kind and poll class,
    /// no read exceeds the limit or spans a hole wider than the gap, and the number of reads is the minimum an
    /// exhaustive dynamic programme finds.
    /// </summary>
    [Fact]
    public void Plan_RandomMaps_CoversEveryPointWithTheFewestValidReads()
    {
        var maps =
            from seed in Gen.Choose(int.MinValue, int.MaxValue)
            from count in Gen.Choose(1, 60)
            from gap in Gen.Choose(0, 20)
            from limit in Gen.Choose(4, 125)
            select (seed, count, gap, limit);
        Prop.ForAll(Arb.From(maps), m =>
        {
            var random = new Random(m.seed);
            var points = new List<RegisterPoint>();
            var address = 0;
            var types = new[] { RegisterDataType.U16, RegisterDataType.F32, RegisterDataType.U64 };
            for (var i = 0; i < m.count; i++)
            {
                address += random.Next(0, 30);
                var type = types[random.Next(types.Length)];
                points.Add(Point($"p{i}", (ushort)address, type, random.Next(4) == 0 ? PollClass.Slow : PollClass.Fast, random.Next(3) == 0 ? RegisterKind.Holding : RegisterKind.Input));
                address += type.RegisterCount();
            }

            var reads = ReadPlanner.Plan(points, m.gap, m.limit);

            Assert.Equal(points.Select(p => p.Name).Order(), reads.SelectMany(r => r.Points).Select(p => p.Name).Order());
            foreach (var read in reads)
            {
                Assert.InRange(read.Count, 1, m.limit);
                Assert.All(read.Points, p => Assert.True(p.Kind == read.Kind && p.Poll == read.Poll && p.Address >= read.Start && p.End <= read.Start + read.Count));
                var sorted = read.Points.OrderBy(p => p.Address).ToList();
                for (var i = 1; i < sorted.Count; i++)
                {
                    Assert.True(sorted[i].Address - sorted[..i].Max(p => p.End) <= m.gap);
                }
            }

            var optimum = points.GroupBy(p => (p.Kind, p.Poll)).Sum(g => FewestReads(g.OrderBy(p => p.Address).ToList(), m.gap, m.limit));
            Assert.Equal(optimum, reads.Count);
        }).Check(Properties.Fixed(2000));
    }

    // Exhaustive reference: best[j] = fewest reads covering the first j points, trying every last read i..j-1.
    private static int FewestReads(List<RegisterPoint> sorted, int gap, int limit)
    {
        var best = new int[sorted.Count + 1];
        for (var j = 1; j <= sorted.Count; j++)
        {
            best[j] = int.MaxValue;
            for (var i = j - 1; i >= 0; i--)
            {
                var group = sorted[i..j];
                var span = group.Max(p => p.End) - group[0].Address;
                var fits = span <= limit;
                for (var k = 1; k < group.Count && fits; k++)
                {
                    fits = group[k].Address - group[..k].Max(p => p.End) <= gap;
                }

                if (fits && best[i] != int.MaxValue)
                {
                    best[j] = Math.Min(best[j], best[i] + 1);
                }
            }
        }

        return best[sorted.Count];
    }
}
