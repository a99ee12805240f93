using System.Globalization;
using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;
using EnergySom.Firmware.Tests.Peers;
using EnergySom.Firmware.VirtualMeter;
using EnergySom.Testing;
using NodaTime;

namespace EnergySom.Firmware.Tests.VirtualMeter;

/// <summary>
/// mbpoll, an independent Modbus master built on libmodbus, reads every point of every bundled profile from the
/// virtual meter at the datasheet's address and gets the value the profile says.
/// </summary>
public sealed class MbpollReadsTheVirtualMeterTests
{
    private static readonly Instant Now = Instant.FromUtc(2025, 8, 1, 3, 0);

    /// <summary>Distinct, exactly representable values: raw = 100 + 7 × index (+ 0.5 for floats).</summary>
    private sealed class DistinctValues(DeviceProfile profile) : IPointValueSource
    {
        public double? ValueOf(RegisterPoint point, Instant now)
        {
            var index = profile.Points.ToList().IndexOf(point);
            var raw = point.Decoding == PointDecoding.PowerFactorFourQuadrant ? 0.875 : 100 + (7 * index) + (point.Type.IsFloat() ? 0.5 : 0);
            return point.ToCanonical(raw);
        }
    }

    public static TheoryData<string> Profiles() => [.. ProfileLibrary.LoadBundled().Profiles.Select(p => p.Id).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Mbpoll_ReadsEveryPoint_AsTheProfileSays(string id)
    {
        var profile = ProfileLibrary.LoadBundled().Get(id);
        var unitId = profile.Link.UnitId;
        var unit = new VirtualMeterUnit(unitId, profile, new DistinctValues(profile), new TransformerRatios(40, 100));
        await using var server = new VirtualMeterServer([unit], new ManualClock(Now));
        server.Start();

        foreach (var point in profile.Points)
        {
            var expectedCanonical = unit.CanonicalValue(point, Now);
            var expectedRaw = point.FromCanonical(expectedCanonical, unit.Ratios);
            var raw = await ReadRawAsync(server.EndPoint.Port, unitId, point);

            Assert.True(
                Math.Abs(raw - expectedRaw) <= 1e-5 * Math.Max(1, Math.Abs(expectedRaw)),
                $"{id} {point.Name} at {point.Address}: mbpoll read {raw}, the profile says {expectedRaw}");
            var decoded = point.ToCanonical(raw, unit.Ratios);
            Assert.True(
                Math.Abs(decoded - expectedCanonical) <= 1e-5 * Math.Max(1, Math.Abs(expectedCanonical)),
                $"{id} {point.Name}: decoded {decoded} {point.Quantity.Unit}, served {expectedCanonical}");
        }
    }

    [Fact]
    public async Task Mbpoll_ReadsWordSwappedValues_WithoutItsBigEndianFlag()
    {
        const string yaml = """
            schema: energysom.profile/1
            id: cdab-meter
            manufacturer: Test
            model: word-swapped
            source: { datasheet: "test", firmware: "1", confidence: V }
            defaults: { kind: holding, order: CDAB }
            points:
              - { name: active_power, address: 6, type: f32, quantity: active_power, unit: kW }
              - { name: energy, address: 0, type: u32, quantity: active_energy_import_total, unit: Wh }
            """;
        var profile = ProfileLoader.Parse(yaml, "cdab.yaml");
        var values = new Dictionary<string, double> { ["active_power"] = 8.27272, ["energy"] = 12_345.678 };
        await using var server = new VirtualMeterServer([new VirtualMeterUnit(1, profile, new Fixed(values))], new ManualClock(Now));
        server.Start();

        var power = await Mbpoll.ReadTcpAsync(server.EndPoint.Port, 1, 6, 1, "4:float", bigEndian: false);
        var energy = await Mbpoll.ReadTcpAsync(server.EndPoint.Port, 1, 0, 1, "4:int", bigEndian: false);
        var garbled = await Mbpoll.ReadTcpAsync(server.EndPoint.Port, 1, 6, 1, "4:float", bigEndian: true);

        Assert.Equal(8.27272, Mbpoll.Number(Assert.Single(power.Values).Value), 5);
        Assert.Equal(12_345_678, Mbpoll.Number(Assert.Single(energy.Values).Value));
        Assert.NotEqual(8.27272, Mbpoll.Number(Assert.Single(garbled.Values).Value), 2);
    }

    [Fact]
    public async Task Mbpoll_SeesTheRolloverAtTheRegisterWidth()
    {
        var profile = ProfileLibrary.LoadBundled().Get("acrel-adl400");
        var clock = new ManualClock(Now);
        var unit = new VirtualMeterUnit(1, profile, new EnergySom.Firmware.Simulation.LoadModelValues(_ => 36_000, Now, 1_000)); // 10 kWh per second
        await using var server = new VirtualMeterServer([unit], clock);
        server.Start();
        unit.Faults.RollOverCounters(25); // 250 counts of 0.1 kWh before 2^32

        var before = await Mbpoll.ReadTcpAsync(server.EndPoint.Port, 1, 0x084C, 2, "4:hex", bigEndian: false);
        clock.Advance(Duration.FromSeconds(4));
        var after = await Mbpoll.ReadTcpAsync(server.EndPoint.Port, 1, 0x084C, 2, "4:hex", bigEndian: false);

        Assert.Equal(4_294_967_296L - 250, Words(before));
        Assert.Equal(150, Words(after)); // 400 counts later: wrapped through zero
    }

    [Fact]
    public async Task MbpollRtu_OverASocatSerialBridge_ReadsTheRtuFramedGateway()
    {
        using var dir = new TempDirectory();
        var profile = ProfileLibrary.LoadBundled().Get("eastron-sdm630");
        var values = new Dictionary<string, double> { ["voltage_l1"] = 230.1, ["voltage_l2"] = 231.4 };
        await using var server = new VirtualMeterServer(
            [new VirtualMeterUnit(1, profile, new Fixed(values))],
            new ManualClock(Now),
            new VirtualMeterServerOptions { Framing = VirtualMeterFraming.RtuOverTcp });
        server.Start();

        // socat turns a pseudo-terminal into a TCP client of the gateway: mbpoll speaks RTU on the "serial line".
        var tty = dir.File("ttyV0");
        await using var socat = PeerProcess.Start("socat", ["-d", $"pty,raw,echo=0,link={tty}", $"tcp:127.0.0.1:{server.EndPoint.Port}"]);
        for (var i = 0; i < 100 && !File.Exists(tty); i++)
        {
            await Task.Delay(20);
        }

        var result = await Mbpoll.RunAsync("-m", "rtu", "-b", "9600", "-P", "none", "-a", "1", "-0", "-r", "0", "-c", "2", "-t", "3:float", "-B", "-1", tty);

        Assert.True(result.Values.Count == 2, result.Output + socat.Output);
        Assert.Equal(230.1, Mbpoll.Number(result.Values[0].Value), 4);
        Assert.Equal(231.4, Mbpoll.Number(result.Values[1].Value), 4);
    }

    private static long Words(Mbpoll.Result result)
    {
        Assert.True(result.Values.Count == 2, result.Output);
        return ((long)Mbpoll.Number(result.Values[0].Value) << 16) | (long)Mbpoll.Number(result.Values[1].Value);
    }

    /// <summary>
    /// The raw value of a point as mbpoll reads it: its float and 32-bit integer types directly (-B for ABCD),
    /// 16-bit registers as words, and 64-bit and BCD values assembled here from mbpoll's hex words.
    /// </summary>
    private static async Task<double> ReadRawAsync(int port, byte unit, RegisterPoint point)
    {
        var table = point.Kind == RegisterKind.Input ? "3" : "4";
        var bigEndian = point.Order == WordOrder.ABCD;
        switch (point.Type)
        {
            case RegisterDataType.F32:
                return Single(await Mbpoll.ReadTcpAsync(port, unit, point.Address, 1, table + ":float", bigEndian), point);
            case RegisterDataType.U32 or RegisterDataType.I32:
                var value = Single(await Mbpoll.ReadTcpAsync(port, unit, point.Address, 1, table + ":int", bigEndian), point);
                return point.Type == RegisterDataType.U32 && value < 0 ? value + 4_294_967_296d : value;
            case RegisterDataType.U16 or RegisterDataType.I16:
                var word = (ushort)Single(await Mbpoll.ReadTcpAsync(port, unit, point.Address, 1, table + ":hex", false), point);
                return point.Type == RegisterDataType.I16 ? (short)word : word;
            default:
                var hex = await Mbpoll.ReadTcpAsync(port, unit, point.Address, point.Length, table + ":hex", false);
                Assert.True(hex.Values.Count == point.Length, hex.Output);
                var words = hex.Values.Select(v => (ushort)Mbpoll.Number(v.Value)).ToArray();
                if (point.Order.LowWordFirst())
                {
                    Array.Reverse(words);
                }

                if (point.Type.IsBcd())
                {
                    return double.Parse(string.Concat(words.Select(w => w.ToString("X4", CultureInfo.InvariantCulture))), CultureInfo.InvariantCulture);
                }

                var bits = words.Aggregate(0UL, (acc, w) => (acc << 16) | w);
                return point.Type == RegisterDataType.I64 ? unchecked((long)bits) : bits;
        }
    }

    private static double Single(Mbpoll.Result result, RegisterPoint point)
    {
        Assert.True(result.Values.Count == 1, $"{point.Name}: {result.Output}");
        Assert.Equal(point.Address, result.Values[0].Address);
        return Mbpoll.Number(result.Values[0].Value);
    }

    private sealed class Fixed(Dictionary<string, double> values) : IPointValueSource
    {
        public double? ValueOf(RegisterPoint point, Instant now) => values.TryGetValue(point.Name, out var v) ? v : null;
    }
}
