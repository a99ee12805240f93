using System.Globalization;
using EnergySom.Baseline.Data;
using EnergySom.Baseline.Models;
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
        var lines = ReadLines(path, what, "timestamp,<value column>");

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
                throw new UserFacingException($"{path}:{number}: expected 2 columns (timestamp,{header[1].Trim()}), found {cells.Length}: '{line}'");
            }

            var instant = ParseInstant(cells[0].Trim())
                ?? throw new UserFacingException($"{path}:{number}: column 1 (timestamp): '{cells[0]}' is not an ISO-8601 timestamp with Z or a UTC offset (e.g. 2016-01-01T00:00:00Z)");
            var value = ParseNumber(path, number, 1, header[1].Trim(), cells[1]);

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

    /// <summary>
    /// A drivers file: one row per day, the first column the date (<c>2016-01-04</c>) or an ISO-8601 instant (its UTC
    /// date), then one numeric column per driver (production, operating hours, shifts …). Optional columns
    /// <c>day_type</c> (working, weekend, holiday) and <c>holiday</c> (0/1, true/false, yes/no) set the day type,
    /// which otherwise follows the date (Saturday and Sunday are weekend days).
    /// </summary>
    public sealed record DriverTable(
        string Path,
        IReadOnlyList<LocalDate> Dates,
        IReadOnlyList<string> Columns,
        IReadOnlyList<double[]> Values,
        IReadOnlyList<ProductionDayType> DayTypes,
        bool HasDayTypeColumn);

    /// <summary>Reads a drivers CSV (see <see cref="DriverTable"/>).</summary>
    /// <exception cref="UserFacingException">Unreadable file, bad header, date or number (file, line and column named), or dates repeated or out of order.</exception>
    public static DriverTable ReadDrivers(string path)
    {
        var lines = ReadLines(path, "drivers", "date,<driver>,...");

        var header = lines[0].TrimStart('\uFEFF').Split(',').Select(h => h.Trim()).ToArray();
        var first = header[0].ToLowerInvariant();
        if (first is not ("date" or "timestamp" or "day") || header.Length < 2)
        {
            throw new UserFacingException($"{path}:1: expected the header 'date,<driver>[,<driver>...]' (first column date or timestamp), found '{lines[0]}'");
        }

        int dayTypeColumn = -1, holidayColumn = -1;
        var driverColumns = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 1; c < header.Length; c++)
        {
            var name = header[c];
            if (name.Length == 0 || !seen.Add(name))
            {
                throw new UserFacingException($"{path}:1: column {c + 1}: the name '{name}' is empty or repeated");
            }

            switch (name.ToLowerInvariant())
            {
                case "day_type":
                    dayTypeColumn = c;
                    break;
                case "holiday":
                    holidayColumn = c;
                    break;
                default:
                    driverColumns.Add(c);
                    break;
            }
        }

        if (driverColumns.Count == 0)
        {
            throw new UserFacingException($"{path}:1: no driver column; expected at least one numeric column such as production or operating_hours");
        }

        var dates = new List<LocalDate>();
        var values = driverColumns.Select(_ => new List<double>()).ToArray();
        var dayTypes = new List<ProductionDayType>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var number = i + 1;
            var cells = line.Split(',');
            if (cells.Length != header.Length)
            {
                throw new UserFacingException($"{path}:{number}: expected {header.Length} columns ({string.Join(',', header)}), found {cells.Length}: '{line}'");
            }

            var dateText = cells[0].Trim();
            var parsedDate = LocalDatePattern.Iso.Parse(dateText);
            LocalDate date;
            if (parsedDate.Success)
            {
                date = parsedDate.Value;
            }
            else
            {
                date = (ParseInstant(dateText)
                    ?? throw new UserFacingException($"{path}:{number}: column 1 ({header[0]}): '{dateText}' is neither a date (2016-01-04) nor an ISO-8601 instant with Z or an offset")).InUtc().Date;
            }

            if (dates.Count > 0 && date <= dates[^1])
            {
                throw new UserFacingException($"{path}:{number}: column 1 ({header[0]}): date {date:uuuu-MM-dd} does not come after the previous row's {dates[^1]:uuuu-MM-dd}");
            }

            for (var k = 0; k < driverColumns.Count; k++)
            {
                var c = driverColumns[k];
                values[k].Add(ParseNumber(path, number, c, header[c], cells[c]));
            }

            var holiday = false;
            if (holidayColumn >= 0)
            {
                holiday = cells[holidayColumn].Trim().ToLowerInvariant() switch
                {
                    "" or "0" or "false" or "no" => false,
                    "1" or "true" or "yes" => true,
                    var other => throw new UserFacingException($"{path}:{number}: column {holidayColumn + 1} (holiday): '{other}' is not 0/1, true/false or yes/no"),
                };
            }

            var type = ProductionCalendar.DayType(date, holiday);
            if (dayTypeColumn >= 0 && cells[dayTypeColumn].Trim().Length > 0)
            {
                type = ProductionCalendar.Parse(cells[dayTypeColumn])
                    ?? throw new UserFacingException($"{path}:{number}: column {dayTypeColumn + 1} (day_type): '{cells[dayTypeColumn].Trim()}' is not working, weekend or holiday");
            }

            dates.Add(date);
            dayTypes.Add(type);
        }

        if (dates.Count == 0)
        {
            throw new UserFacingException($"{path}: the drivers file has a header but no rows");
        }

        return new DriverTable(path, dates, [.. driverColumns.Select(c => header[c])], [.. values.Select(v => v.ToArray())], dayTypes, dayTypeColumn >= 0 || holidayColumn >= 0);
    }

    /// <summary>All lines of a CSV file, at least the header.</summary>
    private static string[] ReadLines(string path, string what, string expectedHeader)
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

        return lines.Length > 0 ? lines : throw new UserFacingException($"{path}: the {what} file is empty; expected a header '{expectedHeader}'");
    }

    /// <summary>A cell as a number, NaN when empty; otherwise the error names file, line and column (index from 0, shown from 1).</summary>
    private static double ParseNumber(string path, int line, int column, string name, string cell)
    {
        var text = cell.Trim();
        if (text.Length == 0)
        {
            return double.NaN;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new UserFacingException($"{path}:{line}: column {column + 1} ({name}): '{text}' is not a number (leave the cell empty for a missing value)");
    }
}
