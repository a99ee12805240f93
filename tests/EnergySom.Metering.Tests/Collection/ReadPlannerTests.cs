using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;
using EnergySom.Metering.Collection;

namespace EnergySom.Metering.Tests.Collection;

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
}
