namespace EnergySom.Baseline.Models;

/// <summary>CalTRACK 2.0's four model forms, by the names eemeter and the command line use.</summary>
public static class CalTrackModelTypes
{
    /// <summary>Usage per day = μ.</summary>
    public const string InterceptOnly = "intercept_only";

    /// <summary>Usage per day = μ + β_H·HDD.</summary>
    public const string HddOnly = "hdd_only";

    /// <summary>Usage per day = μ + β_C·CDD.</summary>
    public const string CddOnly = "cdd_only";

    /// <summary>Usage per day = μ + β_C·CDD + β_H·HDD.</summary>
    public const string CddHdd = "cdd_hdd";
}
