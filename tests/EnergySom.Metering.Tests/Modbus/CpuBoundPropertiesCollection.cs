namespace EnergySom.Metering.Tests.Modbus;

/// <summary>
/// The CPU-bound property tests (hundreds of thousands of generated cases) run in this collection, alone
/// after the parallel ones, so that they do not starve the tests that poll on a schedule.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CpuBoundPropertiesCollection
{
    public const string Name = "CPU-bound properties";
}
