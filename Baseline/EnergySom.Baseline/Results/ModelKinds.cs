namespace EnergySom.Baseline.Results;

/// <summary>The stable discriminator of <see cref="BaselineResult.ModelKind"/>: which family of model a result carries.</summary>
public static class ModelKinds
{
    /// <summary>CalTRACK 2.0 daily (usage per day on HDD/CDD, OLS).</summary>
    public const string CalTrackDaily = "caltrack_daily";

    /// <summary>CalTRACK 2.0 billing (usage per day on per-day-averaged HDD/CDD, WLS weighted by days).</summary>
    public const string CalTrackBilling = "caltrack_billing";

    /// <summary>CalTRACK 2.0 hourly (time-of-week and temperature, 12 weighted month segments).</summary>
    public const string CalTrackHourly = "caltrack_hourly";

    /// <summary>ASHRAE Guideline 14 / Inverse Modeling Toolkit change-point models (2P, 3PH, 3PC, 4P, 5P).</summary>
    public const string ChangePoint = "change_point";

    /// <summary>LBNL time-of-week-and-temperature regression (not necessarily CalTRACK's settings).</summary>
    public const string Towt = "towt";

    /// <summary>Production-normalised multivariate regression (production, degree-days, day type, shifts).</summary>
    public const string Production = "production";
}
