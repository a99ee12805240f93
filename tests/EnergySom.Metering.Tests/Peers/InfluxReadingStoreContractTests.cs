using EnergySom.Metering.Storage;
using EnergySom.Metering.Storage.Influx;
using EnergySom.Metering.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace EnergySom.Metering.Tests.Peers;

/// <summary>The store contract on a real InfluxDB 1.x, through v1 /write (gzip) and InfluxQL /query.</summary>
public sealed class InfluxReadingStoreContractTests(InfluxDbFixture fixture) : ReadingStoreContract, IClassFixture<InfluxDbFixture>
{
    private InfluxOptions Options => new()
    {
        Url = fixture.Server.Url,
        Database = InfluxDbFixture.Database,
        BatchPoints = 5000,
    };

    protected override Task<IReadingStore> CreateAsync() =>
        Task.FromResult<IReadingStore>(new InfluxReadingStore(Options, SystemClock.Instance, NullLogger.Instance));

    protected override async Task<IReadingStore> ReopenAsync(IReadingStore store)
    {
        await store.DisposeAsync();
        return new InfluxReadingStore(Options with { Gzip = false }, SystemClock.Instance, NullLogger.Instance);
    }
}
