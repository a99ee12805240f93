using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Tests.Storage;

public sealed class EmbeddedReadingStoreTests : IDisposable
{
    private static readonly SeriesKey Power = new("m1", "active_power");
    private static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("esom-store-");

    private string StorePath => Path.Combine(_dir.FullName, "readings.ests");

    public void Dispose() => _dir.Delete(recursive: true);

    private static Reading[] Series(int count, double start = 0) =>
        Enumerable.Range(0, count).Select(i => new Reading(Power, T0.Plus(Duration.FromMinutes(15 * i)), start + i)).ToArray();

    [Fact]
    public async Task Write_ThenRead_ReturnsHalfOpenRangeInOrder()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath);
        await store.WriteAsync(Series(10).Reverse().ToArray(), CancellationToken.None);

        var readings = await store.ReadAsync(Power, T0.Plus(Duration.FromMinutes(15)), T0.Plus(Duration.FromMinutes(60)), CancellationToken.None);

        Assert.Equal([1.0, 2.0, 3.0], readings.Select(r => r.Value));
    }

    [Fact]
    public async Task Replay_DoesNotDoubleReadings()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath);
        await store.WriteAsync(Series(96), CancellationToken.None);
        await store.WriteAsync(Series(96), CancellationToken.None);

        var all = await store.ReadAsync(Power, Instant.MinValue, Instant.MaxValue, CancellationToken.None);
        Assert.Equal(96, all.Count);
    }

    [Fact]
    public async Task Reopen_KeepsEverythingWritten_LastWriteWins()
    {
        await using (var store = EmbeddedReadingStore.Open(StorePath))
        {
            await store.WriteAsync(Series(100), CancellationToken.None);
            await store.WriteAsync([new Reading(Power, T0, 42, QualityFlags.Manual)], CancellationToken.None);
        }

        await using var reopened = EmbeddedReadingStore.Open(StorePath);
        var all = await reopened.ReadAsync(Power, Instant.MinValue, Instant.MaxValue, CancellationToken.None);
        Assert.Equal(100, all.Count);
        Assert.Equal(42, all[0].Value);
        Assert.Equal(QualityFlags.Manual, all[0].Flags);
        Assert.Equal([Power], await reopened.ListSeriesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TornTail_IsCutOff_AndEarlierRecordsSurvive()
    {
        await using (var store = EmbeddedReadingStore.Open(StorePath))
        {
            await store.WriteAsync(Series(10), CancellationToken.None);
            await store.WriteAsync(Series(10, start: 100).Select(r => r with { Time = r.Time.Plus(Duration.FromDays(1)) }).ToArray(), CancellationToken.None);
        }

        // Simulate a crash in the middle of the second append.
        var length = new FileInfo(StorePath).Length;
        using (var file = new FileStream(StorePath, FileMode.Open))
        {
            file.SetLength(length - 7);
        }

        await using (var store = EmbeddedReadingStore.Open(StorePath))
        {
            var all = await store.ReadAsync(Power, Instant.MinValue, Instant.MaxValue, CancellationToken.None);
            Assert.Equal(10, all.Count);
            await store.WriteAsync([new Reading(Power, T0.Plus(Duration.FromDays(5)), 7)], CancellationToken.None);
        }

        await using var again = EmbeddedReadingStore.Open(StorePath);
        Assert.Equal(11, (await again.ReadAsync(Power, Instant.MinValue, Instant.MaxValue, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task CorruptionInTheMiddle_RefusesToOpen()
    {
        await using (var store = EmbeddedReadingStore.Open(StorePath))
        {
            await store.WriteAsync(Series(10), CancellationToken.None);
            await store.WriteAsync(Series(10, start: 100), CancellationToken.None);
        }

        var bytes = await File.ReadAllBytesAsync(StorePath);
        bytes[40] ^= 0xFF; // inside the first points record
        await File.WriteAllBytesAsync(StorePath, bytes);

        var error = Assert.Throws<InvalidDataException>(() => EmbeddedReadingStore.Open(StorePath));
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAStore_IsRefused()
    {
        await File.WriteAllTextAsync(StorePath, "hello, this is not a reading store");
        Assert.Throws<InvalidDataException>(() => EmbeddedReadingStore.Open(StorePath));
    }

    [Fact]
    public async Task Aggregate_ByLocalDay_SumsIntervals()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath);
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var start = new LocalDate(2025, 3, 1).AtStartOfDayInZone(zone).ToInstant();
        var readings = Enumerable.Range(0, 96 * 3).Select(i => new Reading(Power, start.Plus(Duration.FromMinutes(15 * i)), 1.0)).ToArray();
        await store.WriteAsync(readings, CancellationToken.None);

        var days = await store.AggregateAsync(Power, start, start.Plus(Duration.FromDays(3)), CalendarPeriod.Day, zone, AggregateFunction.Sum, CancellationToken.None);

        Assert.Equal(3, days.Count);
        Assert.All(days, d => Assert.Equal(96, d.Value));
        Assert.Equal(new LocalDateTime(2025, 3, 1, 0, 0), days[0].LocalStart);
    }
}
