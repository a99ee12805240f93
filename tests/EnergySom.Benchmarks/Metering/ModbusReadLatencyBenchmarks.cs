using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using EnergySom.Firmware.Registers;
using EnergySom.Metering.Modbus;

namespace EnergySom.Benchmarks.Metering;

/// <summary>
/// One read of a full 125-register block (FC04) by our client, from pymodbus and from the libmodbus server on
/// loopback, over one kept-open Modbus TCP connection. Goal: within 1.5× of mbpoll reading the same block from
/// the same server (<see cref="MbpollReadLatencyBenchmarks"/>; method in docs/benchmarks/metering-modbus.md).
/// </summary>
/// <remarks>
/// Each invocation makes <see cref="Reads"/> reads in a row, as the collector does, so the time per operation
/// is one read. <see cref="RawBlockingSocket"/> is the floor: a hand-made request and a blocking receive of
/// the whole reply on a plain socket, with no checking, no timeout and no async machinery.
/// </remarks>
[MemoryDiagnoser]
public class ModbusReadLatencyBenchmarks
{
    private const int Reads = 100;
    private ModbusPeerServers _peers = null!;
    private ModbusClient _client = null!;
    private Socket _raw = null!;
    private readonly byte[] _buffer = new byte[250];
    private readonly byte[] _request = new byte[ModbusTcpFrame.ReadRequestLength];
    private readonly byte[] _reply = new byte[ModbusTcpFrame.MaxAduLength];
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
        _raw = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _raw.Connect("127.0.0.1", port);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Reads)]
    public async Task<byte> ClientRead()
    {
        for (var i = 0; i < Reads; i++)
        {
            await _client.ReadAsync(1, RegisterKind.Input, _start, 125, _buffer, CancellationToken.None);
        }

        return _buffer[0];
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public byte RawBlockingSocket()
    {
        for (var i = 0; i < Reads; i++)
        {
            ModbusTcpFrame.WriteReadRequest(_request, (ushort)i, 1, RegisterKind.Input, _start, 125);
            _raw.Send(_request);
            var received = 0;
            while (received < ModbusTcpFrame.HeaderLength + 2 + 250)
            {
                received += _raw.Receive(_reply, received, _reply.Length - received, SocketFlags.None);
            }
        }

        return _reply[9];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _raw.Dispose();
        _peers.Dispose();
    }
}
