using System.Collections.Concurrent;

namespace EnergySom.Firmware.VirtualMeter;

/// <summary>
/// Faults a virtual meter unit can be told to show, to test that a collector survives them. Changes take
/// effect on the next request. Thread-safe.
/// </summary>
/// <remarks>
/// The switches (<see cref="ReplyDelay"/>, <see cref="ExceptionCode"/>, <see cref="Silent"/>,
/// <see cref="DropConnection"/>) hold until changed. The counter faults (<see cref="ResetCounters"/>,
/// <see cref="RollOverCounters"/>, <see cref="ReplaceMeter"/>) are events: each is applied once, at the unit's
/// next request, and its effect stays (a reset counter keeps counting from its new start).
/// </remarks>
public sealed class VirtualMeterFaults
{
    private readonly ConcurrentQueue<CounterFault> _pending = new();
    private long _delayTicks;
    private int _exceptionCode;
    private int _silent;
    private int _dropConnection;

    /// <summary>Delay before every reply (a slow meter or a congested RS-485 bus).</summary>
    public TimeSpan ReplyDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>When non-zero, every read is answered with this Modbus exception code.</summary>
    public byte ExceptionCode
    {
        get => (byte)Volatile.Read(ref _exceptionCode);
        set => Volatile.Write(ref _exceptionCode, value);
    }

    /// <summary>When true the unit does not answer at all (a dead meter on a gateway).</summary>
    public bool Silent
    {
        get => Volatile.Read(ref _silent) != 0;
        set => Volatile.Write(ref _silent, value ? 1 : 0);
    }

    /// <summary>When true the gateway closes the connection instead of answering.</summary>
    public bool DropConnection
    {
        get => Volatile.Read(ref _dropConnection) != 0;
        set => Volatile.Write(ref _dropConnection, value ? 1 : 0);
    }

    /// <summary>True while a counter fault waits for the unit's next request.</summary>
    public bool CounterFaultPending => !_pending.IsEmpty;

    /// <summary>Clears every counter register to <paramref name="startValue"/> (canonical unit), as a reset meter does.</summary>
    public void ResetCounters(double startValue = 0) => Enqueue(new CounterFault(CounterFaultKind.Reset, startValue));

    /// <summary>
    /// Puts every integer or BCD counter register <paramref name="beforeWrap"/> (canonical unit, e.g. kWh) below the
    /// point where its register wraps: 2^bits for unsigned types (a u32 Wh register goes 4,294,967,295 → 0),
    /// 2^(bits−1) for signed types (from the largest positive value to the most negative), 10^digits for BCD.
    /// Float counters do not wrap at a width and are left alone.
    /// </summary>
    public void RollOverCounters(double beforeWrap) => Enqueue(new CounterFault(CounterFaultKind.Rollover, beforeWrap));

    /// <summary>
    /// Replaces the meter: every counter restarts from <paramref name="startValue"/> (a new meter shows a little
    /// energy from factory testing) and the serial number changes to <paramref name="serialNumber"/> (or the old
    /// one plus one).
    /// </summary>
    public void ReplaceMeter(double startValue = 0, long? serialNumber = null) =>
        Enqueue(new CounterFault(CounterFaultKind.Replacement, startValue, serialNumber));

    /// <summary>Takes the next pending counter fault (used by the unit when it serves a request).</summary>
    public bool TryTakeCounterFault(out CounterFault fault) => _pending.TryDequeue(out fault!);

    /// <summary>Clears every switch. Counter faults already applied stay applied; pending ones are dropped.</summary>
    public void Clear()
    {
        ReplyDelay = TimeSpan.Zero;
        ExceptionCode = 0;
        Silent = false;
        DropConnection = false;
        _pending.Clear();
    }

    private void Enqueue(CounterFault fault)
    {
        if (!double.IsFinite(fault.Value) || fault.Value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), fault.Value, "counter fault values are finite and not negative");
        }

        _pending.Enqueue(fault);
    }
}
