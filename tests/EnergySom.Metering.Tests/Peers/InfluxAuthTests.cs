using EnergySom.Metering.Storage;
using EnergySom.Metering.Storage.Influx;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace EnergySom.Metering.Tests.Peers;

/// <summary>InfluxDB with authentication on: basic auth with user and password.</summary>
public sealed class InfluxAuthTests : IAsyncLifetime
{
    private static readonly Instant T0 = Instant.FromUtc(2025, 3, 1, 0, 0);
    private InfluxDbServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await InfluxDbServer.StartAsync(auth: true);
        await _server.CreateDatabaseAsync("energy");
        await _server.QueryAsync("CREATE USER \"collector\" WITH PASSWORD 'c0llect!'");
        await _server.QueryAsync("GRANT ALL ON \"energy\" TO \"collector\"");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private InfluxReadingStore Store(string? user, string? password) =>
        new(new InfluxOptions { Url = _server.Url, Database = "energy", Username = user, Password = password }, SystemClock.Instance, NullLogger.Instance);

    [Fact]
    public async Task RightCredentials_WriteAndRead()
    {
        await using var store = Store("collector", "c0llect!");
        var key = new SeriesKey("auth-meter", "active_power");
        await store.WriteAsync([new Reading(key, T0, 3.5)], CancellationToken.None);

        var back = await store.ReadAsync(key, T0, T0.Plus(Duration.FromHours(1)), CancellationToken.None);
        Assert.Equal(3.5, Assert.Single(back).Value);
    }

    [Theory]
    [InlineData("collector", "wrong")]
    [InlineData("nobody", "c0llect!")]
    [InlineData(null, null)]
    public async Task WrongOrMissingCredentials_AreRefused_WithAClearMessage(string? user, string? password)
    {
        await using var store = Store(user, password);
        var error = await Assert.ThrowsAsync<ReadingStoreUnavailableException>(() => store.WriteAsync([new Reading(new SeriesKey("m", "p"), T0, 1)], CancellationToken.None).AsTask());
        Assert.Contains("refused the credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c0llect!", error.Message, StringComparison.Ordinal);

        var query = await Assert.ThrowsAsync<InfluxQueryException>(() => store.ReadAsync(new SeriesKey("m", "p"), T0, T0.Plus(Duration.FromHours(1)), CancellationToken.None).AsTask());
        Assert.Contains("401", query.Message, StringComparison.Ordinal);
    }
}
