namespace EnergySom.Baseline.Models;

/// <summary>Kind of day of a factory calendar; working days are the reference level of the day-type terms.</summary>
public enum ProductionDayType
{
    /// <summary>A normal working day.</summary>
    Working,

    /// <summary>A weekend day (or the plant's weekly rest day).</summary>
    Weekend,

    /// <summary>A public holiday or plant shutdown (e.g. Spring Festival).</summary>
    Holiday,
}
