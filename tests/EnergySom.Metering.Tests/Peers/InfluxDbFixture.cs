namespace EnergySom.Metering.Tests.Peers;

/// <summary>One InfluxDB with an <c>energy</c> database for a test class.</summary>
public sealed class InfluxDbFixture : IAsyncLifetime
{
    public const string Database = "energy";

    public InfluxDbServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await InfluxDbServer.StartAsync();
        await Server.CreateDatabaseAsync(Database);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
