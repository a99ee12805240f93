namespace EnergySom.Service.Demo;

/// <summary>Options of <c>energysom demo</c>.</summary>
public sealed record DemoOptions(string OutputDirectory, int Port, TimeSpan LiveDuration);

/// <summary>What the demo found, for the printed summary and for tests.</summary>
public sealed record DemoResult(
    int ExitCode,
    long LiveReadingsStored,
    long LiveRequestsServed,
    IReadOnlyDictionary<string, int> LiveReadingsPerMeter,
    double ElectricitySavingsFound,
    double ElectricitySavingsTrue,
    double GasSavingsFound,
    double GasSavingsTrue,
    decimal SavingsValue,
    decimal EscoAmount,
    decimal FactoryAmount,
    double AvoidedTonnesCo2,
    IReadOnlyList<string> Files);
