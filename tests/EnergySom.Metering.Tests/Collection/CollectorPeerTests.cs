using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;
using EnergySom.Metering.Collection;
using EnergySom.Metering.Modbus;
using EnergySom.Metering.Tests.Peers.Modbus;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace EnergySom.Metering.Tests.Collection;

/// <summary>The collector reading real third-party Modbus servers through device profiles.</summary>
[Collection(ModbusPeersCollection.Name)]
public sealed class CollectorPeerTests(ModbusPeers peers)
{
    private static readonly CollectorOptions Options = new()
    {
        FastInterval = TimeSpan.FromMilliseconds(100),
        SlowInterval = TimeSpan.FromMilliseconds(300),
        MaxReadGap = 16,
        Modbus = new ModbusClientOptions { RequestTimeout = TimeSpan.FromSeconds(3) },
    };

    /// <summary>
    /// The libmodbus server's map as a profile: float32 in ABCD, CDAB and BADC, a u32 Wh counter, an i16, and
    /// input registers that start at 1000.
    /// </summary>
    private static readonly DeviceProfile LibmodbusMap = new(
        "libmodbus-test-server", "EnergySom tests", "modbus-c-server.c", new ProfileSource("Peers/Modbus/modbus-c-server.c header", "libmodbus 3.1.6", "V"),
        [
            new("voltage_abcd", RegisterKind.Holding, 0, RegisterDataType.F32, WordOrder.ABCD, 1, 0, Unit.Volt, Quantity.Voltage, PollClass.Fast),
            new("voltage_cdab", RegisterKind.Holding, 2, RegisterDataType.F32, WordOrder.CDAB, 1, 0, Unit.Volt, Quantity.Voltage, PollClass.Fast),
            new("energy", RegisterKind.Holding, 4, RegisterDataType.U32, WordOrder.ABCD, 1, 0, Unit.WattHour, Quantity.ActiveEnergyImportTotal, PollClass.Slow),
            new("signed", RegisterKind.Holding, 6, RegisterDataType.I16, WordOrder.ABCD, 1, 0, Unit.One, Quantity.Ratio, PollClass.Fast),
            new("frequency", RegisterKind.Input, 1000, RegisterDataType.F32, WordOrder.ABCD, 1, 0, Unit.Hertz, Quantity.Frequency, PollClass.Fast),
            new("power_badc", RegisterKind.Input, 1004, RegisterDataType.F32, WordOrder.BADC, 1, 0, Unit.Watt, Quantity.ActivePower, PollClass.Fast),
            new("coil0", RegisterKind.Coil, 0, RegisterDataType.Bit, WordOrder.ABCD, 1, 0, Unit.One, Quantity.Status, PollClass.Fast),
        ]);

    private static async Task<RecordingSink> CollectAsync(GatewayConfig gateway, Func<RecordingSink, bool> enough)
    {
        var sink = new RecordingSink();
        var collector = new Collector([gateway], sink, SystemClock.Instance, Options, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = collector.RunAsync(stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!enough(sink) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await run;
        Assert.Equal(0, collector.PollsFailed);
        return sink;
    }

    [Theory]
    [InlineData(ModbusFraming.Tcp)]
    [InlineData(ModbusFraming.RtuOverTcp)]
    public async Task Pymodbus_Sdm630Layout_IsCollectedThroughTheBundledProfile(ModbusFraming framing)
    {
        // pymodbus' power meters lay their input registers out like an Eastron SDM630.
        var profile = ProfileLibrary.LoadBundled().Get("eastron-sdm630");
        var gateway = new GatewayConfig("pymodbus", "127.0.0.1", framing == ModbusFraming.Tcp ? peers.PymodbusTcpPort : peers.PymodbusRtuPort,
            [new MeterConfig("sim-1", 1, profile), new MeterConfig("sim-2", 2, profile)])
        { Framing = framing, SerialBus = true };

        var sink = await CollectAsync(gateway, s => s.Of("sim-2", "active_energy_import").Count >= 2);

        Assert.Equal(230.1f, (float)sink.Of("sim-1", "voltage_l1")[^1].Value);
        Assert.Equal(230.6f, (float)sink.Of("sim-2", "voltage_l1")[^1].Value);
        Assert.Equal(12.5, sink.Of("sim-1", "current_l1")[^1].Value);
        Assert.Equal(8.2727216796875, sink.Of("sim-1", "active_power")[^1].Value, 9); // W → kW
        Assert.Equal(50.0, sink.Of("sim-1", "frequency")[^1].Value);
        Assert.Equal(12345.677734375, sink.Of("sim-1", "active_energy_import")[^1].Value);
        Assert.Equal(13345.677734375, sink.Of("sim-2", "active_energy_import")[^1].Value);
    }

    [Fact]
    public async Task Libmodbus_FloatsInThreeWordOrders_CounterAndCoil()
    {
        var gateway = new GatewayConfig("libmodbus", "127.0.0.1", peers.LibmodbusPort, [new MeterConfig("c-1", 1, LibmodbusMap)]);

        var sink = await CollectAsync(gateway, s => s.Of("c-1", "energy").Count >= 2);

        Assert.Equal(230.5, sink.Of("c-1", "voltage_abcd")[^1].Value);
        Assert.Equal(230.5, sink.Of("c-1", "voltage_cdab")[^1].Value);
        Assert.Equal(1.2345, sink.Of("c-1", "power_badc")[^1].Value, 12);
        Assert.Equal(50.0, sink.Of("c-1", "frequency")[^1].Value);
        Assert.Equal(-42.0, sink.Of("c-1", "signed")[^1].Value);
        Assert.Equal(1.0, sink.Of("c-1", "coil0")[^1].Value);
        var energy = sink.Of("c-1", "energy");
        Assert.InRange(energy[0].Value, 100.0, 200.0); // 100,000 Wh + 10 Wh/s of uptime, in kWh
        Assert.True(energy[^1].Value >= energy[0].Value);
    }
}
