namespace EnergySom.Firmware.VirtualMeter;

/// <summary>
/// Faults a virtual meter unit can be told to show, to test that a collector survives them. Changes take
/// effect on the next request. Thread-safe.
/// </summary>
public sealed class VirtualMeterFaults
{
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

    /// <summary>Clears every fault.</summary>
    public void Clear()
    {
        ReplyDelay = TimeSpan.Zero;
        ExceptionCode = 0;
        Silent = false;
        DropConnection = false;
    }
}
