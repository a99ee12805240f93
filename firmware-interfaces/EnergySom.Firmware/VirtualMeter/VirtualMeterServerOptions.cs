using System.Net;

namespace EnergySom.Firmware.VirtualMeter;

/// <summary>Where and how a <see cref="VirtualMeterServer"/> listens.</summary>
public sealed record VirtualMeterServerOptions
{
    /// <summary>TCP port; 0 lets the system choose a free one.</summary>
    public int Port { get; init; }

    /// <summary>Address to bind; loopback unless configured otherwise.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>Modbus TCP or RTU over TCP.</summary>
    public VirtualMeterFraming Framing { get; init; } = VirtualMeterFraming.Tcp;
}
