using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Tests.Storage;

/// <summary>
/// The contract every <see cref="IReadingStore"/> keeps. Each implementation runs these same tests through a
/// subclass that says how to open it (the embedded file, a real InfluxDB …).
/// </summary>
public abstract class ReadingStoreContract
{
    protected static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);
    private static int _unique;

    /// <summary>Opens a store with no readings; each call gets a store of its own (or a fresh namespace in it).</summary>
    protected abstract Task<IReadingStore> CreateAsync();

    /// <summary>Closes <paramref name="store"/> and opens the same data again (a restart).</summary>
    protected abstract Task<IReadingStore> ReopenAsync(IReadingStore store);

    /// <summary>A series key no other test uses, so stores that share a server keep tests apart.</summary>
    protected static SeriesKey Key(string measurement = "active_power", string? meter = null) =>
        new(meter ?? $"m{Interlocked.Increment(ref _unique)}", measurement);

    private static Reading[] Series(SeriesKey key, int count, double start = 0, Duration? step = null) =>
        Enumerable.Range(0, count).Select(i => new Reading(key, T0.Plus((step ?? Duration.FromMinutes(15)) * i), start + i)).ToArray();

    private static Task<IReadOnlyList<Reading>> All(IReadingStore store, SeriesKey key) =>
        store.ReadAsync(key, Instant.FromUtc(2000, 1, 1, 0, 0), Instant.FromUtc(2100, 1, 1, 0, 0), CancellationToken.None).AsTask();

    [Fact]
    public async Task Write_ThenRead_ReturnsHalfOpenRangeInOrder()
    {
        await using var store = await CreateAsync();
        var key = Key();
        await store.WriteAsync(Series(key, 10).Reverse().ToArray(), CancellationToken.None);

        var readings = await store.ReadAsync(key, T0.Plus(Duration.FromMinutes(15)), T0.Plus(Duration.FromMinutes(60)), CancellationToken.None);

        Assert.Equal([1.0, 2.0, 3.0], readings.Select(r => r.Value));
        Assert.Equal([T0.Plus(Duration.FromMinutes(15)), T0.Plus(Duration.FromMinutes(30)), T0.Plus(Duration.FromMinutes(45))], readings.Select(r => r.Time));
        Assert.All(readings, r => Assert.Equal(key, r.Series));
    }

    [Fact]
    public async Task Replay_DoesNotDoubleReadings()
    {
        await using var store = await CreateAsync();
        var key = Key();
        await store.WriteAsync(Series(key, 96), CancellationToken.None);
        await store.WriteAsync(Series(key, 96), CancellationToken.None);
        await store.WriteAsync(Series(key, 48), CancellationToken.None);

        Assert.Equal(96, (await All(store, key)).Count);
    }

    [Fact]
    public async Task SameTimestamp_LastWriteWins_ValueAndFlags()
    {
        await using var store = await CreateAsync();
        var key = Key();
        await store.WriteAsync(Series(key, 5), CancellationToken.None);
        await store.WriteAsync([new Reading(key, T0, 42.5, QualityFlags.Manual | QualityFlags.Estimated)], CancellationToken.None);

        var all = await All(store, key);
        Assert.Equal(5, all.Count);
        Assert.Equal(42.5, all[0].Value);
        Assert.Equal(QualityFlags.Manual | QualityFlags.Estimated, all[0].Flags);
    }

    [Fact]
    public async Task EveryQualityFlag_RoundTrips()
    {
        await using var store = await CreateAsync();
        var key = Key();
        var flags = Enum.GetValues<QualityFlags>().Where(f => f != QualityFlags.None && f != QualityFlags.Invalid).ToArray();
        var readings = flags.Select((f, i) => new Reading(key, T0.Plus(Duration.FromSeconds(i)), i, f)).ToArray();
        await store.WriteAsync(readings, CancellationToken.None);

        Assert.Equal(flags, (await All(store, key)).Select(r => r.Flags));
    }

    [Fact]
    public async Task SubSecondTimestamps_AndAwkwardValues_RoundTripExactly()
    {
        await using var store = await CreateAsync();
        var key = Key();
        double[] values = [0.1, -0.0, 1e-300, -123456789.123456789, 1.7976931348623157e308, 12.0, 3.0e-5];
        var readings = values.Select((v, i) => new Reading(key, T0.Plus(Duration.FromTicks(1234567 * (i + 1))), v)).ToArray();
        await store.WriteAsync(readings, CancellationToken.None);

        var back = await All(store, key);
        Assert.Equal(readings.Select(r => r.Time), back.Select(r => r.Time));
        Assert.Equal(values, back.Select(r => r.Value));
    }

    [Fact]
    public async Task NotANumber_IsKeptAsInvalid_NeverLost()
    {
        await using var store = await CreateAsync();
        var key = Key();
        await store.WriteAsync(
            [new Reading(key, T0, 1), new Reading(key, T0.Plus(Duration.FromMinutes(1)), double.NaN, QualityFlags.Invalid),
             new Reading(key, T0.Plus(Duration.FromMinutes(2)), double.PositiveInfinity), new Reading(key, T0.Plus(Duration.FromMinutes(3)), 4)],
            CancellationToken.None);

        var back = await All(store, key);
        Assert.Equal(4, back.Count);
        Assert.False(double.IsFinite(back[1].Value));
        Assert.True(back[1].Flags.HasFlag(QualityFlags.Invalid));
        Assert.False(double.IsFinite(back[2].Value));
        Assert.True(back[2].Flags.HasFlag(QualityFlags.Invalid));
        Assert.Equal(4, back[3].Value);
    }

    [Fact]
    public async Task SeriesAreIndependent_ByMeterAndByMeasurement()
    {
        await using var store = await CreateAsync();
        var a = Key("active_power");
        var b = new SeriesKey(a.Meter, "voltage_l1");
        var c = new SeriesKey(a.Meter + "x", "active_power");
        await store.WriteAsync([.. Series(a, 3, 10), .. Series(b, 4, 20), .. Series(c, 5, 30)], CancellationToken.None);

        Assert.Equal([10.0, 11, 12], (await All(store, a)).Select(r => r.Value));
        Assert.Equal(4, (await All(store, b)).Count);
        Assert.Equal(5, (await All(store, c)).Count);
        var listed = await store.ListSeriesAsync(CancellationToken.None);
        Assert.Contains(a, listed);
        Assert.Contains(b, listed);
        Assert.Contains(c, listed);
        Assert.Empty(await All(store, Key()));
    }

    [Fact]
    public async Task AwkwardNames_RoundTrip()
    {
        await using var store = await CreateAsync();
        var tag = Interlocked.Increment(ref _unique);
        SeriesKey[] keys =
        [
            new($"meter {tag}, hall=\"B\"", "active power"),
            new($"电表-{tag}", "tag=value,x"),
            new($"m{tag}\\back", "quote\"d"),
        ];
        foreach (var key in keys)
        {
            await store.WriteAsync(Series(key, 3), CancellationToken.None);
        }

        foreach (var key in keys)
        {
            var back = await All(store, key);
            Assert.Equal(3, back.Count);
            Assert.All(back, r => Assert.Equal(key, r.Series));
        }

        var listed = await store.ListSeriesAsync(CancellationToken.None);
        Assert.All(keys, k => Assert.Contains(k, listed));
    }

    [Fact]
    public async Task LargeBatch_AcrossSeries_IsStoredWhole()
    {
        await using var store = await CreateAsync();
        var keys = Enumerable.Range(0, 8).Select(_ => Key("active_energy_import")).ToArray();
        var batch = keys.SelectMany(k => Series(k, 3000, step: Duration.FromMinutes(1))).ToArray();
        await store.WriteAsync(batch, CancellationToken.None);

        foreach (var key in keys)
        {
            var back = await All(store, key);
            Assert.Equal(3000, back.Count);
            Assert.Equal(2999, back[^1].Value);
        }
    }

    [Fact]
    public async Task Reopen_KeepsEverythingWritten()
    {
        var store = await CreateAsync();
        var key = Key();
        await store.WriteAsync(Series(key, 100), CancellationToken.None);
        await store.WriteAsync([new Reading(key, T0, 42, QualityFlags.Manual)], CancellationToken.None);

        await using var reopened = await ReopenAsync(store);
        var all = await All(reopened, key);
        Assert.Equal(100, all.Count);
        Assert.Equal(42, all[0].Value);
        Assert.Equal(QualityFlags.Manual, all[0].Flags);
        Assert.Contains(key, await reopened.ListSeriesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Aggregate_ByLocalDay_AcrossDst_SumsAndKeepsEmptyDaysAsGaps()
    {
        await using var store = await CreateAsync();
        var key = Key("active_energy_import");
        var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
        var start = new LocalDate(2025, 3, 29).AtStartOfDayInZone(zone).ToInstant();
        var end = new LocalDate(2025, 4, 1).AtStartOfDayInZone(zone).ToInstant();
        var intervals = (int)((end - start) / Duration.FromMinutes(15));
        var readings = Enumerable.Range(0, intervals).Select(i => new Reading(key, start.Plus(Duration.FromMinutes(15 * i)), 0.25)).ToArray();
        await store.WriteAsync(readings, CancellationToken.None);

        var days = await store.AggregateAsync(key, start, end.Plus(Duration.FromDays(1)), CalendarPeriod.Day, zone, AggregateFunction.Sum, CancellationToken.None);

        Assert.Equal([24.0, 23.0, 24.0], days.Take(3).Select(d => d.Value));
        Assert.Equal([96, 92, 96], days.Take(3).Select(d => d.Count));
        Assert.Equal(new LocalDateTime(2025, 3, 30, 0, 0), days[1].LocalStart);
        Assert.True(double.IsNaN(days[3].Value));
        Assert.Equal(QualityFlags.Gap, days[3].Flags);
    }

    [Fact]
    public async Task Aggregate_ByHour_MeanAndMax_InShanghai()
    {
        await using var store = await CreateAsync();
        var key = Key();
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var readings = Enumerable.Range(0, 120).Select(i => new Reading(key, T0.Plus(Duration.FromMinutes(i)), i % 60)).ToArray();
        await store.WriteAsync(readings, CancellationToken.None);

        var mean = await store.AggregateAsync(key, T0, T0.Plus(Duration.FromHours(2)), CalendarPeriod.Hour, zone, AggregateFunction.Mean, CancellationToken.None);
        var max = await store.AggregateAsync(key, T0, T0.Plus(Duration.FromHours(2)), CalendarPeriod.Hour, zone, AggregateFunction.Max, CancellationToken.None);

        Assert.Equal([29.5, 29.5], mean.Select(b => b.Value));
        Assert.Equal([59.0, 59.0], max.Select(b => b.Value));
        Assert.Equal(new LocalDateTime(2025, 1, 1, 8, 0), mean[0].LocalStart);
    }

    [Fact]
    public async Task EmptyBatch_AndEmptyRange_DoNothing()
    {
        await using var store = await CreateAsync();
        var key = Key();
        await store.WriteAsync([], CancellationToken.None);
        await store.WriteAsync(Series(key, 3), CancellationToken.None);

        Assert.Empty(await store.ReadAsync(key, T0, T0, CancellationToken.None));
        Assert.Empty(await store.ReadAsync(key, T0.Plus(Duration.FromHours(1)), T0, CancellationToken.None));
    }
}
