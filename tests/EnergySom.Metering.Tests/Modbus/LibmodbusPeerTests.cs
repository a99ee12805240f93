using EnergySom.Firmware.Registers;
using EnergySom.Metering.Modbus;
using EnergySom.Metering.Tests.Peers.Modbus;

namespace EnergySom.Metering.Tests.Modbus;

/// <summary>
/// Our client against a server built on libmodbus 3.1.6 (a second independent implementation) that serves
/// float32 in three word orders, an int16, a growing counter, and a register that fails with 0x04.
/// </summary>
[Collection(ModbusPeersCollection.Name)]
public sealed class LibmodbusPeerTests(ModbusPeers peers)
{
    private ModbusClient Client(int? port = null) =>
        ModbusClient.Create("libmodbus", "127.0.0.1", port ?? peers.LibmodbusPort, ModbusFraming.Tcp, new ModbusClientOptions { RequestTimeout = TimeSpan.FromSeconds(3) });

    [Fact]
    public async Task Float32_InAbcdAndCdab_BothDecodeTo230Point5()
    {
        await using var client = Client();
        var data = new byte[8];
        await client.ReadAsync(1, RegisterKind.Holding, 0, 4, data, CancellationToken.None);

        Assert.Equal("43668000" + "80004366", Convert.ToHexString(data));
        Assert.Equal(230.5, RegisterCodec.Decode(data.AsSpan(0, 4), RegisterDataType.F32, WordOrder.ABCD));
        Assert.Equal(230.5, RegisterCodec.Decode(data.AsSpan(4, 4), RegisterDataType.F32, WordOrder.CDAB));
    }

    [Fact]
    public async Task InputRegistersFrom1000_Float32AbcdAndBadc()
    {
        await using var client = Client();
        var data = new byte[12];
        await client.ReadAsync(1, RegisterKind.Input, 1000, 6, data, CancellationToken.None);

        Assert.Equal(50.0, RegisterCodec.Decode(data.AsSpan(0, 4), RegisterDataType.F32, WordOrder.ABCD));
        Assert.Equal(-1.5, RegisterCodec.Decode(data.AsSpan(4, 4), RegisterDataType.F32, WordOrder.ABCD));
        Assert.Equal("9A440050", Convert.ToHexString(data, 8, 4));
        Assert.Equal(1234.5, RegisterCodec.Decode(data.AsSpan(8, 4), RegisterDataType.F32, WordOrder.BADC));
    }

    [Fact]
    public async Task FullBlockOf125InputRegisters()
    {
        await using var client = Client();
        var data = new byte[250];
        await client.ReadAsync(1, RegisterKind.Input, 1000, 125, data, CancellationToken.None);
        Assert.Equal(50.0, RegisterCodec.Decode(data.AsSpan(0, 4), RegisterDataType.F32, WordOrder.ABCD));
        Assert.All(data[12..], b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task Int16AndCounter()
    {
        await using var client = Client();
        var data = new byte[8];
        await client.ReadAsync(1, RegisterKind.Holding, 4, 4, data, CancellationToken.None);

        Assert.InRange(RegisterCodec.DecodeInt64(data.AsSpan(0, 4), RegisterDataType.U32, WordOrder.ABCD), 100_000, 100_000 + (10 * 3600));
        Assert.Equal(-42, RegisterCodec.DecodeInt64(data.AsSpan(4, 2), RegisterDataType.I16, WordOrder.ABCD));
        Assert.Equal(0x1234, RegisterCodec.DecodeInt64(data.AsSpan(6, 2), RegisterDataType.U16, WordOrder.ABCD));
    }

    [Fact]
    public async Task CoilsAndDiscreteInputs()
    {
        await using var client = Client();
        var bits = new byte[8];
        await client.ReadAsync(1, RegisterKind.Coil, 0, 8, bits, CancellationToken.None);
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 }, bits);
        await client.ReadAsync(1, RegisterKind.DiscreteInput, 0, 8, bits, CancellationToken.None);
        Assert.Equal(new byte[] { 0, 1, 0, 0, 0, 0, 0, 0 }, bits);
    }

    [Fact]
    public async Task TrapRegister_IsServerDeviceFailure()
    {
        await using var client = Client();
        var error = await Assert.ThrowsAsync<ModbusDeviceException>(() => client.ReadAsync(4, RegisterKind.Holding, 10, 10, new byte[20], CancellationToken.None).AsTask());
        Assert.Equal(0x04, error.Code);
        Assert.Contains("gateway libmodbus unit 4 holding 10..19 (register 40011..40020): exception 0x04 (server device failure)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InputRegisterZero_IsIllegalDataAddress()
    {
        await using var client = Client();
        var error = await Assert.ThrowsAsync<ModbusDeviceException>(() => client.ReadAsync(1, RegisterKind.Input, 0, 2, new byte[4], CancellationToken.None).AsTask());
        Assert.Equal(0x02, error.Code);
    }

    [Fact]
    public async Task ServerFilteringUnits_AnswersOtherUnitsWithGatewayTargetFailed()
    {
        await using var client = Client(peers.LibmodbusUnit1Port);
        await client.ReadAsync(1, RegisterKind.Holding, 0, 2, new byte[4], CancellationToken.None);
        var error = await Assert.ThrowsAsync<ModbusDeviceException>(() => client.ReadAsync(2, RegisterKind.Holding, 0, 2, new byte[4], CancellationToken.None).AsTask());
        Assert.Equal(0x0B, error.Code);
    }
}
