using System.Diagnostics.Metrics;

namespace EnergySom.Metering.Buffer;

/// <summary>
/// The buffer's instruments (meter <c>EnergySom.Metering.Buffer</c>): depth and the full alarm as gauges, flows as
/// counters, each tagged with the buffer folder.
/// </summary>
internal sealed class BufferMetrics : IDisposable
{
    /// <summary>Name of the meter, for listeners and exporters.</summary>
    public const string MeterName = "EnergySom.Metering.Buffer";

    private readonly Meter _meter = new(MeterName);
    private readonly KeyValuePair<string, object?> _tag;

    public BufferMetrics(string directory, Func<BufferState> state)
    {
        _tag = new KeyValuePair<string, object?>("buffer", directory);
        _meter.CreateObservableGauge("energysom.buffer.pending_bytes", () => new Measurement<long>(state().PendingBytes, _tag), "By", "bytes appended but not yet acknowledged by the store");
        _meter.CreateObservableGauge("energysom.buffer.pending_readings", () => new Measurement<long>(state().PendingReadings, _tag), "{reading}", "readings appended but not yet acknowledged by the store");
        _meter.CreateObservableGauge("energysom.buffer.capacity_bytes", () => new Measurement<long>(state().CapacityBytes, _tag), "By", "size bound of the buffer");
        _meter.CreateObservableGauge("energysom.buffer.full", () => new Measurement<int>(state().IsFull ? 1 : 0, _tag), "{alarm}", "1 while a batch does not fit (alarm)");
        Appended = _meter.CreateCounter<long>("energysom.buffer.appended_readings", "{reading}", "readings made durable in the buffer");
        Forwarded = _meter.CreateCounter<long>("energysom.buffer.forwarded_readings", "{reading}", "readings the store acknowledged");
        Rejected = _meter.CreateCounter<long>("energysom.buffer.rejected_readings", "{reading}", "readings the store refused for good (dead-lettered)");
        ForwardFailures = _meter.CreateCounter<long>("energysom.buffer.forward_failures", "{attempt}", "store writes that failed and will be retried");
        FullEvents = _meter.CreateCounter<long>("energysom.buffer.full_events", "{event}", "times the buffer became full");
    }

    public Counter<long> Appended { get; }

    public Counter<long> Forwarded { get; }

    public Counter<long> Rejected { get; }

    public Counter<long> ForwardFailures { get; }

    public Counter<long> FullEvents { get; }

    public KeyValuePair<string, object?> Tag => _tag;

    public void Dispose() => _meter.Dispose();
}
