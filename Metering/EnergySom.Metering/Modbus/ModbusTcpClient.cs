using EnergySom.Firmware.Registers;

namespace EnergySom.Metering.Modbus;

/// <summary>
/// A Modbus TCP (MBAP) client for one gateway: the foundation's entry point, kept for callers that only need
/// Modbus TCP. It is a <see cref="ModbusClient"/> over an <see cref="MbapTransport"/>; use
/// <see cref="ModbusClient.Create"/> for RTU over TCP, a clock, a logger or backoff settings.
/// </summary>
public sealed class ModbusTcpClient : IAsyncDisposable
{
    private readonly ModbusClient _client;

    public ModbusTcpClient(string gateway, string host, int port, ModbusClientOptions? options = null)
    {
        _client = ModbusClient.Create(gateway, host, port, ModbusFraming.Tcp, options);
    }

    /// <summary>Name of the gateway, used in every error.</summary>
    public string Gateway => _client.Gateway;

    /// <summary>
    /// Reads <paramref name="count"/> registers (2 bytes each into <paramref name="destination"/>) or bits
    /// (one byte, 0 or 1, each) from <paramref name="unit"/>.
    /// </summary>
    /// <exception cref="ModbusException">Any failure, naming gateway, unit and registers.</exception>
    public ValueTask ReadAsync(byte unit, RegisterKind kind, ushort start, ushort count, Memory<byte> destination, CancellationToken ct) =>
        _client.ReadAsync(unit, kind, start, count, destination, ct);

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
