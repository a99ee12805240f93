namespace EnergySom.Baseline.Models;

/// <summary>Whether a candidate variable is in the final production model, and why.</summary>
/// <param name="Name">Variable (or hdd, cdd, weekend, holiday).</param>
/// <param name="Kept">In the final model.</param>
/// <param name="PValue">Its p-value in the final model if kept, or when it was dropped; NaN if it never entered.</param>
/// <param name="Step">Elimination step at which it was dropped (1 = first), 0 if kept or never entered.</param>
/// <param name="Reason">Plain reason, with the numbers.</param>
public sealed record ProductionVariableDecision(string Name, bool Kept, double PValue, int Step, string Reason);
