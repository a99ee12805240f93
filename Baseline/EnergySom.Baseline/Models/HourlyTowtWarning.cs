namespace EnergySom.Baseline.Models;

/// <summary>
/// Something the TOWT fit noticed and worked around, with a stable code for tools and the number behind it.
/// </summary>
/// <param name="Code">Stable identifier, e.g. <c>towt.empty_time_of_week</c>.</param>
/// <param name="Segment">Segment name, or null for the whole fit.</param>
/// <param name="Message">Plain description.</param>
/// <param name="Value">The number behind the warning (a count of hours or bins), NaN when none applies.</param>
public sealed record HourlyTowtWarning(string Code, string? Segment, string Message, double Value)
{
    /// <summary>Hours with missing energy or temperature were left out of the fit.</summary>
    public const string RowsDropped = "towt.rows_dropped_missing";

    /// <summary>An hour-of-week had no hour in a segment, so its coefficient is undetermined and its predictions are NaN.</summary>
    public const string EmptyTimeOfWeek = "towt.empty_time_of_week";

    /// <summary>A temperature feature did not vary within hours-of-week; its coefficient is fixed at 0.</summary>
    public const string DependentFeature = "towt.dependent_temperature_feature";

    /// <summary>A segment had no baseline hour at all; its month cannot be predicted.</summary>
    public const string SegmentEmpty = "towt.segment_empty";

    /// <summary>A segment's centre month had no baseline hour; it is fitted from its neighbours only and has no metrics.</summary>
    public const string CentreMonthEmpty = "towt.centre_month_empty";

    /// <summary>A segment has no residual degrees of freedom; standard errors and adjusted metrics are NaN.</summary>
    public const string NoDegreesOfFreedom = "towt.no_degrees_of_freedom";
}
