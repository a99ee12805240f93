namespace EnergySom.Metering.Quality;

/// <summary>Calendar bucket sizes, in the site's local time.</summary>
public enum CalendarPeriod
{
    /// <summary>A quarter of a local clock hour (:00, :15, :30, :45), the settlement interval of most tariffs.</summary>
    QuarterHour,

    /// <summary>A local clock hour. Around a DST change the repeated hour is two buckets and a skipped hour none.</summary>
    Hour,

    /// <summary>A local calendar day: 23, 24 or 25 hours long.</summary>
    Day,

    /// <summary>A local calendar month.</summary>
    Month,
}
