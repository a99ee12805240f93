using System.Text.Json.Nodes;
using EnergySom.Baseline.Data;
using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Models;

/// <summary>
/// Settings of the CalTRACK 2.0 daily and billing methods. The defaults reproduce the reference implementation
/// (eemeter 3.2.0, reference/caltrack-method.md); every option that departs from it is recorded in the result's
/// <c>deviations</c>.
/// </summary>
public sealed record CalTrackOptions
{
    /// <summary>Fit cooling terms (cdd_only, cdd_hdd). CalTRACK: false for gas.</summary>
    public bool FitCooling { get; init; } = true;

    /// <summary>Candidate heating balance points (°F by default).</summary>
    public BalancePointGrid HeatingBalancePoints { get; init; } = BalancePointGrid.CalTrack;

    /// <summary>Candidate cooling balance points; a cdd_hdd candidate needs heating ≤ cooling.</summary>
    public BalancePointGrid CoolingBalancePoints { get; init; } = BalancePointGrid.CalTrack;

    /// <summary>Unit of the design temperatures and the grids. CalTRACK converts to °F; °C is a deviation.</summary>
    public TemperatureUnit Unit { get; init; } = TemperatureUnit.Fahrenheit;

    /// <summary>Days with non-zero degree-days a balance point needs; null = the method's default (daily 10, billing 0).</summary>
    public int? MinimumNonZeroDegreeDays { get; init; }

    /// <summary>Total degree-days a balance point needs (daily: Σ DD; billing: Σ DD·kept days). CalTRACK: 20.</summary>
    public double MinimumTotalDegreeDays { get; init; } = 20;

    /// <summary>Largest p-value a slope may have to qualify. 1 = no screen (CalTRACK 2.0); 0.1 = CalTRACK 1.0.</summary>
    public double MaximumSlopePValue { get; init; } = 1;

    /// <summary>Adjusted R² within this of the best counts as a tie, and the first candidate keeps it (eemeter's order).
    /// Ties within floating-point noise are real (reference caveat 5).</summary>
    public double TieTolerance { get; init; } = 1e-12;

    /// <summary>Billing: match the whole period's temperatures in the fit instead of eemeter's first 35 days (a quirk).</summary>
    public bool BillingFitUsesWholePeriod { get; init; }

    /// <summary>Treat metered zeros as missing (CalTRACK's data rule for electricity; eemeter does not apply it).</summary>
    public bool ZeroUsageIsMissing { get; init; }

    /// <summary>Fit even when the data-sufficiency check fails (recorded in the result, warnings kept).</summary>
    public bool FitDespiteInsufficientData { get; init; }

    /// <summary>Data-sufficiency limits.</summary>
    public SufficiencyOptions Sufficiency { get; init; } = SufficiencyOptions.CalTrack;

    /// <summary>Guideline 14 limits the statistics are assessed against.</summary>
    public Guideline14Criteria Guideline14 { get; init; } = Guideline14Criteria.Default;

    /// <summary>The CalTRACK settings for a fuel: gas fits no cooling terms.</summary>
    public static CalTrackOptions For(Fuel fuel) => new() { FitCooling = fuel != Fuel.Gas };

    /// <summary>The stable codes of the departures from eemeter 3.2.0 these options make.</summary>
    public IReadOnlyList<string> Deviations(bool billing)
    {
        var deviations = new List<string>();
        if (Unit != TemperatureUnit.Fahrenheit)
        {
            deviations.Add("temperature_unit_celsius");
        }

        if (HeatingBalancePoints != BalancePointGrid.CalTrack || CoolingBalancePoints != BalancePointGrid.CalTrack)
        {
            deviations.Add("balance_point_grid");
        }

        if (MinimumNonZeroDegreeDays is { } m && m != (billing ? 0 : 10))
        {
            deviations.Add("minimum_non_zero_degree_days");
        }

        if (MinimumTotalDegreeDays != 20)
        {
            deviations.Add("minimum_total_degree_days");
        }

        if (MaximumSlopePValue < 1)
        {
            deviations.Add("slope_p_value_screen");
        }

        if (billing && BillingFitUsesWholePeriod)
        {
            deviations.Add("billing_fit_uses_whole_period");
        }

        if (ZeroUsageIsMissing)
        {
            deviations.Add("zero_usage_is_missing");
        }

        if (!Sufficiency.FloorGapDaysLikeEemeter)
        {
            deviations.Add("sufficiency_counts_window_days");
        }

        if (Sufficiency.RequiredDays != 365 || Sufficiency.MinimumValidDayFraction != 0.9 || Sufficiency.MinimumTemperatureCoverage != 0.9)
        {
            deviations.Add("sufficiency_limits");
        }

        return deviations;
    }

    /// <summary>The settings as a JSON object, for the result record.</summary>
    public JsonObject ToJson(bool billing) => new()
    {
        ["fit_cdd"] = FitCooling,
        ["heating_balance_points"] = new JsonObject { ["from"] = HeatingBalancePoints.From, ["to"] = HeatingBalancePoints.To, ["step"] = HeatingBalancePoints.Step },
        ["cooling_balance_points"] = new JsonObject { ["from"] = CoolingBalancePoints.From, ["to"] = CoolingBalancePoints.To, ["step"] = CoolingBalancePoints.Step },
        ["temperature_unit"] = TemperatureUnits.Symbol(Unit),
        ["minimum_non_zero_degree_days"] = MinimumNonZeroDegreeDays ?? (billing ? 0 : 10),
        ["minimum_total_degree_days"] = MinimumTotalDegreeDays,
        ["maximum_slope_p_value"] = MaximumSlopePValue,
        ["tie_tolerance"] = TieTolerance,
        ["billing_fit_uses_whole_period"] = billing ? BillingFitUsesWholePeriod : null,
        ["billing_fit_temperature_cap_days"] = billing && !BillingFitUsesWholePeriod ? 35 : null,
        ["weights"] = billing ? "n_days_kept" : null,
        ["zero_usage_is_missing"] = ZeroUsageIsMissing,
        ["fit_despite_insufficient_data"] = FitDespiteInsufficientData,
        ["sufficiency_required_days"] = Sufficiency.RequiredDays,
        ["sufficiency_minimum_valid_day_fraction"] = Sufficiency.MinimumValidDayFraction,
        ["sufficiency_minimum_temperature_coverage"] = Sufficiency.MinimumTemperatureCoverage,
        ["sufficiency_floor_gap_days_like_eemeter"] = Sufficiency.FloorGapDaysLikeEemeter,
    };
}
