namespace EnergySom.Baseline.Models;

/// <summary>No model could be fitted to data that passed (or were let past) the sufficiency check, e.g. no
/// candidate qualified or too few usable rows; the message says which and with what numbers.</summary>
public sealed class BaselineFitException(string message) : Exception(message);
