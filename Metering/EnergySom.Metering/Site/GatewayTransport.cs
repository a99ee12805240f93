namespace EnergySom.Metering.Site;

/// <summary>How Modbus travels to a gateway.</summary>
public enum GatewayTransport
{
    /// <summary>Modbus TCP (MBAP header), port 502 by default.</summary>
    Tcp,

    /// <summary>RTU frames with CRC-16 carried over a TCP socket (transparent serial-to-Ethernet converters).</summary>
    RtuOverTcp,
}
