using System.Buffers.Binary;
using EnergySom.Firmware.Registers;
using EnergySom.Metering.Modbus;

namespace EnergySom.Metering.Tests.Modbus;

/// <summary>
/// The faults no real peer produces on demand, from a scripted server on a real socket: every one ends in a
/// typed error naming gateway, unit and registers, and the next read works.
/// </summary>
public sealed class FaultyServerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(150);

    // Reads that should succeed get time to spare on a loaded machine; only reads meant to time out use Timeout.
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(3);

    private static ModbusClient Client(ScriptedModbusServer server, ModbusFraming framing, ModbusClientOptions? options = null) =>
        ModbusClient.Create("gw-fake", "127.0.0.1", server.Port, framing, options ?? new ModbusClientOptions { RequestTimeout = Timeout, RtuLateReplyGrace = TimeSpan.FromMilliseconds(10) });

    private static async Task<int> ReadMarkerAsync(ModbusClient client, byte unit = 1, TimeSpan? timeout = null)
    {
        var data = new byte[4];
        await client.ReadAsync(unit, RegisterKind.Holding, 10, 2, data, timeout ?? Generous, CancellationToken.None);
        return BinaryPrimitives.ReadUInt16BigEndian(data);
    }

    [Fact]
    public async Task Tcp_WrongTransactionId_IsProtocolError_ThenReconnectsAndReads()
    {
        await using var server = new ScriptedModbusServer(ModbusFraming.Tcp, (s, r) => r.Index == 1
            ? ScriptedModbusServer.Reply.Bytes(s.Good(r, ScriptedModbusServer.Marked(r), transactionId: (ushort)(r.TransactionId + 1000)))
            : ScriptedModbusServer.Reply.Bytes(s.Good(r, ScriptedModbusServer.Marked(r))));
        await using var client = Client(server, ModbusFraming.Tcp);

        var error = await Assert.ThrowsAsync<ModbusProtocolException>(() => ReadMarkerAsync(client));
        Assert.Contains("gateway gw-fake unit 1 holding 10..11", error.Message, StringComparison.Ordinal);
        Assert.Contains("transaction id", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);

        Assert.Equal(1002, await ReadMarkerAsync(client));
        Assert.Equal(2, server.ConnectionCount);
    }

    [Fact]
    public async Task Tcp_LateReplyToATimedOutRequest_IsSkipped_AndTheNextReadGetsItsOwnReply()
    {
        await using var server = new ScriptedModbusServer(ModbusFraming.Tcp, (s, r) =>
            ScriptedModbusServer.Reply.Bytes(s.Good(r, ScriptedModbusServer.Marked(r)), r.Index == 1 ? TimeSpan.FromMilliseconds(300) : default));
        await using var client = Client(server, ModbusFraming.Tcp);

        await Assert.ThrowsAsync<ModbusTimeoutException>(() => ReadMarkerAsync(client, timeout: Timeout));
        Assert.Equal(1002, await ReadMarkerAsync(client));
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task Tcp_DuplicatedReply_IsSkipped()
    {
        await using var server = new ScriptedModbusServer(ModbusFraming.Tcp, (s, r) =>
        {
            var reply = s.Good(r, ScriptedModbusServer.Marked(r));
            return new ScriptedModbusServer.Reply([reply, reply]);
        });
        await using var client = Client(server, ModbusFraming.Tcp);

        Assert.Equal(1001, await ReadMarkerAsync(client));
        Assert.Equal(1002, await ReadMarkerAsync(client));
        Assert.Equal(1, server.ConnectionCount);
    }

    [Theory]
    [InlineData(ModbusFraming.Tcp)]
    [InlineData(ModbusFraming.RtuOverTcp)]
    public async Task ReplyInOneByteSegments_IsReassembled(ModbusFraming framing)
    {
        await using var server = new ScriptedModbusServer(framing, (s, r) =>
            new ScriptedModbusServer.Reply(s.Good(r, ScriptedModbusServer.Marked(r)).Select(b => new[] { b }).ToArray(), Pause: TimeSpan.FromMilliseconds(2)));
        await using var client = Client(server, framing, new ModbusClientOptions { RequestTimeout = TimeSpan.FromSeconds(2) });

        Assert.Equal(1001, await ReadMarkerAsync(client));
        Assert.Equal(1002, await ReadMarkerAsync(client));
    }

    [Fact]
    public async Task Tcp_ReplySplitAcrossATimeout_IsCompletedThenSkippedAsLate()
    {
        // The first reply stops after 5 bytes; its rest arrives in front of the second reply.
        byte[]? rest = null;
        await using var server = new ScriptedModbusServer(ModbusFraming.Tcp, (s, r) =>
        {
            var reply = s.Good(r, ScriptedModbusServer.Marked(r));
            if (r.Index == 1)
            {
                rest = reply[5..];
                return ScriptedModbusServer.Reply.Bytes(reply[..5]);
            }

            return ScriptedModbusServer.Reply.Bytes([.. rest!, .. reply]);
        });
        await using var client = Client(server, ModbusFraming.Tcp);

        await Assert.ThrowsAsync<ModbusTimeoutException>(() => ReadMarkerAsync(client, timeout: Timeout));
        Assert.Equal(1002, await ReadMarkerAsync(client));
        Assert.Equal(1, server.ConnectionCount);
    }

    [Theory]
    [InlineData(ModbusFraming.Tcp)]
    [InlineData(ModbusFraming.RtuOverTcp)]
    public async Task TruncatedFrameThenHangUp_IsConnectionError_ThenReconnects(ModbusFraming framing)
    {
        await using var server = new ScriptedModbusServer(framing, (s, r) => r.Index == 1
            ? new ScriptedModbusServer.Reply([s.Good(r, ScriptedModbusServer.Marked(r))[..6]], Close: true)
            : ScriptedModbusServer.Reply.Bytes(s.Good(r, ScriptedModbusServer.Marked(r))));
        await using var client = Client(server, framing);

        var error = await Assert.ThrowsAsync<ModbusConnectionException>(() => ReadMarkerAsync(client));
        Assert.Contains("closed by the gateway", error.Message, StringComparison.Ordinal);
        Assert.Equal(1002, await ReadMarkerAsync(client));
        Assert.Equal(2, server.ConnectionCount);
    }

    [Theory]
    [InlineData(ModbusFraming.Tcp)]
    [InlineData(ModbusFraming.RtuOverTcp)]
    public async Task Garbage_IsProtocolError_AndResetsTheConnection(ModbusFraming framing)
    {
        await using var server = new ScriptedModbusServer(framing, (s, r) => r.Index == 1
            ? ScriptedModbusServer.Reply.Bytes([0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06])
            : ScriptedModbusServer.Reply.Bytes(s.Good(r, ScriptedModbusServer.Marked(r))));
        await using var client = Client(server, framing);

        await Assert.ThrowsAsync<ModbusProtocolException>(() => ReadMarkerAsync(client));
        Assert.Equal(1002, await ReadMarkerAsync(client));
        Assert.Equal(2, server.ConnectionCount);
    }

    [Theory]
    [InlineData(ModbusFraming.Tcp)]
    [InlineData(ModbusFraming.RtuOverTcp)]
    public async Task ReplyFromTheWrongUnit_IsProtocolError(ModbusFraming framing)
    {
        await using var server = new ScriptedModbusServer(framing, (s, r) => r.Index == 1
            ? ScriptedModbusServer.Reply.Bytes(s.Good(r, ScriptedModbusServer.Marked(r), unit: 7))
            : ScriptedModbusServer.Reply.Bytes(s.Good(r, ScriptedModbusServer.Marked(r))));
        await using var client = Client(server, framing);

        var error = await Assert.ThrowsAsync<ModbusProtocolException>(() => ReadMarkerAsync(client, unit: 3));
        Assert.Contains("gateway gw-fake unit 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("reply from unit 7", error.Message, StringComparison.Ordinal);
        Assert.Equal(1002, await ReadMarkerAsync(client, unit: 3));
    }

    [Fact]
    public async Task Rtu_BadCrc_IsProtocolError_ThenReads()
    {
        await using var server = new ScriptedModbusServer(ModbusFraming.RtuOverTcp, (s, r) =>
        {
            var reply = s.Good(r, ScriptedModbusServer.Marked(r));
            if (r.Index == 1)
            {
                reply[^1] ^= 0x5A;
            }

            return ScriptedModbusServer.Reply.Bytes(reply);
        });
        await using var client = Client(server, ModbusFraming.RtuOverTcp);

        var error = await Assert.ThrowsAsync<ModbusProtocolException>(() => ReadMarkerAsync(client));
        Assert.Contains("bad CRC", error.Message, StringComparison.Ordinal);
        Assert.Equal(1002, await ReadMarkerAsync(client));
    }

    [Fact]
    public async Task Rtu_LateReplyAfterATimeout_IsFlushed_NotTakenForTheNextReply()
    {
        await using var server = new ScriptedModbusServer(ModbusFraming.RtuOverTcp, (s, r) =>
            ScriptedModbusServer.Reply.Bytes(s.Good(r, ScriptedModbusServer.Marked(r)), r.Index == 1 ? TimeSpan.FromMilliseconds(250) : default));
        await using var client = Client(server, ModbusFraming.RtuOverTcp, new ModbusClientOptions { RequestTimeout = Timeout, RtuLateReplyGrace = TimeSpan.FromMilliseconds(300) });

        await Assert.ThrowsAsync<ModbusTimeoutException>(() => ReadMarkerAsync(client, timeout: Timeout));
        Assert.Equal(1002, await ReadMarkerAsync(client));
    }

    [Theory]
    [InlineData(ModbusFraming.Tcp, 0x0A, "gateway path unavailable")]
    [InlineData(ModbusFraming.RtuOverTcp, 0x06, "server device busy")]
    public async Task ExceptionReply_IsTypedWithItsCode_AndKeepsTheConnection(ModbusFraming framing, byte code, string meaning)
    {
        await using var server = new ScriptedModbusServer(framing, (s, r) => r.Index == 1
            ? ScriptedModbusServer.Reply.Bytes(s.Exception(r, code))
            : ScriptedModbusServer.Reply.Bytes(s.Good(r, ScriptedModbusServer.Marked(r))));
        await using var client = Client(server, framing);

        var error = await Assert.ThrowsAsync<ModbusDeviceException>(() => ReadMarkerAsync(client));
        Assert.Equal(code, error.Code);
        Assert.Contains(meaning, error.Message, StringComparison.Ordinal);
        Assert.Equal(1002, await ReadMarkerAsync(client));
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task WrongFunctionOrByteCount_IsProtocolError()
    {
        await using var server = new ScriptedModbusServer(ModbusFraming.Tcp, (s, r) => r.Index switch
        {
            1 => ScriptedModbusServer.Reply.Bytes(s.Frame(r, [0x04, 0x04, 0, 0, 0, 0], null, null)),
            2 => ScriptedModbusServer.Reply.Bytes(s.Frame(r, [0x03, 0x02, 0, 0], null, null)),
            _ => ScriptedModbusServer.Reply.Bytes(s.Good(r, ScriptedModbusServer.Marked(r))),
        });
        await using var client = Client(server, ModbusFraming.Tcp);

        Assert.Contains("function 0x04 in reply to 0x03", (await Assert.ThrowsAsync<ModbusProtocolException>(() => ReadMarkerAsync(client))).Message, StringComparison.Ordinal);
        Assert.Contains("byte count 2", (await Assert.ThrowsAsync<ModbusProtocolException>(() => ReadMarkerAsync(client))).Message, StringComparison.Ordinal);
        Assert.Equal(1003, await ReadMarkerAsync(client));
    }

    [Fact]
    public async Task ConsecutiveTimeouts_ResetTheConnection()
    {
        await using var server = new ScriptedModbusServer(ModbusFraming.Tcp, (s, r) => r.Index <= 3
            ? ScriptedModbusServer.Reply.Silence
            : ScriptedModbusServer.Reply.Bytes(s.Good(r, ScriptedModbusServer.Marked(r))));
        await using var client = Client(server, ModbusFraming.Tcp, new ModbusClientOptions { RequestTimeout = Timeout, ResetAfterTimeouts = 3 });

        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<ModbusTimeoutException>(() => ReadMarkerAsync(client, timeout: Timeout));
            Assert.True(client.IsConnected);
        }

        await Assert.ThrowsAsync<ModbusTimeoutException>(() => ReadMarkerAsync(client, timeout: Timeout));
        Assert.False(client.IsConnected);
        Assert.Equal(1004, await ReadMarkerAsync(client));
        Assert.Equal(2, server.ConnectionCount);
    }

    [Theory]
    [InlineData(ModbusFraming.Tcp)]
    [InlineData(ModbusFraming.RtuOverTcp)]
    public async Task RandomlyMutatedReplies_OnlyEverGiveTypedErrors_AndTheClientRecovers(ModbusFraming framing)
    {
        // 150 replies, each a good one mutated at random (seeded): bit flips, truncation, extension, garbage.
        var random = new Random(20261121);
        await using var server = new ScriptedModbusServer(framing, (s, r) =>
        {
            var good = s.Good(r, ScriptedModbusServer.Marked(r));
            lock (random)
            {
                return r.Index > 150 ? ScriptedModbusServer.Reply.Bytes(good) : ScriptedModbusServer.Reply.Bytes(FrameMutations.Mutate(good, random));
            }
        });
        await using var client = Client(server, framing, new ModbusClientOptions { RtuLateReplyGrace = TimeSpan.FromMilliseconds(5) });

        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 150; i++)
        {
            string outcome;
            try
            {
                await ReadMarkerAsync(client, timeout: TimeSpan.FromMilliseconds(40));
                outcome = "ok";
            }
            catch (ModbusException ex)
            {
                outcome = ex.GetType().Name;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // Anything but a ModbusException would have escaped above and failed the test.
        Assert.True(outcomes.ContainsKey(nameof(ModbusProtocolException)), string.Join(", ", outcomes));

        // A late reply to one of the mutated requests may still be in flight: the second good read is clean.
        await ReadMarkerAsync(client);
        var marker = await ReadMarkerAsync(client);
        Assert.True(marker > 1150, $"marker {marker}");
    }
}
