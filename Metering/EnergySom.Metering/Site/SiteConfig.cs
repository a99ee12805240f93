using EnergySom.Metering.Buffer;
using EnergySom.Metering.Collection;
using NodaTime;

namespace EnergySom.Metering.Site;

/// <summary>A site as its <c>site.yaml</c> describes it, validated: identity and time zone, gateways and meters, collection timing, buffer and store.</summary>
/// <param name="Id">Short stable identifier.</param>
/// <param name="Name">Display name.</param>
/// <param name="Zone">The site's time zone: calendar days, months and tariff bands are local to it.</param>
/// <param name="Gateways">Gateways in file order.</param>
/// <param name="Collection">Poll intervals, read merging, default Modbus timeouts.</param>
/// <param name="Buffer">Write-ahead buffer size and full policy.</param>
/// <param name="Store">Where readings go.</param>
/// <param name="FilePath">The file it was read from.</param>
public sealed record SiteConfig(
    string Id,
    string Name,
    DateTimeZone Zone,
    IReadOnlyList<SiteGateway> Gateways,
    CollectorOptions Collection,
    WriteAheadBufferOptions Buffer,
    StoreSettings Store,
    string FilePath)
{
    /// <summary>The schema identifier every site file declares.</summary>
    public const string SchemaId = "energysom.site/1";

    /// <summary>Every meter, gateway by gateway.</summary>
    public IEnumerable<SiteMeter> Meters => Gateways.SelectMany(g => g.Meters);

    /// <summary>The meter with this id, or null.</summary>
    public SiteMeter? FindMeter(string id) => Meters.FirstOrDefault(m => m.Id == id);

    /// <summary>The collector's view of the gateways.</summary>
    public IReadOnlyList<GatewayConfig> ToGatewayConfigs() => Gateways.Select(g => g.ToGatewayConfig(Collection.Modbus)).ToList();
}
