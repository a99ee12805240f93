using BenchmarkDotNet.Attributes;
using EnergySom.Contracts.Definition;
using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Benchmarks.Contracts;

/// <summary>
/// Settling 1,000 shared-savings contracts for January 2025 (2,976 quarter-hours each) on the Guangdong time-of-use
/// sample tariff, with maximum-demand savings and daily gas: full statements (lines, money rules, payments, input
/// digests, canonical digest). Goal: under 1 s on 2 cores. Beside it, the same on one core, a naive reference that
/// looks up each interval's version and band and prices it in decimal (energy lines only), and the band grid that
/// the kernel computes once per tariff version, zone, month and step.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SettlementBenchmarks
{
    private const int Contracts = 1000;
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly Duration Quarter = Duration.FromMinutes(15);

    private SettlementInput[] _inputs = [];
    private TariffLibrary _tariffs = TariffLibrary.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var samples = SamplesFolder();
        _tariffs = TariffLoader.LoadDirectory(Path.Combine(samples, "tariffs"));
        var template = File.ReadAllText(Path.Combine(samples, "contracts", "shared-savings.yaml"))
            .Replace("missing_intervals: estimate", "missing_intervals: exclude", StringComparison.Ordinal);
        var random = new Random(20250301);
        var from = new LocalDate(2025, 1, 1).AtStartOfDayInZone(Shanghai).ToInstant();
        _inputs = new SettlementInput[Contracts];
        for (var c = 0; c < Contracts; c++)
        {
            var contract = ContractLoader.Parse(template.Replace("id: EPC-2025-001", $"id: EPC-BENCH-{c:0000}", StringComparison.Ordinal), $"bench-{c}.yaml");
            var values = new double[2976];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = random.NextDouble() * 40 - 5;   // kWh per quarter-hour, some negative
            }

            var gas = Enumerable.Range(0, 31).Select(_ => random.NextDouble() * 300).ToArray();
            var period = SettlementCalendar.Find(contract, "2025-01");
            _inputs[c] = new SettlementInput(contract, period, _tariffs,
            [
                new CarrierInput(EnergyCarrier.Electricity, contract.Carriers[0].BaselineResult)
                {
                    Avoided = new IntervalSeries(from, Quarter, values),
                    Demand = [new MonthlyDemand(new YearMonth(2025, 1), 900 + random.Next(100), 850 + random.Next(50))],
                },
                new CarrierInput(EnergyCarrier.NaturalGas, contract.Carriers[1].BaselineResult) { DailyAvoided = new DailySeries(new LocalDate(2025, 1, 1), gas) },
            ]);
        }

        // One settlement outside the timing fills the band-grid cache, as the first contract of a run would.
        // (January: the sample's total cap needs no earlier statements in the first period.)
        _ = SettlementEngine.Settle(_inputs[0]);
    }

    /// <summary>The goal: all 1,000 statements, parallel over contracts (2 cores here).</summary>
    [Benchmark]
    public int Settle1000ContractsParallel()
    {
        var outcomes = SettlementEngine.SettleMany(_inputs);
        return outcomes.Count(o => o.Statement is not null);
    }

    [Benchmark]
    public int Settle1000ContractsOneCore()
    {
        var outcomes = SettlementEngine.SettleMany(_inputs, maxDegreeOfParallelism: 1);
        return outcomes.Count(o => o.Statement is not null);
    }

    /// <summary>
    /// Naive reference, energy lines only: for every interval, its local time, the version in force, the band by
    /// scanning the day pattern's windows, and the amount in decimal, one contract after another.
    /// </summary>
    [Benchmark(Baseline = true)]
    public decimal NaiveBandLookup1000Contracts()
    {
        var total = 0m;
        var timeline = _tariffs.Electricity("gd-large-industry-tou");
        foreach (var input in _inputs)
        {
            var series = input.Carriers[0].Avoided!;
            var perBand = new decimal[5];
            for (var i = 0; i < series.Count; i++)
            {
                var local = (series.Start + (series.Step * i)).InZone(Shanghai).LocalDateTime;
                var tariff = timeline.InForceOn(local.Date);
                var band = tariff.BandAt(local.Date, local.TimeOfDay);
                perBand[(int)band] += (decimal)series.Values[i] * tariff.PriceOf(band, local.Date);
            }

            foreach (var amount in perBand)
            {
                total += Math.Round(amount, 2, MidpointRounding.AwayFromZero);
            }
        }

        return total;
    }

    /// <summary>The band of each of a month's 2,976 quarter-hours, computed once per tariff version (not cached here).</summary>
    [Benchmark]
    public int BuildBandGridForAMonth()
    {
        var grid = PricingGrid.BuildTimeOfUse(_tariffs.Electricity("gd-large-industry-tou"), Shanghai, new LocalDateRange(new LocalDate(2025, 1, 1), new LocalDate(2025, 2, 1)), Quarter, BandSplitPolicy.ProRataMinutes);
        return grid.Slots;
    }

    private static string SamplesFolder()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "samples");
        if (Directory.Exists(copied))
        {
            return copied;
        }

        // BenchmarkDotNet runs a generated copy of this project elsewhere: find the repository's samples upwards.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Contracts", "samples");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Contracts/samples not found above " + AppContext.BaseDirectory);
    }
}
