using EnergySom.Baseline.Data;

namespace EnergySom.Baseline.Results;

/// <summary>The heating and cooling balance (change) points of a weather model; null where the model has none.</summary>
/// <param name="Heating">Heating balance point: heating degree-days are max(Heating − T, 0).</param>
/// <param name="Cooling">Cooling balance point: cooling degree-days are max(T − Cooling, 0).</param>
/// <param name="Unit">The unit both points are in (CalTRACK searches whole °F).</param>
public sealed record BalancePoints(double? Heating, double? Cooling, TemperatureUnit Unit);
