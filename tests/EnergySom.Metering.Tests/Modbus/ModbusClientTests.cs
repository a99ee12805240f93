using System.Net;
using System.Net.Sockets;
using EnergySom.Firmware.Registers;
using EnergySom.Firmware.VirtualMeter;
using EnergySom.Metering.Modbus;
using EnergySom.Metering.Tests.Collection;
using EnergySom.Testing;
using NodaTime;

namespace EnergySom.Metering.Tests.Modbus;

/// <summary>Client behaviour against the foundation's virtual meter on a real loopback socket.</summary>
public sealed class ModbusClientTests
{
    private static float VoltageL1(byte[] data) => (float)RegisterCodec.Decode(data, RegisterDataType.F32, WordOrder.ABCD);

    [Fact]
    public async Task SlowMeterReplyingAfterTheTimeout_DoesNotCorruptTheNextReadOfAnotherUnit()
    {
        await using var server = VirtualMeters.Start(2);
        server.Faults(1).ReplyDelay = TimeSpan.FromMilliseconds(250);
        await using var client = ModbusClient.Create("gw-slow", "127.0.0.1", server.EndPoint.Port, options: new ModbusClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(100) });

        await Assert.ThrowsAsync<ModbusTimeoutException>(() => client.ReadAsync(1, RegisterKind.Input, 0, 2, new byte[4], CancellationToken.None).AsTask());
        var data = new byte[4];
        await client.ReadAsync(2, RegisterKind.Input, 0, 2, data, TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.Equal(232f, VoltageL1(data)); // unit 2's voltage, not unit 1's late reply
    }

    [Fact]
    public async Task ConnectFailure_BacksOff_FailingFastUntilTheNextAttemptIsDue()
    {
        var port = FreePort.Get();
        var clock = new ManualClock(Instant.FromUtc(2026, 1, 1, 0, 0));
        await using var client = ModbusClient.Create("gw-down", "127.0.0.1", port, clock: clock,
            options: new ModbusClientOptions { ReconnectBackoff = new BackoffPolicy(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60), 2, 0) });

        var first = await Assert.ThrowsAsync<ModbusConnectionException>(() => client.ReadAsync(1, RegisterKind.Holding, 0, 1, new byte[2], CancellationToken.None).AsTask());
        Assert.Contains($"127.0.0.1:{port}: ConnectionRefused; next attempt in 2000 ms", first.Message, StringComparison.Ordinal);

        // A gateway listens now, but the backoff has not expired: no attempt is made.
        await using var server = new VirtualMeterServer([new VirtualMeterUnit(1, VirtualMeters.Sdm630, new FixedValues(new Dictionary<string, double>()))], SystemClock.Instance, port);
        server.Start();
        clock.Advance(Duration.FromSeconds(1));
        var fast = await Assert.ThrowsAsync<ModbusConnectionException>(() => client.ReadAsync(1, RegisterKind.Input, 0, 2, new byte[4], CancellationToken.None).AsTask());
        Assert.Contains("unreachable (ConnectionRefused); next attempt in 1000 ms", fast.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.RequestCount);

        clock.Advance(Duration.FromSeconds(1));
        await client.ReadAsync(1, RegisterKind.Input, 0, 2, new byte[4], CancellationToken.None);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task ConcurrentCallers_AreQueued_EachGetsItsOwnReply()
    {
        await using var server = VirtualMeters.Start(4);
        await using var client = ModbusClient.Create("gw-queue", "127.0.0.1", server.EndPoint.Port);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            var unit = (byte)(1 + (i % 4));
            var data = new byte[4];
            await client.ReadAsync(unit, RegisterKind.Input, 0, 2, data, CancellationToken.None);
            return (unit, voltage: VoltageL1(data));
        }));

        Assert.All(results, r => Assert.Equal(230f + r.unit, r.voltage));
    }

    [Fact]
    public async Task CallerCancellation_IsNotATimeout_AndClosesTheConnection()
    {
        await using var server = VirtualMeters.Start(1);
        server.Faults(1).Silent = true;
        await using var client = ModbusClient.Create("gw-cancel", "127.0.0.1", server.EndPoint.Port, options: new ModbusClientOptions { RequestTimeout = TimeSpan.FromSeconds(5) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ReadAsync(1, RegisterKind.Input, 0, 2, new byte[4], cancel.Token).AsTask());
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task ReadAfterDispose_IsRefused()
    {
        await using var server = VirtualMeters.Start(1);
        var client = ModbusClient.Create("gw-gone", "127.0.0.1", server.EndPoint.Port);
        await client.ReadAsync(1, RegisterKind.Input, 0, 2, new byte[4], CancellationToken.None);
        await client.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ReadAsync(1, RegisterKind.Input, 0, 2, new byte[4], CancellationToken.None).AsTask());
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(126, 252)]
    public async Task ReadsTheProtocolCannotExpress_AreRefusedBeforeSending(int count, int bytes)
    {
        await using var client = ModbusClient.Create("gw-args", "127.0.0.1", 1);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ReadAsync(1, RegisterKind.Holding, 0, (ushort)count, new byte[bytes], CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task DestinationTooSmall_IsRefused()
    {
        await using var client = ModbusClient.Create("gw-args", "127.0.0.1", 1);
        await Assert.ThrowsAsync<ArgumentException>(() => client.ReadAsync(1, RegisterKind.Holding, 0, 4, new byte[7], CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task ConnectTimeout_IsAConnectionError()
    {
        // A listener with a full backlog that never accepts: the SYN is not answered, so the connect hangs.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                _ = filler.ConnectAsync(IPAddress.Loopback, port);
            }

            await using var client = ModbusClient.Create("gw-hang", "127.0.0.1", port, options: new ModbusClientOptions { ConnectTimeout = TimeSpan.FromMilliseconds(300), RequestTimeout = TimeSpan.FromMilliseconds(300) });
            var error = await Assert.ThrowsAsync<ModbusConnectionException>(() => client.ReadAsync(1, RegisterKind.Holding, 0, 1, new byte[2], CancellationToken.None).AsTask());
            Assert.Contains($"127.0.0.1:{port}: connect timed out after 300 ms", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }
}
