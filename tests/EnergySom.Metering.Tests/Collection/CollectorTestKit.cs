using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.VirtualMeter;
using EnergySom.Metering.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace EnergySom.Metering.Tests.Collection;

/// <summary>A sink that keeps every batch, and can be told to refuse the next few.</summary>
internal sealed class RecordingSink : IReadingSink
{
    private readonly Lock _gate = new();
    private readonly List<Reading> _readings = [];
    private int _refuse;

    public int Batches { get; private set; }

    public int Refused { get; private set; }

    public void RefuseNext(int batches) => Interlocked.Exchange(ref _refuse, batches);

    public IReadOnlyList<Reading> Readings
    {
        get
        {
            lock (_gate)
            {
                return [.. _readings];
            }
        }
    }

    public IReadOnlyList<Reading> Of(string meter, string measurement) =>
        Readings.Where(r => r.Series.Meter == meter && r.Series.Measurement == measurement).OrderBy(r => r.Time).ToList();

    public ValueTask WriteAsync(IReadOnlyList<Reading> batch, CancellationToken ct)
    {
        if (Interlocked.Decrement(ref _refuse) >= 0)
        {
            lock (_gate)
            {
                Refused++;
            }

            throw new IOException("disk full (test)");
        }

        lock (_gate)
        {
            Batches++;
            _readings.AddRange(batch);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A logger that keeps every formatted line.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly Lock _gate = new();
    private readonly List<(LogLevel Level, string Message)> _lines = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            _lines.Add((logLevel, formatter(state, exception)));
        }
    }
}

/// <summary>Fixed values per point name (1.0 for the rest), in the point's canonical unit.</summary>
internal sealed class FixedValues(IReadOnlyDictionary<string, double> values) : IPointValueSource
{
    public double? ValueOf(RegisterPoint point, Instant now) => values.GetValueOrDefault(point.Name, 1.0);
}

/// <summary>Virtual meters (the foundation's <see cref="VirtualMeterServer"/>) serving the SDM630 profile on loopback.</summary>
internal static class VirtualMeters
{
    public static DeviceProfile Sdm630 { get; } = ProfileLibrary.LoadBundled().Get("eastron-sdm630");

    /// <summary>Units 1..n; unit k shows active power k kW and voltage 230 + k V.</summary>
    public static VirtualMeterServer Start(int units)
    {
        var server = new VirtualMeterServer(
            Enumerable.Range(1, units).Select(k => new VirtualMeterUnit((byte)k, Sdm630, new FixedValues(new Dictionary<string, double>
            {
                ["active_power"] = k,
                ["voltage_l1"] = 230 + k,
                ["active_energy_import"] = 1000 * k,
            }))),
            SystemClock.Instance);
        server.Start();
        return server;
    }
}
