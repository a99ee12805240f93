namespace EnergySom.Metering.Modbus;

/// <summary>Base of every error the Modbus client raises; each names gateway, unit and registers.</summary>
public abstract class ModbusException : Exception
{
    protected ModbusException(ModbusTarget target, string message, Exception? inner = null)
        : base($"{target}: {message}", inner)
    {
        Target = target;
    }

    public ModbusTarget Target { get; }
}

/// <summary>The device answered with a Modbus exception response (MODBUS Application Protocol v1.1b3, §7).</summary>
public sealed class ModbusDeviceException(ModbusTarget target, byte code)
    : ModbusException(target, $"exception 0x{code:X2} ({Describe(code)})")
{
    public byte Code { get; } = code;

    public static string Describe(byte code) => code switch
    {
        0x01 => "illegal function",
        0x02 => "illegal data address: check the 0/1-based register convention",
        0x03 => "illegal data value",
        0x04 => "server device failure",
        0x05 => "acknowledge",
        0x06 => "server device busy",
        0x08 => "memory parity error",
        0x0A => "gateway path unavailable",
        0x0B => "gateway target device failed to respond",
        _ => "unknown exception code",
    };
}

/// <summary>No reply within the request timeout.</summary>
public sealed class ModbusTimeoutException(ModbusTarget target, TimeSpan timeout)
    : ModbusException(target, $"no reply within {timeout.TotalMilliseconds:0} ms")
{
    public TimeSpan Timeout { get; } = timeout;
}

/// <summary>The reply was malformed: wrong length, wrong function, bad CRC, mismatched unit.</summary>
public sealed class ModbusProtocolException(ModbusTarget target, string problem)
    : ModbusException(target, $"malformed reply: {problem}");

/// <summary>The gateway could not be reached or the connection broke.</summary>
public sealed class ModbusConnectionException(ModbusTarget target, string problem, Exception? inner = null)
    : ModbusException(target, $"connection failed: {problem}", inner);
