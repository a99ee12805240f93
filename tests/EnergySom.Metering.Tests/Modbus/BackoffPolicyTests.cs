using EnergySom.Metering.Modbus;

namespace EnergySom.Metering.Tests.Modbus;

public class BackoffPolicyTests
{
    [Fact]
    public void DelayFor_WithoutJitter_DoublesUpToTheMaximum()
    {
        var policy = new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2, 0);
        Assert.Equal(
            new[] { 1.0, 2, 4, 8, 10, 10 },
            Enumerable.Range(1, 6).Select(n => policy.DelayFor(n, "gw").TotalSeconds).ToArray());
    }

    [Fact]
    public void DelayFor_Jitter_StaysWithinItsFractionAndIsDeterministic()
    {
        var policy = new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 2, 0.25);
        for (var n = 1; n <= 12; n++)
        {
            var full = Math.Min(60, Math.Pow(2, n - 1));
            var delay = policy.DelayFor(n, "gw-7/3").TotalSeconds;
            Assert.InRange(delay, full * 0.75, full);
            Assert.Equal(delay, policy.DelayFor(n, "gw-7/3").TotalSeconds);
        }
    }

    [Fact]
    public void DelayFor_Jitter_SpreadsKeysThatFailedTogether()
    {
        var policy = new BackoffPolicy(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), 2, 0.5);
        var delays = Enumerable.Range(0, 50).Select(i => policy.DelayFor(1, $"gw-{i}")).Distinct().Count();
        Assert.True(delays >= 45, $"{delays} distinct delays of 50");
    }

    [Fact]
    public void DelayFor_HugeAttempt_DoesNotOverflow()
    {
        var policy = new BackoffPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), 2, 0);
        Assert.Equal(TimeSpan.FromMinutes(5), policy.DelayFor(int.MaxValue, "gw"));
    }

    [Theory]
    [InlineData(0, 10, 2, 0)]
    [InlineData(10, 5, 2, 0)]
    [InlineData(1, 10, 0.5, 0)]
    [InlineData(1, 10, 2, 1.5)]
    [InlineData(1, 10, double.NaN, 0)]
    public void Validate_OutOfRange_Throws(double initial, double maximum, double multiplier, double jitter)
    {
        var policy = new BackoffPolicy(TimeSpan.FromSeconds(initial), TimeSpan.FromSeconds(maximum), multiplier, jitter);
        Assert.Throws<ArgumentOutOfRangeException>(policy.Validate);
    }
}
