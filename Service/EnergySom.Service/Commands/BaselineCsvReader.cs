using System.Globalization;
using EnergySom.Baseline.Data;
using NodaTime;
using NodaTime.Text;

namespace EnergySom.Service.Commands;

/// <summary>
/// Reads the baseline command's CSV inputs: usage as <c>timestamp,value</c> (ISO-8601 period starts, the last row
/// closing the previous period, as the eemeter samples) and temperature as <c>timestamp,&lt;column&gt;</c>. Every
/// error names the file and the line; nothing is guessed (a timestamp needs an offset or Z, a value a number or
/// nothing).
/// </summary>
public static class BaselineCsvReader
{
    private static readonly OffsetDateTimePattern[] Patterns =
    [
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<Z+HH:mm>"),
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<Z+HH:mm>"),
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss;FFFFFFFFFo<Z+HH:mm>"),
    ];

    /// <summary>A parsed file: timestamps, values (NaN for empty) and the header's second column name.</summary>
    public sealed record Table(string Path, IReadOnlyList<Instant> Timestamps, IReadOnlyList<double> Values, string ValueColumn, IReadOnlyList<int> Lines);

    /// <summary>Reads a usage CSV into a <see cref="UsageSeries"/>.</summary>
    /// <exception cref="UserFacingException">Unreadable file, bad header, timestamp or number, or timestamps out of order.</exception>
    public static (UsageSeries Series, Table Table) ReadUsage(string path)
    {
        var table = Read(path, "usage");
        return (new UsageSeries(table.Timestamps, table.Values), table);
    }

    /// <summary>Reads a temperature CSV; the unit comes from <paramref name="unit"/> or else from the column name
    /// (<c>temp_f</c>, <c>temperature_c</c>, <c>°F</c> …).</summary>
    public static HourlyTemperature ReadTemperature(string path, TemperatureUnit? unit, out TemperatureUnit resolved)
    {
        var table = Read(path, "temperature");
        resolved = unit ?? UnitFromColumn(table.ValueColumn)
            ?? throw new UserFacingException($"{path}: cannot tell whether column '{table.ValueColumn}' is °F or °C; pass --temperature-unit F or C");
        try
        {
            return HourlyTemperature.FromReadings(table.Timestamps, table.Values, resolved);
        }
        catch (ArgumentException ex)
        {
            throw new UserFacingException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>°F or °C from a column name such as <c>temp_f</c>, <c>temperature_c</c>, <c>tempF</c>, <c>°C</c>; null when it does not say.</summary>
    public static TemperatureUnit? UnitFromColumn(string column)
    {
        var c = column.Trim().ToLowerInvariant();
        if (c.EndsWith("_f", StringComparison.Ordinal) || c.EndsWith("°f", StringComparison.Ordinal) || c.EndsWith("degf", StringComparison.Ordinal) || c.EndsWith("fahrenheit", StringComparison.Ordinal) || column.EndsWith('F'))
        {
            return TemperatureUnit.Fahrenheit;
        }

        if (c.EndsWith("_c", StringComparison.Ordinal) || c.EndsWith("°c", StringComparison.Ordinal) || c.EndsWith("degc", StringComparison.Ordinal) || c.EndsWith("celsius", StringComparison.Ordinal) || column.EndsWith('C'))
        {
            return TemperatureUnit.Celsius;
        }

        return null;
    }

    private static Table Read(string path, string what)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot read the {what} file {path}: {ex.Message}", ex);
        }

        if (lines.Length == 0)
        {
            throw new UserFacingException($"{path}: the {what} file is empty; expected a header 'timestamp,<value column>'");
        }

        var header = lines[0].TrimStart('\uFEFF').Split(',');
        if (header.Length != 2 || !header[0].Trim().Equals("timestamp", StringComparison.OrdinalIgnoreCase))
        {
            throw new UserFacingException($"{path}:1: expected the header 'timestamp,<value column>', found '{lines[0]}'");
        }

        var timestamps = new List<Instant>(lines.Length);
        var values = new List<double>(lines.Length);
        var lineNumbers = new List<int>(lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var number = i + 1;
            var cells = line.Split(',');
            if (cells.Length != 2)
            {
                throw new UserFacingException($"{path}:{number}: expected 2 columns (timestamp,value), found {cells.Length}: '{line}'");
            }

            var instant = ParseInstant(cells[0].Trim())
                ?? throw new UserFacingException($"{path}:{number}: '{cells[0]}' is not an ISO-8601 timestamp with Z or a UTC offset (e.g. 2016-01-01T00:00:00Z)");
            var text = cells[1].Trim();
            double value;
            if (text.Length == 0)
            {
                value = double.NaN;
            }
            else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
            {
                throw new UserFacingException($"{path}:{number}: '{text}' is not a number (leave the cell empty for a missing value)");
            }

            if (timestamps.Count > 0 && instant <= timestamps[^1])
            {
                throw new UserFacingException($"{path}:{number}: timestamp {InstantPattern.ExtendedIso.Format(instant)} does not come after the previous row's {InstantPattern.ExtendedIso.Format(timestamps[^1])}");
            }

            timestamps.Add(instant);
            values.Add(value);
            lineNumbers.Add(number);
        }

        if (timestamps.Count == 0)
        {
            throw new UserFacingException($"{path}: the {what} file has a header but no rows");
        }

        return new Table(path, timestamps, values, header[1].Trim(), lineNumbers);
    }

    /// <summary>An ISO-8601 instant with Z or an offset; null otherwise.</summary>
    public static Instant? ParseInstant(string text)
    {
        foreach (var pattern in Patterns)
        {
            var result = pattern.Parse(text);
            if (result.Success)
            {
                return result.Value.ToInstant();
            }
        }

        return null;
    }
}
