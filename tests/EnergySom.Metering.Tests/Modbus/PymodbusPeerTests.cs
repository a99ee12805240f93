using EnergySom.Firmware.Registers;
using EnergySom.Metering.Modbus;
using EnergySom.Metering.Tests.Peers.Modbus;

namespace EnergySom.Metering.Tests.Modbus;

/// <summary>
/// Our client against pymodbus 3.0 (a real, independent Modbus implementation) serving its static power and
/// gas meters over Modbus TCP and over RTU-over-TCP. Expected values are the server's own
/// (<c>modbus-meter-server.py --dump</c>).
/// </summary>
[Collection(ModbusPeersCollection.Name)]
public sealed class PymodbusPeerTests(ModbusPeers peers)
{
    private static readonly ModbusClientOptions Fast = new() { RequestTimeout = TimeSpan.FromSeconds(3), RtuLateReplyGrace = TimeSpan.FromMilliseconds(20) };

    public static TheoryData<ModbusFraming> Framings => new() { ModbusFraming.Tcp, ModbusFraming.RtuOverTcp };

    private ModbusClient Client(ModbusFraming framing) =>
        ModbusClient.Create("pymodbus-" + framing, "127.0.0.1", framing == ModbusFraming.Tcp ? peers.PymodbusTcpPort : peers.PymodbusRtuPort, framing, Fast);

    private static float F32(byte[] data, int register, WordOrder order = WordOrder.ABCD) =>
        (float)RegisterCodec.Decode(data.AsSpan(register * 2, 4), RegisterDataType.F32, order);

    private static long Integer(byte[] data, int register, RegisterDataType type) =>
        RegisterCodec.DecodeInt64(data.AsSpan(register * 2, type.RegisterCount() * 2), type, WordOrder.ABCD);

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task ReadInputRegisters_Float32Abcd_MatchTheServersValues(ModbusFraming framing)
    {
        await using var client = Client(framing);
        var data = new byte[0x36 * 2];
        await client.ReadAsync(1, RegisterKind.Input, 0, 0x36, data, CancellationToken.None);

        Assert.Equal([230.1f, 231.4f, 229.6f, 12.5f, 11.8f, 13.1f], Enumerable.Range(0, 6).Select(i => F32(data, 2 * i)).ToArray());
        Assert.Equal(8272.7216796875f, F32(data, 0x34));
        Assert.Equal(0.96f, F32(data, 0x1E));
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task ReadHoldingRegisters_IntegersAndWordSwappedFloat(ModbusFraming framing)
    {
        await using var client = Client(framing);
        var unit1 = new byte[14 * 2];
        var unit2 = new byte[14 * 2];
        await client.ReadAsync(1, RegisterKind.Holding, 0, 14, unit1, CancellationToken.None);
        await client.ReadAsync(2, RegisterKind.Holding, 0, 14, unit2, CancellationToken.None);

        Assert.Equal(12_345_678, Integer(unit1, 0, RegisterDataType.U32));
        Assert.Equal(12_345_678, Integer(unit1, 2, RegisterDataType.U64));
        Assert.Equal(8.272721290588379f, F32(unit1, 6, WordOrder.CDAB));
        Assert.Equal(F32(unit1, 12), F32(unit1, 6, WordOrder.CDAB));
        Assert.Equal(960, Integer(unit1, 8, RegisterDataType.I16));
        Assert.Equal(2413, Integer(unit1, 10, RegisterDataType.I32));
        Assert.Equal(-4836, Integer(unit2, 10, RegisterDataType.I32));
        Assert.Equal(13_345_678, Integer(unit2, 0, RegisterDataType.U32));
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task ReadFullBlockOf125Registers(ModbusFraming framing)
    {
        await using var client = Client(framing);
        var data = new byte[250];
        await client.ReadAsync(2, RegisterKind.Input, 0, 125, data, CancellationToken.None);
        Assert.Equal(230.6f, F32(data, 0));
        Assert.Equal(50.0f, F32(data, 0x46));
        Assert.Equal(13345.677734375f, F32(data, 0x48));
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task ReadCoilsAndDiscreteInputs(ModbusFraming framing)
    {
        await using var client = Client(framing);
        var coils = new byte[8];
        var inputs = new byte[8];
        await client.ReadAsync(1, RegisterKind.Coil, 0, 8, coils, CancellationToken.None);
        await client.ReadAsync(1, RegisterKind.DiscreteInput, 0, 8, inputs, CancellationToken.None);
        Assert.Equal(new byte[8], coils);
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 }, inputs);
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task ReadGasMeter_FlowTemperaturePressureAndVolume(ModbusFraming framing)
    {
        await using var client = Client(framing);
        var data = new byte[16];
        await client.ReadAsync(3, RegisterKind.Input, 0, 8, data, CancellationToken.None);
        Assert.Equal(4.2f, F32(data, 0));
        Assert.Equal(18.5f, F32(data, 2));
        Assert.Equal(1.0125f, F32(data, 4));
        Assert.Equal(987_654, Integer(data, 6, RegisterDataType.U32));
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task ReadBeyondTheMap_IsIllegalDataAddress_NamingGatewayUnitAndRegister(ModbusFraming framing)
    {
        await using var client = Client(framing);
        var error = await Assert.ThrowsAsync<ModbusDeviceException>(() => client.ReadAsync(1, RegisterKind.Holding, 0x7F, 2, new byte[4], CancellationToken.None).AsTask());
        Assert.Equal(0x02, error.Code);
        Assert.Contains($"gateway pymodbus-{framing} unit 1 holding 127..128 (register 40128..40129)", error.Message, StringComparison.Ordinal);

        // The exception was an answer: the connection stays usable.
        await client.ReadAsync(1, RegisterKind.Holding, 0, 2, new byte[4], CancellationToken.None);
    }

    [Fact]
    public async Task Tcp_UnknownUnit_IsGatewayTargetFailedToRespond()
    {
        await using var client = Client(ModbusFraming.Tcp);
        var error = await Assert.ThrowsAsync<ModbusDeviceException>(() => client.ReadAsync(9, RegisterKind.Input, 0, 2, new byte[4], CancellationToken.None).AsTask());
        Assert.Equal(0x0B, error.Code);
    }

    [Fact]
    public async Task Rtu_UnknownUnitStaysSilent_TimesOut_ThenTheBusAnswersTheNextUnit()
    {
        await using var client = Client(ModbusFraming.RtuOverTcp);
        var error = await Assert.ThrowsAsync<ModbusTimeoutException>(() => client.ReadAsync(9, RegisterKind.Input, 0, 2, new byte[4], TimeSpan.FromMilliseconds(400), CancellationToken.None).AsTask());
        Assert.Contains("unit 9", error.Message, StringComparison.Ordinal);

        var data = new byte[4];
        await client.ReadAsync(2, RegisterKind.Input, 0, 2, data, CancellationToken.None);
        Assert.Equal(230.6f, F32(data, 0));
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public async Task ManyReadsOnOneConnection_AllMatchTheirRequests(ModbusFraming framing)
    {
        await using var client = Client(framing);
        var data = new byte[250];
        for (var i = 0; i < 200; i++)
        {
            var unit = (byte)(1 + (i % 2));
            var count = (ushort)(2 + (i % 124));
            await client.ReadAsync(unit, RegisterKind.Input, 0, count, data, CancellationToken.None);
            Assert.Equal(unit == 1 ? 230.1f : 230.6f, F32(data, 0));
        }
    }
}
