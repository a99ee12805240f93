namespace EnergySom.Baseline.Data;

/// <summary>Unit of a temperature series or a balance point.</summary>
public enum TemperatureUnit
{
    /// <summary>Degrees Fahrenheit (CalTRACK's native unit: its balance-point grid is whole °F).</summary>
    Fahrenheit,

    /// <summary>Degrees Celsius.</summary>
    Celsius,
}

/// <summary>Conversions between °C and °F.</summary>
public static class TemperatureUnits
{
    /// <summary>°F = 32 + 1.8 °C (exact by definition).</summary>
    public static double ToFahrenheit(double value, TemperatureUnit unit) => unit == TemperatureUnit.Fahrenheit ? value : 32 + (1.8 * value);

    /// <summary>°C = (°F − 32) / 1.8.</summary>
    public static double ToCelsius(double value, TemperatureUnit unit) => unit == TemperatureUnit.Celsius ? value : (value - 32) / 1.8;

    /// <summary>Converts <paramref name="value"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static double Convert(double value, TemperatureUnit from, TemperatureUnit to) =>
        to == TemperatureUnit.Fahrenheit ? ToFahrenheit(value, from) : ToCelsius(value, from);

    /// <summary>A temperature <em>difference</em> (e.g. degree-days) converted: 1 K = 1.8 °F-degrees.</summary>
    public static double ConvertDifference(double delta, TemperatureUnit from, TemperatureUnit to) =>
        from == to ? delta : to == TemperatureUnit.Fahrenheit ? delta * 1.8 : delta / 1.8;

    /// <summary>The short symbol used in files and on the command line: <c>F</c> or <c>C</c>.</summary>
    public static string Symbol(TemperatureUnit unit) => unit == TemperatureUnit.Fahrenheit ? "F" : "C";
}
