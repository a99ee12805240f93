namespace EnergySom.Baseline.Models;

/// <summary>
/// The independent variables of a set of periods: the baseline to fit on, a reporting period, or user-given normal
/// conditions (a typical year's weather with a planned output).
/// </summary>
/// <param name="Periods">Number of periods (usually days).</param>
/// <param name="Variables">Numeric drivers (production per product, operating hours, shifts …), each with one value per period.</param>
/// <param name="MeanTemperature">Mean outdoor temperature per period for degree-days (unit of the balance points; °C for the defaults), or null.</param>
/// <param name="DayTypes">Day type per period, or null.</param>
/// <remarks>Degree-days are formed per period as max(τ − T̄, 0), so periods should be days; for monthly data pass the
/// month's degree-days as an ordinary variable instead.</remarks>
public sealed record ProductionConditions(
    int Periods,
    IReadOnlyList<ProductionVariable> Variables,
    IReadOnlyList<double>? MeanTemperature = null,
    IReadOnlyList<ProductionDayType>? DayTypes = null)
{
    internal void Validate(string what)
    {
        if (Periods < 0)
        {
            throw new ArgumentException($"{what}: the number of periods cannot be negative ({Periods})");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in Variables)
        {
            if (string.IsNullOrWhiteSpace(v.Name) || v.Name is "intercept" or "hdd" or "cdd" or "weekend" or "holiday")
            {
                throw new ArgumentException($"{what}: variable name '{v.Name}' is empty or reserved");
            }

            if (!names.Add(v.Name))
            {
                throw new ArgumentException($"{what}: variable '{v.Name}' is given twice");
            }

            if (v.Values.Count != Periods)
            {
                throw new ArgumentException($"{what}: variable '{v.Name}' has {v.Values.Count} values for {Periods} periods");
            }
        }

        if (MeanTemperature is not null && MeanTemperature.Count != Periods)
        {
            throw new ArgumentException($"{what}: {MeanTemperature.Count} temperatures for {Periods} periods");
        }

        if (DayTypes is not null && DayTypes.Count != Periods)
        {
            throw new ArgumentException($"{what}: {DayTypes.Count} day types for {Periods} periods");
        }
    }
}
