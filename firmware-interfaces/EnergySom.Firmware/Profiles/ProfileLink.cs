namespace EnergySom.Firmware.Profiles;

/// <summary>
/// How the meter leaves the factory on its serial line: the unit id (Modbus address) and the RS-485 settings a
/// gateway must match. Values the datasheet does not give are null.
/// </summary>
/// <param name="UnitId">Factory Modbus address (1–247); the virtual meter serves this id by default.</param>
/// <param name="Baud">Factory baud rate.</param>
/// <param name="Parity"><c>none</c>, <c>even</c> or <c>odd</c>.</param>
/// <param name="StopBits">1 or 2.</param>
public sealed record ProfileLink(byte UnitId = 1, int? Baud = null, string? Parity = null, int? StopBits = null)
{
    /// <summary>Unit id 1 and nothing else known.</summary>
    public static readonly ProfileLink Default = new();
}
