using NodaTime;

namespace EnergySom.Metering.Quality;

/// <summary>Interval values of one series of one meter, in a site's calendar.</summary>
/// <param name="Meter">Meter id.</param>
/// <param name="Measurement">The stored series' measurement (profile point name).</param>
/// <param name="Unit">Unit of the values (the quantity's canonical unit).</param>
/// <param name="Method">How the values were derived.</param>
/// <param name="Period">Interval length.</param>
/// <param name="Zone">The site's zone the intervals are local to.</param>
/// <param name="From">Start of the first interval.</param>
/// <param name="To">End of the last interval.</param>
/// <param name="RawReadings">How many stored readings were used.</param>
/// <param name="Values">The intervals, in order; gaps are NaN with the Gap flag.</param>
public sealed record IntervalSeries(
    string Meter,
    string Measurement,
    string Unit,
    IntervalMethod Method,
    CalendarPeriod Period,
    DateTimeZone Zone,
    Instant From,
    Instant To,
    int RawReadings,
    IReadOnlyList<IntervalValue> Values);
