namespace EnergySom.Baseline.Models;

/// <summary>Degree-days from a period's mean temperature.</summary>
public static class DegreeDays
{
    /// <summary>Heating degree-days per day: max(balance − T̄, 0).</summary>
    public static double Heating(double meanTemperature, double balancePoint) => Math.Max(balancePoint - meanTemperature, 0);

    /// <summary>Cooling degree-days per day: max(T̄ − balance, 0).</summary>
    public static double Cooling(double meanTemperature, double balancePoint) => Math.Max(meanTemperature - balancePoint, 0);
}
