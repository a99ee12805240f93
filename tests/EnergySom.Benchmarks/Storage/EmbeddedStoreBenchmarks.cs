using BenchmarkDotNet.Attributes;
using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Benchmarks.Storage;

/// <summary>
/// The embedded store against its goals: ingest at least 1 M points/s, and one meter-year of 15-minute data
/// (35,040 points) aggregated by local day in under 5 ms. Each beside a naive reference.
/// </summary>
[MemoryDiagnoser]
public class EmbeddedStoreBenchmarks
{
    private const int IngestPoints = 1_000_000;
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly SeriesKey Meter = new("meter-001", "active_energy_import");
    private readonly string _dir = Directory.CreateTempSubdirectory("esom-bench-").FullName;
    private Reading[][] _batches = [];
    private Reading[] _year = [];
    private List<Reading> _naiveYear = [];
    private EmbeddedReadingStore _yearStore = null!;
    private Instant _from;
    private Instant _to;
    private int _run;

    /// <summary>Readings per store write: the forwarder's default (5,000) and a bulk import's (50,000).</summary>
    [Params(5_000, 50_000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // 1 M points: 100 meters × 20 series polled every 15 s, in forwarder-sized batches.
        var t0 = Instant.FromUtc(2025, 1, 1, 0, 0);
        var all = new Reading[IngestPoints];
        for (var i = 0; i < IngestPoints; i++)
        {
            var series = i % 2000;
            all[i] = new Reading(new SeriesKey($"meter-{series / 20:D3}", $"point_{series % 20:D2}"), t0.Plus(Duration.FromSeconds(15 * (i / 2000))), 100 + (i % 977) * 0.1);
        }

        _batches = all.Chunk(BatchSize).ToArray();

        _from = new LocalDate(2025, 1, 1).AtStartOfDayInZone(Zone).ToInstant();
        _to = _from.Plus(Duration.FromDays(365));
        _year = Enumerable.Range(0, 35_040).Select(i => new Reading(Meter, _from.Plus(Duration.FromMinutes(15 * i)), Math.Round(20 + (10 * Math.Sin(i / 30.0)), 2))).ToArray();
        _naiveYear = [.. _year];
        _yearStore = EmbeddedReadingStore.Open(Path.Combine(_dir, "year.ests"));
        _yearStore.WriteAsync(_year, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _yearStore.CompactAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult(); // all sealed in blocks on disk
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _yearStore.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>1 M points into a new store, every write flushed to the disk (fsync) as the collector's path does.</summary>
    [Benchmark(OperationsPerInvoke = IngestPoints)]
    public async Task Ingest_Fsync()
    {
        await using var store = EmbeddedReadingStore.Open(Path.Combine(_dir, $"ingest-{_run++}.ests"));
        foreach (var batch in _batches)
        {
            await store.WriteAsync(batch, CancellationToken.None);
        }
    }

    /// <summary>1 M points as a bulk import (flush once at the end).</summary>
    [Benchmark(OperationsPerInvoke = IngestPoints)]
    public async Task Ingest_Bulk()
    {
        await using var store = EmbeddedReadingStore.Open(Path.Combine(_dir, $"bulk-{_run++}.ests"), new EmbeddedStoreOptions { FlushToDisk = false });
        foreach (var batch in _batches)
        {
            await store.WriteAsync(batch, CancellationToken.None);
        }
    }

    /// <summary>Naive reference: every point appended to a text file as a CSV line, fsync per batch.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = IngestPoints)]
    public async Task Ingest_NaiveCsv()
    {
        await using var file = new FileStream(Path.Combine(_dir, $"naive-{_run++}.csv"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await using var writer = new StreamWriter(file);
        foreach (var batch in _batches)
        {
            foreach (var r in batch)
            {
                await writer.WriteLineAsync($"{r.Series},{r.Time.ToUnixTimeTicks()},{r.Value},{(ushort)r.Flags}");
            }

            await writer.FlushAsync();
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>A meter-year of 15-minute data read from sealed blocks and summed by Shanghai day.</summary>
    [Benchmark]
    public async Task<double> AggregateYearByDay()
    {
        var days = await _yearStore.AggregateAsync(Meter, _from, _to, CalendarPeriod.Day, Zone, AggregateFunction.Sum, CancellationToken.None);
        return days[^1].Value;
    }

    /// <summary>Naive reference: LINQ over readings in memory, each converted to its local date.</summary>
    [Benchmark]
    public double AggregateYearByDay_NaiveLinq()
    {
        var days = _naiveYear.Where(r => r.Time >= _from && r.Time < _to)
            .GroupBy(r => r.Time.InZone(Zone).Date)
            .Select(g => g.Sum(r => r.Value))
            .ToList();
        return days[^1];
    }
}
