using BenchmarkDotNet.Attributes;
using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;
using EnergySom.Firmware.Simulation;
using EnergySom.Firmware.VirtualMeter;
using NodaTime;

namespace EnergySom.Benchmarks.Firmware;

/// <summary>
/// What one Modbus request costs the virtual meter: building the register image of a read. The collector goal
/// (1,000 meters × 50 registers every second on loopback, under one core) needs the server side far below 1 ms
/// per request. Fixed values isolate the image building; the load model adds the time-driven values.
/// </summary>
[MemoryDiagnoser]
public class VirtualMeterImageBenchmarks
{
    private readonly byte[] _image = new byte[250];
    private VirtualMeterUnit _fixedSdm630 = null!;
    private VirtualMeterUnit _modelSdm630 = null!;
    private VirtualMeterUnit _modelAdl400 = null!;
    private Instant _now;

    private sealed class FixedValues : IPointValueSource
    {
        public double? ValueOf(RegisterPoint point, Instant now) => 230.1;
    }

    [GlobalSetup]
    public void Setup()
    {
        var library = ProfileLibrary.LoadBundled();
        var factory = new DemoFactory();
        _now = factory.ReportingStartInstant.Plus(Duration.FromDays(40));
        _fixedSdm630 = new VirtualMeterUnit(1, library.Get("eastron-sdm630"), new FixedValues());
        _modelSdm630 = new VirtualMeterUnit(1, library.Get("eastron-sdm630"), SimulatedMeters.Values(library.Get("eastron-sdm630"), 0, factory, _now));
        _modelAdl400 = new VirtualMeterUnit(1, library.Get("acrel-adl400"), SimulatedMeters.Values(library.Get("acrel-adl400"), 1, factory, _now));
    }

    /// <summary>SDM630 input registers 0..87 (24 float32 points), constant values.</summary>
    [Benchmark(Baseline = true)]
    public byte Sdm630_88Registers_FixedValues() => Read(_fixedSdm630, RegisterKind.Input, 0, 88);

    /// <summary>The same read with the demo factory's load model behind it (the counters integrate up to now).</summary>
    [Benchmark]
    public byte Sdm630_88Registers_LoadModel()
    {
        _now = _now.Plus(Duration.FromSeconds(1));
        return Read(_modelSdm630, RegisterKind.Input, 0, 88);
    }

    /// <summary>ADL400 energy block 0x084C..0x0857: six UINT32 counters in 0.1 kWh, four of them TOU bands.</summary>
    [Benchmark]
    public byte Adl400_EnergyBlock_LoadModel()
    {
        _now = _now.Plus(Duration.FromSeconds(1));
        return Read(_modelAdl400, RegisterKind.Holding, 0x084C, 12);
    }

    private byte Read(VirtualMeterUnit unit, RegisterKind kind, ushort start, ushort count) =>
        unit.ReadImage(kind, start, count, _now, _image.AsSpan(0, count * 2));
}
