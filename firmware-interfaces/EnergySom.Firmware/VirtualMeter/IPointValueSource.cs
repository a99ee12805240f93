using EnergySom.Firmware.Profiles;
using NodaTime;

namespace EnergySom.Firmware.VirtualMeter;

/// <summary>Supplies the value a virtual meter shows for a point at an instant, in the quantity's canonical unit.</summary>
public interface IPointValueSource
{
    /// <summary>The value of <paramref name="point"/> at <paramref name="now"/>, or null when the meter does not know it (reads as 0).</summary>
    double? ValueOf(RegisterPoint point, Instant now);
}
