using System.Globalization;
using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Metering.Collection;
using EnergySom.Metering.Quality;

namespace EnergySom.Metering.Site;

/// <summary>A meter of the site: where it answers, what it is, and what the quality checks need to know about it.</summary>
/// <param name="Id">Unique in the site; the meter part of every series key.</param>
/// <param name="Gateway">Name of the gateway it is behind.</param>
/// <param name="Unit">Modbus unit id (1..247, or 255 for a meter with its own Ethernet port).</param>
/// <param name="Profile">The register map.</param>
/// <param name="Points">The points to read, or null for all of the profile's.</param>
/// <param name="RatedPowerKw">Largest power the metering point can carry (kW, or Nm³/h for gas), for the spike check.</param>
/// <param name="CurrentTransformer">CT ratio as installed, e.g. <c>400/5</c> (applied to the points the profile marks as read on the secondary side).</param>
/// <param name="VoltageTransformer">PT ratio as installed, e.g. <c>10000/100</c>.</param>
/// <param name="Note">Free text for the audit trail.</param>
/// <param name="Replacements">Documented meter swaps.</param>
/// <param name="Line">Line of the meter in the site file.</param>
public sealed record SiteMeter(
    string Id,
    string Gateway,
    byte Unit,
    DeviceProfile Profile,
    IReadOnlyList<string>? Points,
    double? RatedPowerKw,
    string? CurrentTransformer,
    string? VoltageTransformer,
    string? Note,
    IReadOnlyList<MeterReplacement> Replacements,
    int Line)
{
    /// <summary>The collector's view of this meter.</summary>
    public MeterConfig ToMeterConfig() => new(Id, Unit, Profile, Points)
    {
        Ratios = new TransformerRatios(Ratio(CurrentTransformer), Ratio(VoltageTransformer)),
    };

    /// <summary>Primary over secondary of a ratio such as <c>400/5</c> (validated by the loader); 1 when absent.</summary>
    private static double Ratio(string? text)
    {
        if (text is null)
        {
            return 1;
        }

        var parts = text.Split('/');
        return double.Parse(parts[0].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture) / double.Parse(parts[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>The points read from this meter.</summary>
    public IEnumerable<RegisterPoint> SelectedPoints() => ToMeterConfig().SelectedPoints();

    /// <summary>The counter spec of one of its points: register width from the profile, spike limit from the rating.</summary>
    public CounterSpec CounterSpec(RegisterPoint point) => Quality.CounterSpec.ForPoint(point, RatedPowerKw);

    /// <summary>The main import energy counter (for exports without a named point): active energy import, else gas volume.</summary>
    public RegisterPoint? DefaultEnergyPoint() =>
        SelectedPoints().FirstOrDefault(p => p.Quantity == Quantity.ActiveEnergyImportTotal)
        ?? SelectedPoints().FirstOrDefault(p => p.Quantity == Quantity.GasVolumeStdTotal)
        ?? SelectedPoints().FirstOrDefault(p => p.Quantity.Kind == QuantityKind.Counter);
}
