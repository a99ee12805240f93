using NodaTime;

namespace EnergySom.Baseline.Results;

/// <summary>A half-open period [From, To) in UTC.</summary>
public sealed record ResultPeriod(Instant From, Instant To)
{
    public static ResultPeriod Of(Interval interval) => new(interval.Start, interval.End);

    public Interval ToInterval() => new(From, To);
}
