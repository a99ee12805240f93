namespace EnergySom.Baseline.Models;

/// <summary>A numeric driver of the production model: one value per period, NaN = missing.</summary>
/// <param name="Name">Name used for the coefficient (unique; not <c>intercept</c>, <c>hdd</c>, <c>cdd</c>, <c>weekend</c> or <c>holiday</c>).</param>
/// <param name="Kind">What it measures.</param>
/// <param name="Values">Value per period, in the driver's unit.</param>
/// <param name="Unit">Unit, for reports (e.g. "t", "h").</param>
public sealed record ProductionVariable(string Name, ProductionVariableKind Kind, IReadOnlyList<double> Values, string Unit = "");
