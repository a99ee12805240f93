using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;
using EnergySom.Firmware.VirtualMeter;
using EnergySom.Metering.Modbus;
using NodaTime;

namespace EnergySom.Metering.Tests.Modbus;

/// <summary>Our client against our virtual meter on a real loopback socket.</summary>
public sealed class ModbusTcpClientTests : IAsyncLifetime
{
    private readonly DeviceProfile _profile = ProfileLibrary.LoadBundled().Get("eastron-sdm630");
    private VirtualMeterServer _server = null!;
    private ModbusTcpClient _client = null!;

    private sealed class Values : IPointValueSource
    {
        public double? ValueOf(RegisterPoint point, Instant now) => point.Name switch
        {
            "voltage_l1" => 230.1,
            "active_power" => 8.27272,
            _ => 1.0,
        };
    }

    public Task InitializeAsync()
    {
        _server = new VirtualMeterServer([new VirtualMeterUnit(1, _profile, new Values()), new VirtualMeterUnit(2, _profile, new Values())], SystemClock.Instance);
        _server.Start();
        _client = new ModbusTcpClient("gw-test", "127.0.0.1", _server.EndPoint.Port, new ModbusClientOptions { RequestTimeout = TimeSpan.FromSeconds(3) });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Read_ReturnsRegistersAsTheMeterServesThem()
    {
        var buffer = new byte[0x36 * 2];
        await _client.ReadAsync(1, RegisterKind.Input, 0, 0x36, buffer, CancellationToken.None);

        Assert.Equal(230.1f, (float)RegisterCodec.Decode(buffer, RegisterDataType.F32, WordOrder.ABCD));
        Assert.Equal(8272.72f, (float)RegisterCodec.Decode(buffer.AsSpan(0x34 * 2), RegisterDataType.F32, WordOrder.ABCD), 2);
    }

    [Fact]
    public async Task Read_BeyondTheMap_ThrowsDeviceExceptionNamingGatewayUnitAndRegister()
    {
        var error = await Assert.ThrowsAsync<ModbusDeviceException>(() => _client.ReadAsync(2, RegisterKind.Input, 0x1000, 2, new byte[4], CancellationToken.None).AsTask());

        Assert.Equal(0x02, error.Code);
        Assert.Contains("gateway gw-test unit 2 input 4096..4097", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_UnknownUnit_IsGatewayTargetFailedToRespond()
    {
        var error = await Assert.ThrowsAsync<ModbusDeviceException>(() => _client.ReadAsync(9, RegisterKind.Input, 0, 2, new byte[4], CancellationToken.None).AsTask());
        Assert.Equal(0x0B, error.Code);
    }

    [Fact]
    public async Task Read_SilentMeter_TimesOut_ThenRecoversOnTheNextRequest()
    {
        await using var client = ModbusClient.Create("gw-test", "127.0.0.1", _server.EndPoint.Port);
        _server.Faults(1).Silent = true;
        await Assert.ThrowsAsync<ModbusTimeoutException>(() => client.ReadAsync(1, RegisterKind.Input, 0, 2, new byte[4], TimeSpan.FromMilliseconds(300), CancellationToken.None).AsTask());

        _server.Faults(1).Silent = false;
        var buffer = new byte[4];
        await client.ReadAsync(1, RegisterKind.Input, 0, 2, buffer, TimeSpan.FromSeconds(3), CancellationToken.None);
        Assert.Equal(230.1f, (float)RegisterCodec.Decode(buffer, RegisterDataType.F32, WordOrder.ABCD));
    }

    [Fact]
    public async Task Read_DroppedConnection_ThrowsConnectionError_ThenReconnects()
    {
        _server.Faults(1).DropConnection = true;
        await Assert.ThrowsAsync<ModbusConnectionException>(() => _client.ReadAsync(1, RegisterKind.Input, 0, 2, new byte[4], CancellationToken.None).AsTask());

        _server.Faults(1).DropConnection = false;
        await _client.ReadAsync(1, RegisterKind.Input, 0, 2, new byte[4], CancellationToken.None);
    }

    [Fact]
    public async Task Read_NobodyListening_ThrowsConnectionError()
    {
        await using var client = new ModbusTcpClient("gw-none", "127.0.0.1", 1, new ModbusClientOptions { ConnectTimeout = TimeSpan.FromMilliseconds(500) });
        var error = await Assert.ThrowsAsync<ModbusConnectionException>(() => client.ReadAsync(1, RegisterKind.Holding, 0, 1, new byte[2], CancellationToken.None).AsTask());
        Assert.Contains("gateway gw-none unit 1", error.Message, StringComparison.Ordinal);
    }
}
