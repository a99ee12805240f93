namespace EnergySom.Firmware.VirtualMeter;

/// <summary>How the virtual gateway frames Modbus on its TCP socket.</summary>
public enum VirtualMeterFraming
{
    /// <summary>Modbus TCP: MBAP header, no CRC (Modbus Messaging on TCP/IP v1.0b).</summary>
    Tcp,

    /// <summary>
    /// RTU frames (unit, PDU, CRC-16) carried over TCP, as transparent serial-to-Ethernet gateways pass them.
    /// A frame with a bad CRC, for an unknown unit or for broadcast unit 0 gets no reply, as on a real RS-485 bus.
    /// </summary>
    RtuOverTcp,
}
