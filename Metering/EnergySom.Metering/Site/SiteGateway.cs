using EnergySom.Metering.Collection;
using EnergySom.Metering.Modbus;

namespace EnergySom.Metering.Site;

/// <summary>A gateway of the site (a serial-to-Ethernet converter, or a meter with its own Ethernet port) and its meters.</summary>
/// <param name="Name">Unique in the site; names the gateway in logs and errors.</param>
/// <param name="Host">Address or host name.</param>
/// <param name="Port">TCP port (502 by default).</param>
/// <param name="Transport">Modbus TCP or RTU over TCP.</param>
/// <param name="SerialBus">True when the meters share one RS-485 bus behind it: one request in flight at a time.</param>
/// <param name="RequestTimeout">How long one request may wait for its reply, when set for this gateway.</param>
/// <param name="ConnectTimeout">How long connecting may take, when set for this gateway.</param>
/// <param name="Meters">Its meters.</param>
/// <param name="Line">Line of the gateway in the site file.</param>
public sealed record SiteGateway(
    string Name,
    string Host,
    int Port,
    GatewayTransport Transport,
    bool SerialBus,
    TimeSpan? RequestTimeout,
    TimeSpan? ConnectTimeout,
    IReadOnlyList<SiteMeter> Meters,
    int Line)
{
    /// <summary>
    /// The collector's view: framing, bus discipline and this gateway's timeouts over the site's default client
    /// options (<paramref name="defaults"/>).
    /// </summary>
    public GatewayConfig ToGatewayConfig(ModbusClientOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var modbus = RequestTimeout is null && ConnectTimeout is null
            ? null
            : defaults with
            {
                RequestTimeout = RequestTimeout ?? defaults.RequestTimeout,
                ConnectTimeout = ConnectTimeout ?? defaults.ConnectTimeout,
            };
        return new GatewayConfig(Name, Host, Port, Meters.Select(m => m.ToMeterConfig()).ToList())
        {
            Framing = Transport == GatewayTransport.RtuOverTcp ? ModbusFraming.RtuOverTcp : ModbusFraming.Tcp,
            SerialBus = SerialBus,
            Modbus = modbus,
        };
    }
}
