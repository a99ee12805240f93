namespace EnergySom.Contracts.Tariffs;

/// <summary>Time-of-use price bands of Chinese industrial tariffs (NDRC 发改价格〔2021〕1093号).</summary>
public enum TouBand
{
    /// <summary>尖峰</summary>
    CriticalPeak,

    /// <summary>峰</summary>
    Peak,

    /// <summary>平</summary>
    Flat,

    /// <summary>谷</summary>
    Valley,

    /// <summary>深谷</summary>
    DeepValley,
}

public static class TouBandExtensions
{
    public static string Code(this TouBand band) => band switch
    {
        TouBand.CriticalPeak => "critical_peak",
        TouBand.Peak => "peak",
        TouBand.Flat => "flat",
        TouBand.Valley => "valley",
        TouBand.DeepValley => "deep_valley",
        _ => throw new ArgumentOutOfRangeException(nameof(band), band, null),
    };

    public static string ChineseName(this TouBand band) => band switch
    {
        TouBand.CriticalPeak => "尖峰",
        TouBand.Peak => "峰",
        TouBand.Flat => "平",
        TouBand.Valley => "谷",
        TouBand.DeepValley => "深谷",
        _ => throw new ArgumentOutOfRangeException(nameof(band), band, null),
    };
}
