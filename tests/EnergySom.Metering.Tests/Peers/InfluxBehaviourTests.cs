using System.Text;
using EnergySom.Metering.Storage;
using EnergySom.Metering.Storage.Influx;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace EnergySom.Metering.Tests.Peers;

/// <summary>What a real InfluxDB 1.6 does at the edges: partial writes, type conflicts, errors inside 200, precision, body limits.</summary>
public sealed class InfluxBehaviourTests(InfluxDbFixture fixture) : IClassFixture<InfluxDbFixture>
{
    private static readonly Instant T0 = Instant.FromUtc(2025, 3, 1, 0, 0);

    private InfluxOptions Options => new() { Url = fixture.Server.Url, Database = InfluxDbFixture.Database };

    private InfluxReadingStore Store(InfluxOptions? options = null) => new(options ?? Options, SystemClock.Instance, NullLogger.Instance);

    private static Task<IReadOnlyList<Reading>> All(IReadingStore store, SeriesKey key) =>
        store.ReadAsync(key, Instant.FromUtc(2000, 1, 1, 0, 0), Instant.FromUtc(2100, 1, 1, 0, 0), CancellationToken.None).AsTask();

    [Fact]
    public async Task PartialWrite_NamesTheOffendingLine_AndTheGoodLineIsStored()
    {
        await using var store = Store();
        const string Good = "pw_test,meter=pw1 value=1.5,flags=0i 1740787200000000000";
        const string Bad = "pw_test,meter=pw1 value=12,5 1740787201000000000";

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => store.Client.WriteAsync(Encoding.UTF8.GetBytes($"{Good}\n{Bad}\n"), CancellationToken.None));

        Assert.True(error.Partial);
        Assert.Equal([Bad], error.UnparsedLines);
        var stored = await All(store, new SeriesKey("pw1", "pw_test"));
        Assert.Equal(1.5, Assert.Single(stored).Value);
    }

    [Fact]
    public async Task TypeConflict_RejectsThoseReadings_StoresTheRest()
    {
        await using var store = Store();
        // Someone else already wrote "value" as an integer into this measurement (same shard: same week).
        await store.Client.WriteAsync(Encoding.UTF8.GetBytes("conflicted,meter=other value=1i 1740787200000000000\n"), CancellationToken.None);
        var good = new SeriesKey("tc1", "fine_measurement");
        var clash = new SeriesKey("tc1", "conflicted");

        var error = await Assert.ThrowsAsync<ReadingsRejectedException>(() => store.WriteAsync(
            [new Reading(good, T0, 1), new Reading(clash, T0, 2.5), new Reading(good, T0.Plus(Duration.FromMinutes(1)), 3)], CancellationToken.None).AsTask());

        var rejected = Assert.Single(error.Rejected);
        Assert.Equal(clash, rejected.Reading.Series);
        Assert.Contains("field type conflict", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal([1.0, 3.0], (await All(store, good)).Select(r => r.Value));
    }

    [Fact]
    public async Task UnwritableName_IsRejected_NeverSent_NeverCrashes()
    {
        await using var store = Store();
        var fine = new SeriesKey("ok-meter", "active_power");
        var broken = new SeriesKey("line\nbreak", "active_power");

        var error = await Assert.ThrowsAsync<ReadingsRejectedException>(() => store.WriteAsync([new Reading(fine, T0, 1), new Reading(broken, T0, 2)], CancellationToken.None).AsTask());

        Assert.Equal(broken, Assert.Single(error.Rejected).Reading.Series);
        Assert.Contains("line break", error.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Single(await All(store, fine));
    }

    [Fact]
    public async Task ErrorInsideA200Answer_IsAnError()
    {
        using var client = new InfluxHttpClient(Options with { Database = "no_such_database" }, SystemClock.Instance, NullLogger.Instance);
        var error = await Assert.ThrowsAsync<InfluxQueryException>(() => client.QueryAsync("SELECT * FROM x", null, CancellationToken.None));
        Assert.Contains("database not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingDatabase_OnWrite_IsUnavailable_WithTheReason()
    {
        await using var store = Store(Options with { Database = "no_such_database" });
        var error = await Assert.ThrowsAsync<ReadingStoreUnavailableException>(() => store.WriteAsync([new Reading(new SeriesKey("m", "p"), T0, 1)], CancellationToken.None).AsTask());
        Assert.Contains("no_such_database", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TimestampPrecision.Seconds)]
    [InlineData(TimestampPrecision.Milliseconds)]
    [InlineData(TimestampPrecision.Microseconds)]
    public async Task Precision_FloorsTimestamps_AndReadsThemBackInTheSameUnit(TimestampPrecision precision)
    {
        await using var store = Store(Options with { Precision = precision });
        var key = new SeriesKey($"prec-{precision}", "active_power");
        var time = T0.Plus(Duration.FromTicks(12_345_678)); // 1.2345678 s
        await store.WriteAsync([new Reading(key, time, 7)], CancellationToken.None);

        var back = Assert.Single(await All(store, key));
        var expected = precision switch
        {
            TimestampPrecision.Seconds => T0.Plus(Duration.FromSeconds(1)),
            TimestampPrecision.Milliseconds => T0.Plus(Duration.FromMilliseconds(1234)),
            _ => T0.Plus(Duration.FromTicks(12_345_670)),
        };
        Assert.Equal(expected, back.Time);
    }

    [Fact]
    public async Task RetentionPolicy_IsUsedForWritesAndReads()
    {
        await fixture.Server.QueryAsync($"CREATE RETENTION POLICY \"ten_years\" ON \"{InfluxDbFixture.Database}\" DURATION 520w REPLICATION 1");
        await using var store = Store(Options with { RetentionPolicy = "ten_years" });
        var key = new SeriesKey("rp-meter", "active_power");
        await store.WriteAsync([new Reading(key, T0, 4)], CancellationToken.None);

        Assert.Single(await All(store, key));
        await using var defaultPolicy = Store();
        Assert.Empty(await All(defaultPolicy, key));
    }

    [Fact]
    public async Task BodyTooLarge_IsSplit_AndEverythingArrives()
    {
        await using var small = await InfluxDbServer.StartAsync(maxBodySize: 40_000);
        await small.CreateDatabaseAsync("energy");
        await using var store = Store(new InfluxOptions { Url = small.Url, Database = "energy", Gzip = false, BatchPoints = 5000 });
        var key = new SeriesKey("big-meter", "active_energy_import");
        var readings = Enumerable.Range(0, 3000).Select(i => new Reading(key, T0.Plus(Duration.FromSeconds(i)), i * 0.25)).ToArray();

        await store.WriteAsync(readings, CancellationToken.None);

        Assert.Equal(3000, (await All(store, key)).Count);
    }

    [Fact]
    public async Task WholeFloats_ComeBackAsJsonIntegers_AndAreReadAsDoubles()
    {
        await using var store = Store();
        var key = new SeriesKey("whole", "active_power");
        await store.WriteAsync([new Reading(key, T0, 12.0), new Reading(key, T0.Plus(Duration.FromSeconds(1)), 1e15)], CancellationToken.None);

        Assert.Equal([12.0, 1e15], (await All(store, key)).Select(r => r.Value));
    }

    [Fact]
    public async Task Ping_ReportsTheServerVersion()
    {
        await using var store = Store();
        Assert.StartsWith("1.", await store.Client.PingAsync(CancellationToken.None), StringComparison.Ordinal);
    }
}
