using System.Globalization;
using System.Text.Json;
using EnergySom.Baseline.Data;
using NodaTime;
using NodaTime.Text;

namespace EnergySom.Baseline.Tests.Samples;

/// <summary>The eemeter 3.2.0 Illinois samples copied into Data/eemeter (see its README), read for tests.</summary>
public static class EemeterSamples
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Data", "eemeter");
    private static readonly Lazy<HourlyTemperature> LazyTemperature = new(() => ReadTemperature(Path.Combine(Root, "temperature", "il-tempF.csv")));
    private static readonly Lazy<IReadOnlyDictionary<string, Sample>> LazyManifest = new(ReadManifest);

    /// <summary>The generator's truth for one sample.</summary>
    public sealed record Sample(
        string Id,
        string Interpretation,
        Instant BlackoutStart,
        Instant BlackoutEnd,
        double BaselineTotal,
        double BaselineBase,
        double BaselineHeating,
        double BaselineCooling,
        double? HeatingBalancePoint,
        double? CoolingBalancePoint,
        double ReportingTotal)
    {
        public Interval Baseline => new(BlackoutStart - Duration.FromDays(365), BlackoutStart);

        public Interval Reporting => new(BlackoutEnd, BlackoutEnd + Duration.FromDays(365));

        public bool IsGas => Interpretation == "gas";
    }

    public static HourlyTemperature Temperature => LazyTemperature.Value;

    public static Sample Get(string id) => LazyManifest.Value[id];

    /// <summary>A sample's meter series (daily and billing files under meter/, the hourly ones beside the manifest).</summary>
    public static UsageSeries Meter(string id)
    {
        var path = Path.Combine(Root, "meter", id + ".csv");
        return ReadMeter(File.Exists(path) ? path : Path.Combine(Root, id + ".csv"));
    }

    private static UsageSeries ReadMeter(string path)
    {
        var starts = new List<Instant>();
        var values = new List<double>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var parts = line.Split(',');
            starts.Add(InstantPattern.ExtendedIso.Parse(parts[0]).Value);
            values.Add(parts[1].Length == 0 ? double.NaN : double.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        return new UsageSeries(starts, values);
    }

    private static HourlyTemperature ReadTemperature(string path)
    {
        var times = new List<Instant>();
        var values = new List<double>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var parts = line.Split(',');
            times.Add(InstantPattern.ExtendedIso.Parse(parts[0]).Value);
            values.Add(parts[1].Length == 0 ? double.NaN : double.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        return HourlyTemperature.FromReadings(times, values, TemperatureUnit.Fahrenheit);
    }

    private static IReadOnlyDictionary<string, Sample> ReadManifest()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "manifest.json")));
        var samples = new Dictionary<string, Sample>();
        foreach (var s in doc.RootElement.GetProperty("samples").EnumerateArray())
        {
            var m = s.GetProperty("eemeter_sample_metadata");
            double? Optional(string name) => m.TryGetProperty(name, out var v) ? v.GetDouble() : null;
            var id = s.GetProperty("id").GetString()!;
            samples[id] = new Sample(
                id,
                s.GetProperty("interpretation").GetString()!,
                InstantPattern.ExtendedIso.Parse(s.GetProperty("blackout_start_date").GetString()!).Value,
                InstantPattern.ExtendedIso.Parse(s.GetProperty("blackout_end_date").GetString()!).Value,
                m.GetProperty("annual_baseline_total_load").GetDouble(),
                m.GetProperty("annual_baseline_base_load").GetDouble(),
                m.GetProperty("annual_baseline_heating_load").GetDouble(),
                m.GetProperty("annual_baseline_cooling_load").GetDouble(),
                Optional("baseline_heating_balance_point"),
                Optional("baseline_cooling_balance_point"),
                m.GetProperty("annual_reporting_total_load").GetDouble());
        }

        return samples;
    }
}
