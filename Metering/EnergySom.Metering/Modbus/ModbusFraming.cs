namespace EnergySom.Metering.Modbus;

/// <summary>How Modbus frames travel over a gateway's TCP socket.</summary>
public enum ModbusFraming
{
    /// <summary>Modbus TCP: MBAP header with transaction id and length (MODBUS Messaging on TCP/IP v1.0b).</summary>
    Tcp,

    /// <summary>
    /// "RTU over TCP": serial RTU frames with CRC-16 tunnelled unchanged through a TCP socket, as
    /// serial-to-Ethernet converters in transparent mode do. No transaction id, so one request at a time.
    /// </summary>
    RtuOverTcp,
}
