using BenchmarkDotNet.Attributes;
using EnergySom.Firmware.Registers;
using EnergySom.Metering.Modbus;

namespace EnergySom.Benchmarks.Metering;

/// <summary>
/// One read of a full 125-register block (FC04) by our client, from pymodbus and from the libmodbus server on
/// loopback, over one kept-open Modbus TCP connection. Goal: within 1.5× of mbpoll reading the same block from
/// the same server (<see cref="MbpollReadLatencyBenchmarks"/>; method in docs/benchmarks/metering-modbus.md).
/// </summary>
[MemoryDiagnoser]
public class ModbusReadLatencyBenchmarks
{
    private ModbusPeerServers _peers = null!;
    private ModbusClient _client = null!;
    private readonly byte[] _buffer = new byte[250];
    private ushort _start;

    [Params("pymodbus", "libmodbus")]
    public string Server { get; set; } = "pymodbus";

    [GlobalSetup]
    public void Setup()
    {
        _peers = new ModbusPeerServers();
        var port = Server == "pymodbus" ? _peers.StartPymodbus() : _peers.StartLibmodbus();
        _start = Server == "pymodbus" ? (ushort)0 : (ushort)1000;
        _client = ModbusClient.Create("bench", "127.0.0.1", port);
        _client.ReadAsync(1, RegisterKind.Input, _start, 125, _buffer, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<byte> Read125InputRegisters()
    {
        await _client.ReadAsync(1, RegisterKind.Input, _start, 125, _buffer, CancellationToken.None);
        return _buffer[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _peers.Dispose();
    }
}
