namespace EnergySom.Metering.Modbus;

/// <summary>
/// A well-formed reply from a transport: either the data of a read (register bytes, 2 per register, or packed
/// bits) or the exception code of an exception reply. <see cref="Data"/> stays valid until the transport's
/// next exchange.
/// </summary>
public readonly record struct ModbusResponse(ReadOnlyMemory<byte> Data, byte ExceptionCode)
{
    /// <summary>True for an exception reply.</summary>
    public bool IsException => ExceptionCode != 0;
}
