using EnergySom.Firmware.Registers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.VirtualMeter;
using EnergySom.Testing;
using NodaTime;

namespace EnergySom.Firmware.Tests.VirtualMeter;

/// <summary>The virtual gateway on a real loopback socket, checked with hand-built frames (no Modbus client of ours).</summary>
public sealed class VirtualMeterServerTests : IAsyncLifetime
{
    private static readonly DeviceProfile Sdm630 = ProfileLibrary.LoadBundled().Get("eastron-sdm630");
    private readonly ManualClock _clock = new(Instant.FromUtc(2025, 6, 1, 12, 0));
    private VirtualMeterServer _tcp = null!;
    private VirtualMeterServer _rtu = null!;

    private sealed class Values : IPointValueSource
    {
        public double? ValueOf(RegisterPoint point, Instant now) => point.Name switch
        {
            "voltage_l1" => 230.1,
            "voltage_l2" => 231.4,
            _ => null,
        };
    }

    public Task InitializeAsync()
    {
        _tcp = new VirtualMeterServer([new VirtualMeterUnit(1, Sdm630, new Values()), new VirtualMeterUnit(2, Sdm630, new Values())], _clock);
        _rtu = new VirtualMeterServer([new VirtualMeterUnit(1, Sdm630, new Values())], _clock, new VirtualMeterServerOptions { Framing = VirtualMeterFraming.RtuOverTcp });
        _tcp.Start();
        _rtu.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _tcp.DisposeAsync();
        await _rtu.DisposeAsync();
    }

    private static async Task<Socket> ConnectAsync(VirtualMeterServer server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server.EndPoint);
        return socket;
    }

    /// <summary>Sends one frame and waits for a reply; null when none comes within <paramref name="wait"/>.</summary>
    private static async Task<byte[]?> ExchangeAsync(Socket socket, byte[] request, TimeSpan? wait = null)
    {
        await socket.SendAsync(request);
        var buffer = new byte[300];
        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(2));
        try
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return n == 0 ? [] : buffer[..n];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    // MBAP: transaction 0x1234, protocol 0, length 6, unit; PDU: function 04, address 0, count 4.
    private static byte[] ReadInputs(byte unit, byte count = 4) => [0x12, 0x34, 0x00, 0x00, 0x00, 0x06, unit, 0x04, 0x00, 0x00, 0x00, count];

    [Fact]
    public async Task Tcp_Read_EchoesTransactionAndUnit_AndServesTheDatasheetWords()
    {
        using var socket = await ConnectAsync(_tcp);

        var reply = await ExchangeAsync(socket, ReadInputs(2));

        Assert.Equal(new byte[] { 0x12, 0x34, 0x00, 0x00, 0x00, 0x0B, 0x02, 0x04, 0x08, 0x43, 0x66, 0x19, 0x9A, 0x43, 0x67, 0x66, 0x66 }, reply);
    }

    [Fact]
    public async Task Tcp_UnknownUnit_GetsGatewayException0B()
    {
        using var socket = await ConnectAsync(_tcp);
        var reply = await ExchangeAsync(socket, ReadInputs(9));
        Assert.Equal(new byte[] { 0x12, 0x34, 0x00, 0x00, 0x00, 0x03, 0x09, 0x84, 0x0B }, reply);
    }

    [Fact]
    public async Task Tcp_ExceptionFault_AnswersThatCode_OnlyForThatUnit()
    {
        _tcp.Faults(1).ExceptionCode = 0x04;
        using var socket = await ConnectAsync(_tcp);

        Assert.Equal(new byte[] { 0x12, 0x34, 0x00, 0x00, 0x00, 0x03, 0x01, 0x84, 0x04 }, await ExchangeAsync(socket, ReadInputs(1)));
        Assert.Equal(0x04, (await ExchangeAsync(socket, ReadInputs(2)))![7]); // unit 2 still answers normally

        _tcp.Faults(1).Clear();
        Assert.Equal(0x04, (await ExchangeAsync(socket, ReadInputs(1)))![7]);
    }

    [Fact]
    public async Task Tcp_SlowReply_ArrivesAfterTheDelay()
    {
        _tcp.Faults(2).ReplyDelay = TimeSpan.FromMilliseconds(300);
        using var socket = await ConnectAsync(_tcp);

        var watch = Stopwatch.StartNew();
        var reply = await ExchangeAsync(socket, ReadInputs(2));

        Assert.NotNull(reply);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280), $"replied after {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Tcp_SilentUnit_DoesNotAnswer_ButTheConnectionStays()
    {
        _tcp.Faults(1).Silent = true;
        using var socket = await ConnectAsync(_tcp);

        Assert.Null(await ExchangeAsync(socket, ReadInputs(1), TimeSpan.FromMilliseconds(300)));
        Assert.NotNull(await ExchangeAsync(socket, ReadInputs(2)));
    }

    [Fact]
    public async Task Tcp_DropConnection_ClosesInsteadOfAnswering()
    {
        _tcp.Faults(1).DropConnection = true;
        using var socket = await ConnectAsync(_tcp);

        var reply = await ExchangeAsync(socket, ReadInputs(1));
        Assert.NotNull(reply);
        Assert.Empty(reply);
    }

    [Fact]
    public async Task DropAllConnections_ClosesOpenClients_AndAcceptsNewOnes()
    {
        using var first = await ConnectAsync(_tcp);
        Assert.NotNull(await ExchangeAsync(first, ReadInputs(1)));
        Assert.Equal(1, _tcp.ConnectionCount);

        _tcp.DropAllConnections();

        var buffer = new byte[16];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        Assert.Equal(0, await first.ReceiveAsync(buffer, SocketFlags.None, timeout.Token));
        using var second = await ConnectAsync(_tcp);
        Assert.NotNull(await ExchangeAsync(second, ReadInputs(1)));
    }

    [Fact]
    public async Task Tcp_ReadPastTheMap_IsIllegalDataAddress()
    {
        using var socket = await ConnectAsync(_tcp);
        byte[] request = [0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x01, 0x04, 0x00, 0x56, 0x00, 0x10];
        Assert.Equal(new byte[] { 0x00, 0x01, 0x00, 0x00, 0x00, 0x03, 0x01, 0x84, 0x02 }, await ExchangeAsync(socket, request));
    }

    [Fact]
    public void Crc_MatchesTheModbusReferenceFrames()
    {
        // Read input registers, unit 1, address 0, count 2: CRC 0x71 0xCB on the wire (low byte first).
        Assert.Equal(0xCB71, Crc16Modbus.Compute([0x01, 0x04, 0x00, 0x00, 0x00, 0x02]));
        // The pymodbus peer's RTU reply for 230.1 V: 01 04 04 43 66 19 9A 85 E4.
        Assert.True(Crc16Modbus.Check([0x01, 0x04, 0x04, 0x43, 0x66, 0x19, 0x9A, 0x85, 0xE4]));
        Assert.False(Crc16Modbus.Check([0x01, 0x04, 0x04, 0x43, 0x66, 0x19, 0x9B, 0x85, 0xE4]));
    }

    [Fact]
    public async Task Rtu_Read_IsAnsweredWithAValidCrc()
    {
        using var socket = await ConnectAsync(_rtu);

        var reply = await ExchangeAsync(socket, [0x01, 0x04, 0x00, 0x00, 0x00, 0x02, 0x71, 0xCB]);

        Assert.Equal(new byte[] { 0x01, 0x04, 0x04, 0x43, 0x66, 0x19, 0x9A, 0x85, 0xE4 }, reply);
    }

    [Fact]
    public async Task Rtu_BadCrc_GetsNoReply_AndTheNextGoodFrameIsAnswered()
    {
        using var socket = await ConnectAsync(_rtu);

        Assert.Null(await ExchangeAsync(socket, [0x01, 0x04, 0x00, 0x00, 0x00, 0x02, 0x71, 0xCC], TimeSpan.FromMilliseconds(300)));
        Assert.NotNull(await ExchangeAsync(socket, [0x01, 0x04, 0x00, 0x00, 0x00, 0x02, 0x71, 0xCB]));
    }

    [Fact]
    public async Task Rtu_UnknownUnit_IsSilentLikeARealBus()
    {
        using var socket = await ConnectAsync(_rtu);
        byte[] frame = [0x07, 0x04, 0x00, 0x00, 0x00, 0x02, 0, 0];
        Crc16Modbus.Append(frame, 6);

        Assert.Null(await ExchangeAsync(socket, frame, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Rtu_ExceptionFault_IsAnExceptionFrameWithCrc()
    {
        _rtu.Faults(1).ExceptionCode = 0x06;
        using var socket = await ConnectAsync(_rtu);

        var reply = await ExchangeAsync(socket, [0x01, 0x04, 0x00, 0x00, 0x00, 0x02, 0x71, 0xCB]);

        Assert.NotNull(reply);
        Assert.Equal(new byte[] { 0x01, 0x84, 0x06 }, reply[..3]);
        Assert.True(Crc16Modbus.Check(reply));
    }

    [Fact]
    public async Task Rtu_UnsupportedFunction_EndsAtSilence_AndGetsIllegalFunction()
    {
        using var socket = await ConnectAsync(_rtu);
        byte[] frame = [0x01, 0x11, 0, 0]; // report server id: no body
        Crc16Modbus.Append(frame, 2);

        var reply = await ExchangeAsync(socket, frame);

        Assert.NotNull(reply);
        Assert.Equal(new byte[] { 0x01, 0x91, 0x01 }, reply[..3]);
    }

    [Fact]
    public async Task PortInUse_FailsToStartWithASocketError()
    {
        await using var second = new VirtualMeterServer([new VirtualMeterUnit(1, Sdm630, new Values())], _clock, _tcp.EndPoint.Port);
        var error = Assert.Throws<SocketException>(second.Start);
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    [Fact]
    public async Task Start_CatchesTheCountersUp_BeforeTheFirstRequest()
    {
        var counted = new CountingSource();
        await using var server = new VirtualMeterServer([new VirtualMeterUnit(4, Sdm630, counted)], _clock);

        server.Start();

        Assert.Equal(
            Sdm630.Points.Select(p => p.Name).Order(StringComparer.Ordinal),
            counted.Asked.Order(StringComparer.Ordinal));
        Assert.All(counted.At, t => Assert.Equal(_clock.GetCurrentInstant(), t));
    }

    [Fact]
    public async Task Dispose_Twice_IsHarmless()
    {
        var server = new VirtualMeterServer([new VirtualMeterUnit(1, Sdm630, new Values())], _clock);
        server.Start();
        await server.DisposeAsync();
        await server.DisposeAsync();
        Assert.Equal(0, server.ConnectionCount);
    }

    private sealed class CountingSource : IPointValueSource
    {
        public List<string> Asked { get; } = [];

        public List<Instant> At { get; } = [];

        public double? ValueOf(RegisterPoint point, Instant now)
        {
            Asked.Add(point.Name);
            At.Add(now);
            return 1;
        }
    }

    [Fact]
    public async Task ListensOnLoopbackOnly_ByDefault()
    {
        Assert.Equal(IPAddress.Loopback, _tcp.EndPoint.Address);
        await Task.CompletedTask;
    }
}
