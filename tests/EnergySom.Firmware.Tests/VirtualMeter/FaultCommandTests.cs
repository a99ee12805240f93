using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.VirtualMeter;
using EnergySom.Testing;
using NodaTime;

namespace EnergySom.Firmware.Tests.VirtualMeter;

public sealed class FaultCommandTests : IAsyncLifetime
{
    private VirtualMeterServer _server = null!;

    private sealed class NoValues : IPointValueSource
    {
        public double? ValueOf(RegisterPoint point, Instant now) => null;
    }

    public Task InitializeAsync()
    {
        var profile = ProfileLibrary.LoadBundled().Get("eastron-sdm630");
        _server = new VirtualMeterServer([new VirtualMeterUnit(1, profile, new NoValues()), new VirtualMeterUnit(3, profile, new NoValues())], new ManualClock(Instant.FromUnixTimeSeconds(0)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Switches_AreSetPerUnitOrForAll()
    {
        Assert.Equal("unit 3: replies delayed by 250 ms", FaultCommand.Execute(_server, "delay 3 250"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), _server.Faults(3).ReplyDelay);
        Assert.Equal(TimeSpan.Zero, _server.Faults(1).ReplyDelay);

        FaultCommand.Execute(_server, "exception * 6");
        Assert.Equal(6, _server.Faults(1).ExceptionCode);
        Assert.Equal(6, _server.Faults(3).ExceptionCode);

        FaultCommand.Execute(_server, "silent 1 on");
        FaultCommand.Execute(_server, "  DROP   3   on ");
        Assert.True(_server.Faults(1).Silent);
        Assert.True(_server.Faults(3).DropConnection);

        FaultCommand.Execute(_server, "clear *");
        Assert.False(_server.Faults(1).Silent);
        Assert.Equal(0, _server.Faults(3).ExceptionCode);
    }

    [Fact]
    public void CounterFaults_AreQueuedForTheNextRequest()
    {
        FaultCommand.Execute(_server, "rollover 1 5");
        Assert.True(_server.Faults(1).CounterFaultPending);
        Assert.True(_server.Faults(1).TryTakeCounterFault(out var fault));
        Assert.Equal(new CounterFault(CounterFaultKind.Rollover, 5), fault);

        FaultCommand.Execute(_server, "replace 3 0.5 123456");
        Assert.True(_server.Faults(3).TryTakeCounterFault(out fault));
        Assert.Equal(new CounterFault(CounterFaultKind.Replacement, 0.5, 123_456), fault);

        FaultCommand.Execute(_server, "reset 3");
        Assert.True(_server.Faults(3).TryTakeCounterFault(out fault));
        Assert.Equal(new CounterFault(CounterFaultKind.Reset, 0), fault);
    }

    [Theory]
    [InlineData("", "empty command")]
    [InlineData("frobnicate 1", "unknown command 'frobnicate'")]
    [InlineData("delay", "needs a unit id")]
    [InlineData("delay 2 100", "no unit 2 on this gateway (units: 1, 3)")]
    [InlineData("delay x 100", "'x' is not a unit id")]
    [InlineData("delay 1", "takes 1 argument(s) after the unit, got 0")]
    [InlineData("delay 1 -5", "MS '-5' is not a number from 0")]
    [InlineData("silent 1 maybe", "'maybe' is not on or off")]
    [InlineData("reset 1 -1", "START '-1' is not a number")]
    [InlineData("disconnect now", "takes no arguments")]
    public void BadCommand_SaysWhy_AndChangesNothing(string line, string problem)
    {
        var error = Assert.Throws<FormatException>(() => FaultCommand.Execute(_server, line));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, _server.Faults(1).ReplyDelay);
        Assert.False(_server.Faults(1).Silent);
        Assert.False(_server.Faults(1).CounterFaultPending);
    }
}
