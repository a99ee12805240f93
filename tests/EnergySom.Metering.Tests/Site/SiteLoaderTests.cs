using EnergySom.Firmware.Profiles;
using EnergySom.Metering.Buffer;
using EnergySom.Metering.Modbus;
using EnergySom.Metering.Site;
using EnergySom.Metering.Storage.Influx;
using NodaTime;

namespace EnergySom.Metering.Tests.Site;

public class SiteLoaderTests
{
    private const string Full = """
        schema: energysom.site/1
        site:
          id: suzhou-1
          name: Suzhou Precision Metal Works
          time_zone: Europe/Berlin
        collection:
          fast_interval: 2s
          slow_interval: 30s
          max_read_gap: 16
          request_timeout: 800ms
          connect_timeout: 5s
        buffer:
          max_size: 512MiB
          segment_size: 8MiB
          when_full: reject
        store:
          kind: influxdb
          embedded:
            file: plant.ests
          influxdb:
            url: http://10.0.0.5:8086
            database: energy
            username: collector
            precision: ms
        gateways:
          - name: hall-a
            host: 192.168.10.21
            port: 5020
            transport: rtu-over-tcp
            timeouts:
              request: 1.5s
            meters:
              - id: main-incomer
                unit: 1
                profile: eastron-sdm630
                points: [active_power, active_energy_import]
                rated_power_kw: 250
                ct: 400/5
                pt: 10000/100
                note: CT ratio set in the meter
                replacements:
                  - at: 2025-03-01T10:00:00+01:00
                    old_final: 12345.6
                    new_initial: 0
                    note: swapped after a surge (work order 4711)
              - id: compressor-2
                unit: 2
                profile: eastron-sdm630
          - name: boiler-house
            host: boiler.local
            meters:
              - { id: boiler, unit: 255, profile: eastron-sdm630 }
        """;

    private static SiteConfig Load(string yaml) => SiteLoader.Parse(yaml, "site.yaml");

    private static SiteConfigException Refused(string yaml) => Assert.Throws<SiteConfigException>(() => Load(yaml));

    private static string Minimal(string meter = "{ id: m1, unit: 1, profile: eastron-sdm630 }", string extra = "") => $"""
        schema: energysom.site/1
        site:
          id: plant
        {extra}
        gateways:
          - name: gw
            host: 127.0.0.1
            meters:
              - {meter}
        """;

    [Fact]
    public void FullSite_IsReadIntoTheCollectorsConfig()
    {
        var site = Load(Full);

        Assert.Equal("suzhou-1", site.Id);
        Assert.Equal("Suzhou Precision Metal Works", site.Name);
        Assert.Equal("Europe/Berlin", site.Zone.Id);
        Assert.Equal(TimeSpan.FromSeconds(2), site.Collection.FastInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), site.Collection.SlowInterval);
        Assert.Equal(16, site.Collection.MaxReadGap);
        Assert.Equal(TimeSpan.FromMilliseconds(800), site.Collection.Modbus.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), site.Collection.Modbus.ConnectTimeout);
        Assert.Equal(512L << 20, site.Buffer.MaxBytes);
        Assert.Equal(8L << 20, site.Buffer.SegmentBytes);
        Assert.Equal(BufferFullPolicy.Reject, site.Buffer.WhenFull);
        Assert.Equal(StoreKind.InfluxDb, site.Store.Kind);
        Assert.Equal("plant.ests", site.Store.EmbeddedFile);

        var gateways = site.ToGatewayConfigs();
        Assert.Equal(["hall-a", "boiler-house"], gateways.Select(g => g.Name));
        Assert.Equal(("192.168.10.21", 5020), (gateways[0].Host, gateways[0].Port));
        Assert.Equal(502, gateways[1].Port);
        Assert.Equal(["main-incomer", "compressor-2"], gateways[0].Meters.Select(m => m.MeterId));
        Assert.Equal(["active_power", "active_energy_import"], gateways[0].Meters[0].SelectedPoints().Select(p => p.Name));
        Assert.Equal(site.FindMeter("compressor-2")!.Profile.Points.Count, gateways[0].Meters[1].SelectedPoints().Count());
        Assert.Equal(255, gateways[1].Meters[0].Unit);
        Assert.Equal(ModbusFraming.RtuOverTcp, gateways[0].Framing);
        Assert.True(gateways[0].IsSerialBus);
        Assert.Equal(TimeSpan.FromSeconds(1.5), gateways[0].Modbus!.RequestTimeout); // its own
        Assert.Equal(TimeSpan.FromSeconds(5), gateways[0].Modbus!.ConnectTimeout); // the site's
        Assert.Equal(ModbusFraming.Tcp, gateways[1].Framing);
        Assert.False(gateways[1].IsSerialBus);
        Assert.Null(gateways[1].Modbus);

        var hall = site.Gateways[0];
        Assert.Equal(GatewayTransport.RtuOverTcp, hall.Transport);
        Assert.True(hall.SerialBus); // RTU over TCP is a serial bus unless said otherwise
        Assert.Equal(TimeSpan.FromSeconds(1.5), hall.RequestTimeout);
        Assert.Null(hall.ConnectTimeout);
        Assert.False(site.Gateways[1].SerialBus);

        var incomer = site.FindMeter("main-incomer")!;
        Assert.Equal(250, incomer.RatedPowerKw);
        Assert.Equal("400/5", incomer.CurrentTransformer);
        Assert.Equal("10000/100", incomer.VoltageTransformer);
        Assert.Equal(new TransformerRatios(80, 100), incomer.ToMeterConfig().Ratios);
        Assert.Equal(TransformerRatios.None, site.FindMeter("compressor-2")!.ToMeterConfig().Ratios);
        var swap = Assert.Single(incomer.Replacements);
        Assert.Equal(Instant.FromUtc(2025, 3, 1, 9, 0), swap.At);
        Assert.Equal(12345.6, swap.OldFinal);
        Assert.Equal(0, swap.NewInitial);
        Assert.Equal("active_energy_import", incomer.DefaultEnergyPoint()!.Name);
        Assert.Equal(250, incomer.CounterSpec(incomer.DefaultEnergyPoint()!).MaxRatePerHour);
    }

    [Fact]
    public void MinimalSite_TakesTheDefaults()
    {
        var site = Load(Minimal());

        Assert.Equal("Asia/Shanghai", site.Zone.Id);
        Assert.Equal(StoreKind.Embedded, site.Store.Kind);
        Assert.Equal("readings.ests", site.Store.EmbeddedFile);
        Assert.Equal(BufferFullPolicy.Wait, site.Buffer.WhenFull);
        Assert.Equal(TimeSpan.FromSeconds(1), site.Collection.FastInterval);
        Assert.Equal(GatewayTransport.Tcp, site.Gateways[0].Transport);
    }

    [Theory]
    [InlineData("schema: energysom.site/2\nsite: { id: x }\ngateways: []\n", 1, "schema", "expected 'energysom.site/1'")]
    [InlineData("schema: energysom.site/1\nsite: { id: x }\ncolour: blue\n", 3, "colour", "unknown key")]
    [InlineData("schema: energysom.site/1\nsite: { name: x }\n", 2, "site.id", "is required")]
    [InlineData("schema: energysom.site/1\nsite: { id: 'a b' }\n", 2, "site.id", "letters, digits")]
    [InlineData("schema: energysom.site/1\nsite: { id: x, time_zone: Mars/Olympus }\n", 2, "site.time_zone", "not an IANA time zone")]
    [InlineData("schema: energysom.site/1\nsite: { id: x }\ngateways: [\n", 4, "(syntax)", "")]
    [InlineData("schema: energysom.site/1\nsite: { id: x }\ngateways: []\n", 1, "gateways", "at least one gateway")]
    public void Mistakes_AreRefused_WithLineAndField(string yaml, int line, string field, string problem)
    {
        var error = Refused(yaml);
        Assert.Equal(line, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"site.yaml:{line}: {field}: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ id: m1, unit: 0, profile: eastron-sdm630 }", "unit", "broadcast")]
    [InlineData("{ id: m1, unit: 250, profile: eastron-sdm630 }", "unit", "reserved")]
    [InlineData("{ id: m1, unit: 300, profile: eastron-sdm630 }", "unit", "not a Modbus unit id")]
    [InlineData("{ id: m1, profile: eastron-sdm630 }", "unit", "is required")]
    [InlineData("{ id: m1, unit: 1, profile: acme-9000 }", "profile", "unknown profile 'acme-9000' (known: ")]
    [InlineData("{ id: m1, unit: 1, profile: eastron-sdm630, points: [active_power, pwoer] }", "points[1]", "has no point 'pwoer'")]
    [InlineData("{ id: m1, unit: 1, profile: eastron-sdm630, points: [active_power, active_power] }", "points[1]", "listed twice")]
    [InlineData("{ id: m1, unit: 1, profile: eastron-sdm630, points: [] }", "points", "empty list")]
    [InlineData("{ id: m1, unit: 1, profile: eastron-sdm630, rated_power_kw: -5 }", "rated_power_kw", "must be positive")]
    [InlineData("{ id: m1, unit: 1, profile: eastron-sdm630, ct: 400 }", "ct", "not a ratio")]
    [InlineData("{ id: m1, unit: 1, profile: eastron-sdm630, serial: x }", "serial", "unknown key")]
    [InlineData("{ id: m/1, unit: 1, profile: eastron-sdm630 }", "id", "letters, digits")]
    [InlineData("{ id: m1, unit: 1, profile: eastron-sdm630, replacements: [ { at: yesterday } ] }", "replacements[0].at", "not a date and time")]
    public void MeterMistakes_AreRefused_NamingTheMeterField(string meter, string field, string problem)
    {
        var error = Refused(Minimal(meter));
        Assert.Equal(9, error.Line);
        Assert.Equal("gateways[0].meters[0]." + field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LocalReplacementTime_IsReadInTheSiteZone_AndAnAmbiguousOneIsRefused()
    {
        var site = Load(Minimal("{ id: m1, unit: 1, profile: eastron-sdm630, replacements: [ { at: '2025-03-01T10:00' } ] }"));
        Assert.Equal(Instant.FromUtc(2025, 3, 1, 2, 0), site.FindMeter("m1")!.Replacements[0].At); // Shanghai +08:00

        var berlin = Minimal("{ id: m1, unit: 1, profile: eastron-sdm630, replacements: [ { at: '2025-10-26T02:30:00' } ] }")
            .Replace("  id: plant", "  id: plant\n  time_zone: Europe/Berlin", StringComparison.Ordinal);
        var error = Refused(berlin);
        Assert.Contains("happens twice", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateMeterIds_AcrossGateways_AreRefused()
    {
        var yaml = Minimal() + """

              - name: gw2
                host: 127.0.0.2
                meters:
                  - { id: m1, unit: 5, profile: eastron-sdm630 }
            """;
        var error = Refused(yaml);
        Assert.Equal(13, error.Line);
        Assert.Contains("meter id 'm1' is already used on line 9", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoMetersAtOneUnit_AreRefused()
    {
        var error = Refused(Minimal() + "\n      - { id: m2, unit: 1, profile: eastron-sdm630 }\n");
        Assert.Equal("gateways[0].meters[1].unit", error.Field);
        Assert.Contains("already meter 'm1'", error.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("collection:\n  fast_interval: soon", "collection.fast_interval", "not a duration")]
    [InlineData("collection:\n  fast_interval: 10s\n  slow_interval: 5s", "collection.slow_interval", "shorter than fast_interval")]
    [InlineData("collection:\n  max_read_gap: 500", "collection.max_read_gap", "0..124")]
    [InlineData("buffer:\n  max_size: lots", "buffer.max_size", "not a size")]
    [InlineData("buffer:\n  max_size: 1MiB\n  segment_size: 4MiB", "buffer.segment_size", "larger than max_size")]
    [InlineData("buffer:\n  when_full: drop", "buffer.when_full", "not wait or reject")]
    [InlineData("store:\n  kind: postgres", "store.kind", "not embedded or influxdb")]
    [InlineData("store:\n  embedded:\n    file: ../elsewhere.ests", "store.embedded.file", "plain file name")]
    [InlineData("store:\n  influxdb:\n    host: x", "store.influxdb.host", "unknown key")]
    public void SectionMistakes_AreRefused(string section, string field, string problem)
    {
        var error = Refused(Minimal(extra: section));
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.True(error.Line >= 4);
    }

    [Theory]
    [InlineData("port: 70000", "gateways[0].port", "1..65535")]
    [InlineData("transport: udp", "gateways[0].transport", "tcp or rtu-over-tcp")]
    [InlineData("serial_bus: maybe", "gateways[0].serial_bus", "true or false")]
    [InlineData("timeouts: { request: 5m }", "gateways[0].timeouts.request", "outside")]
    public void GatewayMistakes_AreRefused(string setting, string field, string problem)
    {
        var error = Refused(Minimal().Replace("    host: 127.0.0.1", "    host: 127.0.0.1\n    " + setting, StringComparison.Ordinal));
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal(8, error.Line);
    }

    [Fact]
    public void Influx_FromFileAndEnvironment_TheEnvironmentWins()
    {
        var site = Load(Full);
        var options = site.Store.Influx.Resolve(site.FilePath, new Dictionary<string, string?>
        {
            ["ENERGYSOM_INFLUX_PASSWORD"] = "from-env",
            ["ENERGYSOM_INFLUX_DATABASE"] = "energy_prod",
        });

        Assert.Equal(new Uri("http://10.0.0.5:8086/"), options.Url);
        Assert.Equal("energy_prod", options.Database);
        Assert.Equal("collector", options.Username);
        Assert.Equal("from-env", options.Password);
        Assert.Equal(TimestampPrecision.Milliseconds, options.Precision);
        Assert.Equal(InfluxApi.V1, options.Api);
    }

    [Fact]
    public void Influx_FromTheEnvironmentAlone_V2()
    {
        var site = Load(Minimal());
        var options = site.Store.Influx.Resolve(site.FilePath, new Dictionary<string, string?>
        {
            ["ENERGYSOM_INFLUX_URL"] = "https://influx.example:8086",
            ["ENERGYSOM_INFLUX_API"] = "v2",
            ["ENERGYSOM_INFLUX_ORG"] = "esco",
            ["ENERGYSOM_INFLUX_BUCKET"] = "energy",
            ["ENERGYSOM_INFLUX_TOKEN"] = "t0k3n",
            ["ENERGYSOM_INFLUX_GZIP"] = "false",
        });

        Assert.Equal(InfluxApi.V2, options.Api);
        Assert.Equal(("esco", "energy", "t0k3n"), (options.Org, options.Bucket, options.Token));
        Assert.False(options.Gzip);
        Assert.Equal("energy", options.QueryDatabase);
    }

    [Theory]
    [InlineData("ENERGYSOM_INFLUX_PRECISION", "seconds", "ENERGYSOM_INFLUX_PRECISION", "not ns, us, ms or s")]
    [InlineData("ENERGYSOM_INFLUX_URL", "influx:8086", "ENERGYSOM_INFLUX_URL", "not an http:// or https:// address")]
    [InlineData("ENERGYSOM_INFLUX_API", "v2", "store.influxdb.bucket", "bucket is required")]
    public void Influx_BadSettings_NameTheVariableOrField(string variable, string value, string field, string problem)
    {
        var site = Load(Full);
        var error = Assert.Throws<SiteConfigException>(() => site.Store.Influx.Resolve(site.FilePath, new Dictionary<string, string?> { [variable] = value }));
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Influx_WithoutAnyUrl_SaysWhereToSetIt()
    {
        var site = Load(Minimal());
        var error = Assert.Throws<SiteConfigException>(() => site.Store.Influx.Resolve(site.FilePath, new Dictionary<string, string?>()));
        Assert.Contains("ENERGYSOM_INFLUX_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SiteProfilesFolder_AddsProfiles_AndABadOneNamesTheFolder()
    {
        using var dir = new EnergySom.Testing.TempDirectory();
        Directory.CreateDirectory(dir.File("profiles"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "profiles", "eastron-sdm630.yaml"), dir.File("profiles/my-meter.yaml"));
        File.WriteAllText(dir.File("profiles/my-meter.yaml"), File.ReadAllText(dir.File("profiles/my-meter.yaml")).Replace("id: eastron-sdm630", "id: my-meter", StringComparison.Ordinal));
        var yaml = Minimal("{ id: m1, unit: 1, profile: my-meter }", "profiles_dir: profiles");
        File.WriteAllText(dir.File("site.yaml"), yaml);

        Assert.Equal("my-meter", SiteLoader.LoadFile(dir.File("site.yaml")).FindMeter("m1")!.Profile.Id);

        File.WriteAllText(dir.File("profiles/broken.yaml"), "schema: energysom.profile/1\nid: broken\n");
        var error = Assert.Throws<SiteConfigException>(() => SiteLoader.LoadFile(dir.File("site.yaml")));
        Assert.Equal("profiles_dir", error.Field);
        Assert.Contains("broken.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_IsReportedClearly()
    {
        var error = Assert.Throws<SiteConfigException>(() => SiteLoader.LoadFile("/nonexistent/site.yaml"));
        Assert.Contains("cannot read", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("15s", 15)]
    [InlineData("1.5s", 1.5)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    public void Durations_Parse(string text, double seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), ConfigValues.ParseDuration(text));

    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("64KiB", 65536L)]
    [InlineData("2GiB", 2147483648L)]
    [InlineData("1GB", 1000000000L)]
    public void Sizes_Parse(string text, long bytes) => Assert.Equal(bytes, ConfigValues.ParseSize(text));
}
