using System.Buffers.Binary;
using System.Text;
using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Tests.Storage;

/// <summary>What only the embedded file store has to prove: crashes, corruption, blocks, compaction, old files, locking.</summary>
public sealed class EmbeddedReadingStoreTests : IDisposable
{
    private static readonly SeriesKey Power = new("m1", "active_power");
    private static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);
    private static readonly EmbeddedStoreOptions Small = new() { BlockSize = 32 };
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("esom-store-");

    private string StorePath => Path.Combine(_dir.FullName, "readings.ests");

    public void Dispose() => _dir.Delete(recursive: true);

    private static Reading[] Series(int count, double start = 0, SeriesKey? key = null, int offset = 0) =>
        Enumerable.Range(offset, count).Select(i => new Reading(key ?? Power, T0.Plus(Duration.FromMinutes(15 * i)), start + i)).ToArray();

    private static async Task<IReadOnlyList<Reading>> All(IReadingStore store, SeriesKey? key = null) =>
        await store.ReadAsync(key ?? Power, Instant.MinValue, Instant.MaxValue, CancellationToken.None);

    /// <summary>The file as a crash would leave it: everything acknowledged so far, no closing checkpoint.</summary>
    private string CrashCopy()
    {
        var copy = Path.Combine(_dir.FullName, $"crash-{Guid.NewGuid():N}.ests");
        using (var source = new FileStream(StorePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var target = File.Create(copy))
        {
            source.CopyTo(target);
        }

        return copy;
    }

    [Fact]
    public async Task Crash_WithoutCheckpoint_KeepsEveryAcknowledgedWrite()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath, Small);
        for (var i = 0; i < 10; i++)
        {
            await store.WriteAsync(Series(25, 0, offset: i * 25), CancellationToken.None);
        }

        await using var recovered = EmbeddedReadingStore.Open(CrashCopy(), Small);
        var all = await All(recovered);
        Assert.Equal(250, all.Count);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => (double)i), all.Select(r => r.Value));
    }

    [Fact]
    public async Task TornTail_IsCutOff_AndEarlierRecordsSurvive()
    {
        await using (var store = EmbeddedReadingStore.Open(StorePath, Small))
        {
            await store.WriteAsync(Series(10), CancellationToken.None);
            await store.WriteAsync(Series(10, start: 100, offset: 100), CancellationToken.None);
            var crashed = CrashCopy();
            File.Move(crashed, StorePath + ".crashed");
        }

        // A crash in the middle of the second append.
        var path = StorePath + ".crashed";
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length - 7);
        }

        await using (var store = EmbeddedReadingStore.Open(path, Small))
        {
            Assert.Equal(10, (await All(store)).Count);
            await store.WriteAsync([new Reading(Power, T0.Plus(Duration.FromDays(5)), 7)], CancellationToken.None);
        }

        await using var again = EmbeddedReadingStore.Open(path, Small);
        Assert.Equal(11, (await All(again)).Count);
    }

    [Fact]
    public async Task ZerosAfterThePowerCut_AreATornTail()
    {
        await using (var store = EmbeddedReadingStore.Open(StorePath, Small))
        {
            await store.WriteAsync(Series(10), CancellationToken.None);
            File.Move(CrashCopy(), StorePath + ".crashed");
        }

        var path = StorePath + ".crashed";
        await using (var file = new FileStream(path, FileMode.Append))
        {
            await file.WriteAsync(new byte[4096]);
        }

        await using var reopened = EmbeddedReadingStore.Open(path, Small);
        Assert.Equal(10, (await All(reopened)).Count);
    }

    [Fact]
    public async Task CorruptionInTheMiddle_RefusesToOpen()
    {
        await using (var store = EmbeddedReadingStore.Open(StorePath, Small))
        {
            await store.WriteAsync(Series(10), CancellationToken.None);
            await store.WriteAsync(Series(10, start: 100, offset: 100), CancellationToken.None);
            File.Move(CrashCopy(), StorePath + ".crashed");
        }

        var path = StorePath + ".crashed";
        var bytes = await File.ReadAllBytesAsync(path);
        var damaged = path + ".damaged";

        // A flipped bit anywhere in the first records, payload or length field, is corruption: never a torn tail.
        foreach (var at in new[] { 64 + 20, 64 + 36, 64 + 42, 64 + 60 })
        {
            var copy = (byte[])bytes.Clone();
            copy[at] ^= 0x04;
            await File.WriteAllBytesAsync(damaged, copy);
            var error = Assert.Throws<InvalidDataException>(() => EmbeddedReadingStore.Open(damaged));
            Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
            Assert.Contains(damaged, error.Message, StringComparison.Ordinal);
            Assert.Equal(copy.Length, new FileInfo(damaged).Length); // nothing cut
        }
    }

    [Fact]
    public async Task CorruptSealedBlock_IsReportedWhenRead_NotServedAsData()
    {
        await using (var store = EmbeddedReadingStore.Open(StorePath, Small))
        {
            await store.WriteAsync(Series(100), CancellationToken.None);
        }

        // After a clean close everything is in blocks behind a checkpoint: damage the first block's values.
        await using (var compacting = EmbeddedReadingStore.Open(StorePath, Small))
        {
            await compacting.CompactAsync(CancellationToken.None);
        }

        var bytes = await File.ReadAllBytesAsync(StorePath);
        var firstBlock = FindFirstRecord(bytes, 3);
        bytes[firstBlock + RecordFraming.HeaderLength + 60] ^= 0x5A;
        await File.WriteAllBytesAsync(StorePath, bytes);

        await using var reopened = EmbeddedReadingStore.Open(StorePath, Small);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => All(reopened));
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    private static int FindFirstRecord(byte[] file, byte type)
    {
        var offset = 64;
        while (offset + RecordFraming.HeaderLength < file.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(offset));
            if (file[offset + RecordFraming.HeaderLength] == type)
            {
                return offset;
            }

            offset += RecordFraming.HeaderLength + length;
        }

        throw new InvalidOperationException("no such record");
    }

    [Fact]
    public async Task NotAStore_IsRefused()
    {
        await File.WriteAllTextAsync(StorePath, "hello, this is not a reading store");
        var error = Assert.Throws<InvalidDataException>(() => EmbeddedReadingStore.Open(StorePath));
        Assert.Contains("not an EnergySom reading store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Points_AreSealedIntoCompressedBlocks_AndTheHeadStaysSmall()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath, Small);
        for (var i = 0; i < 20; i++)
        {
            await store.WriteAsync(Series(50, offset: i * 50), CancellationToken.None);
        }

        var stats = store.GetStatistics();
        Assert.True(stats.Blocks >= 30, $"{stats.Blocks} blocks");
        Assert.True(stats.HeadPoints <= 50, $"{stats.HeadPoints} points in memory");
        Assert.Equal(1000, stats.HeadPoints + stats.SealedPoints);
        Assert.Equal(1000, (await All(store)).Count);
    }

    [Fact]
    public async Task Compaction_ReclaimsTheLog_KeepsEveryPoint_AndLaterWritesWin()
    {
        var options = new EmbeddedStoreOptions { BlockSize = 64, AutoCompact = false };
        await using (var store = EmbeddedReadingStore.Open(StorePath, options))
        {
            for (var i = 0; i < 40; i++)
            {
                await store.WriteAsync(Series(100, offset: i * 100), CancellationToken.None);
            }

            // Rewrite some old timestamps after they were sealed: the newer values must win after compaction.
            await store.WriteAsync(Series(10, start: 1000, offset: 5), CancellationToken.None);
            var before = store.GetStatistics();
            await store.CompactAsync(CancellationToken.None);
            var after = store.GetStatistics();

            Assert.True(after.FileBytes < before.FileBytes / 3, $"{before.FileBytes} → {after.FileBytes} bytes");
            Assert.Equal(after.FileBytes, after.LiveBytes);
            var all = await All(store);
            Assert.Equal(4000, all.Count);
            Assert.Equal(1005, all[5].Value);
            Assert.Equal(1014, all[14].Value);
            Assert.Equal(15, all[15].Value);
        }

        await using var reopened = EmbeddedReadingStore.Open(StorePath, options);
        var again = await All(reopened);
        Assert.Equal(4000, again.Count);
        Assert.Equal(1005, again[5].Value);
        Assert.True(File.Exists(StorePath));
        Assert.False(File.Exists(StorePath + ".compacting"));
    }

    [Fact]
    public async Task AutoCompaction_KeepsTheFileNearItsLiveSize()
    {
        var options = new EmbeddedStoreOptions { BlockSize = 256, CompactMinGarbageBytes = 64 << 10 };
        await using var store = EmbeddedReadingStore.Open(StorePath, options);
        for (var i = 0; i < 200; i++)
        {
            await store.WriteAsync(Series(100, offset: i * 100), CancellationToken.None);
        }

        var stats = store.GetStatistics();
        Assert.True(stats.FileBytes < 20 * 100 * 18 * 10, $"{stats.FileBytes} bytes for 20,000 points");
        Assert.Equal(20_000, (await All(store)).Count);
    }

    [Fact]
    public async Task CompactionLeftover_IsRemovedOnOpen()
    {
        await File.WriteAllTextAsync(StorePath + ".compacting", "half a compaction");
        await using var store = EmbeddedReadingStore.Open(StorePath);
        Assert.False(File.Exists(StorePath + ".compacting"));
    }

    [Fact]
    public async Task RegularSeries_CostAFewBytesAPoint()
    {
        await using (var store = EmbeddedReadingStore.Open(StorePath))
        {
            var readings = Enumerable.Range(0, 35_040).Select(i => new Reading(Power, T0.Plus(Duration.FromMinutes(15 * i)), Math.Round(50 + (20 * Math.Sin(i / 40.0)), 1))).ToArray();
            await store.WriteAsync(readings, CancellationToken.None);
            await store.CompactAsync(CancellationToken.None);
        }

        var bytesPerPoint = new FileInfo(StorePath).Length / 35_040.0;
        Assert.True(bytesPerPoint < 9, $"{bytesPerPoint:F2} bytes a point");
    }

    [Fact]
    public async Task SecondWriter_IsRefused_ReadersAreWelcome()
    {
        await using var writer = EmbeddedReadingStore.Open(StorePath);
        await writer.WriteAsync(Series(10), CancellationToken.None);

        var error = Assert.Throws<IOException>(() => EmbeddedReadingStore.Open(StorePath));
        Assert.Contains("in use by another process", error.Message, StringComparison.Ordinal);

        await using var reader = EmbeddedReadingStore.OpenReadOnly(StorePath);
        Assert.Equal(10, (await All(reader)).Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.WriteAsync(Series(1), CancellationToken.None).AsTask());

        // The reader's view is a snapshot; the writer goes on.
        await writer.WriteAsync(Series(10, offset: 10), CancellationToken.None);
        Assert.Equal(10, (await All(reader)).Count);
        await using var later = EmbeddedReadingStore.OpenReadOnly(StorePath);
        Assert.Equal(20, (await All(later)).Count);
    }

    [Fact]
    public async Task Reader_KeepsItsSnapshot_WhileTheWriterCompactsTheFileAway()
    {
        await using var writer = EmbeddedReadingStore.Open(StorePath, new EmbeddedStoreOptions { BlockSize = 32, AutoCompact = false });
        await writer.WriteAsync(Series(500), CancellationToken.None);
        await writer.CompactAsync(CancellationToken.None);
        await using var reader = EmbeddedReadingStore.OpenReadOnly(StorePath);

        await writer.WriteAsync(Series(100, start: 1000, offset: 500), CancellationToken.None);
        await writer.CompactAsync(CancellationToken.None); // a new file renamed over the path the reader opened

        var snapshot = await All(reader);
        Assert.Equal(500, snapshot.Count);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (double)i), snapshot.Select(r => r.Value));
        await using var fresh = EmbeddedReadingStore.OpenReadOnly(StorePath);
        Assert.Equal(600, (await All(fresh)).Count);
    }

    [Fact]
    public async Task ReadOnly_OnAMissingStore_SaysSo()
    {
        var error = Assert.Throws<FileNotFoundException>(() => EmbeddedReadingStore.OpenReadOnly(StorePath));
        Assert.Contains(StorePath, error.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task FormatOne_FromTheFoundation_IsReadAndUpgraded()
    {
        // A format-1 file as the first version wrote it: 16-byte header, a series record, a points record.
        var key = Encoding.UTF8.GetBytes(Power.ToString());
        using (var file = File.Create(StorePath))
        {
            var header = new byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x53545345);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 1);
            file.Write(header);
            var series = new byte[5 + key.Length];
            series[0] = 1;
            key.CopyTo(series, 5);
            WriteRecord(file, series);
            const int Count = 3;
            var points = new byte[9 + (Count * 18)];
            points[0] = 2;
            BinaryPrimitives.WriteInt32LittleEndian(points.AsSpan(5), Count);
            for (var i = 0; i < Count; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(points.AsSpan(9 + (i * 8)), T0.Plus(Duration.FromHours(i)).ToUnixTimeTicks());
                BinaryPrimitives.WriteDoubleLittleEndian(points.AsSpan(9 + (Count * 8) + (i * 8)), 10 + i);
                BinaryPrimitives.WriteUInt16LittleEndian(points.AsSpan(9 + (Count * 16) + (i * 2)), (ushort)QualityFlags.Imported);
            }

            WriteRecord(file, points);
        }

        await using (var readOnly = EmbeddedReadingStore.OpenReadOnly(StorePath))
        {
            Assert.Equal([10.0, 11, 12], (await All(readOnly)).Select(r => r.Value));
        }

        await using (var store = EmbeddedReadingStore.Open(StorePath))
        {
            Assert.Equal([10.0, 11, 12], (await All(store)).Select(r => r.Value));
        }

        var bytes = await File.ReadAllBytesAsync(StorePath);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        await using var upgraded = EmbeddedReadingStore.Open(StorePath);
        Assert.All(await All(upgraded), r => Assert.Equal(QualityFlags.Imported, r.Flags));

        static void WriteRecord(FileStream file, byte[] payload)
        {
            var header = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), Crc32C.Compute(payload));
            file.Write(header);
            file.Write(payload);
        }
    }

    [Fact]
    public async Task Checkpoint_LetsTheNextOpenSkipTheLog()
    {
        var options = new EmbeddedStoreOptions { BlockSize = 64, CheckpointBytes = 32 << 10, AutoCompact = false };
        await using (var store = EmbeddedReadingStore.Open(StorePath, options))
        {
            for (var i = 0; i < 100; i++)
            {
                await store.WriteAsync(Series(30, offset: i * 30), CancellationToken.None);
            }

            // Crash after several checkpoints: the copy opens from the last one plus the log after it.
            await using var crashed = EmbeddedReadingStore.Open(CrashCopy(), options);
            Assert.Equal(3000, (await All(crashed)).Count);
        }

        // Damage a log record before the last checkpoint: it is no longer read, so the store still opens.
        var bytes = await File.ReadAllBytesAsync(StorePath);
        bytes[FindFirstRecord(bytes, 2) + 20] ^= 0xFF;
        await File.WriteAllBytesAsync(StorePath, bytes);
        await using var reopened = EmbeddedReadingStore.Open(StorePath, options);
        Assert.Equal(3000, (await All(reopened)).Count);
    }

    [Fact]
    public async Task Aggregate_AMeterYearByDay_OverBlocksAndHead()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath);
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var start = new LocalDate(2025, 1, 1).AtStartOfDayInZone(zone).ToInstant();
        var readings = Enumerable.Range(0, 35_040).Select(i => new Reading(Power, start.Plus(Duration.FromMinutes(15 * i)), 0.25)).ToArray();
        await store.WriteAsync(readings[..30_000], CancellationToken.None);
        await store.WriteAsync(readings[30_000..], CancellationToken.None);

        var days = await store.AggregateAsync(Power, start, start.Plus(Duration.FromDays(365)), CalendarPeriod.Day, zone, AggregateFunction.Sum, CancellationToken.None);

        Assert.Equal(365, days.Count);
        Assert.All(days, d => Assert.Equal(24, d.Value, 1e-9));
    }
}
