namespace EnergySom.Baseline.Models;

/// <summary>The search part of <see cref="CalTrackOptions"/>, with the grids expanded once (not per fit).</summary>
public sealed class CalTrackSearchSettings
{
    private CalTrackSearchSettings(double[] heating, double[] cooling, bool fitCooling, int minimumNonZero, double minimumTotal, double maximumPValue, double tieTolerance)
    {
        Heating = heating;
        Cooling = cooling;
        FitCooling = fitCooling;
        MinimumNonZeroDegreeDays = minimumNonZero;
        MinimumTotalDegreeDays = minimumTotal;
        MaximumSlopePValue = maximumPValue;
        TieTolerance = tieTolerance;
    }

    /// <summary>Heating balance points, ascending.</summary>
    public double[] Heating { get; }

    /// <summary>Cooling balance points, ascending.</summary>
    public double[] Cooling { get; }

    public bool FitCooling { get; }

    public int MinimumNonZeroDegreeDays { get; }

    public double MinimumTotalDegreeDays { get; }

    public double MaximumSlopePValue { get; }

    public double TieTolerance { get; }

    /// <summary>Expands <paramref name="options"/> for the daily (<paramref name="billing"/> false) or billing method.</summary>
    public static CalTrackSearchSettings From(CalTrackOptions options, bool billing) => new(
        options.HeatingBalancePoints.Values(),
        options.CoolingBalancePoints.Values(),
        options.FitCooling,
        options.MinimumNonZeroDegreeDays ?? (billing ? 0 : 10),
        options.MinimumTotalDegreeDays,
        options.MaximumSlopePValue,
        options.TieTolerance);

    /// <summary>The default daily settings (CalTRACK grid, electricity).</summary>
    public static CalTrackSearchSettings Daily(Fuel fuel = Fuel.Electricity) => From(CalTrackOptions.For(fuel), billing: false);
}
