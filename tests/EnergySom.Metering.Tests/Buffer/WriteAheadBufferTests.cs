using System.Diagnostics.Metrics;
using EnergySom.Metering.Buffer;
using EnergySom.Metering.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace EnergySom.Metering.Tests.Buffer;

public sealed class WriteAheadBufferTests : IDisposable
{
    private static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 0, 0);
    private static readonly ForwarderOptions Quick = new() { InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50), MaxReadingsPerWrite = 500 };
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("esom-wal-");
    private readonly ListLogger _log = new();
    private int _batch;

    private string WalPath => Path.Combine(_dir.FullName, "wal");

    private string StorePath => Path.Combine(_dir.FullName, "readings.ests");

    public void Dispose() => _dir.Delete(recursive: true);

    private WriteAheadBuffer OpenBuffer(WriteAheadBufferOptions? options = null) => WriteAheadBuffer.Open(WalPath, options, SystemClock.Instance, _log);

    /// <summary>A batch of distinct readings: 3 meters × 2 points at one poll instant.</summary>
    private Reading[] Batch()
    {
        var n = Interlocked.Increment(ref _batch);
        var time = T0.Plus(Duration.FromSeconds(n));
        return [.. from m in new[] { "m1", "m2", "m3" } from p in new[] { "active_power", "active_energy_import" } select new Reading(new SeriesKey(m, p), time, n)];
    }

    private static async Task<int> CountAsync(IReadingStore store)
    {
        var total = 0;
        foreach (var key in await store.ListSeriesAsync(CancellationToken.None))
        {
            var readings = await store.ReadAsync(key, Instant.MinValue, Instant.MaxValue, CancellationToken.None);
            Assert.Equal(readings.Count, readings.Select(r => r.Time).Distinct().Count());
            total += readings.Count;
        }

        return total;
    }

    [Fact]
    public async Task Written_ThenDrained_ArrivesOnce_AndIsReclaimed()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath);
        await using var buffer = OpenBuffer(new WriteAheadBufferOptions { SegmentBytes = 4096 });
        for (var i = 0; i < 100; i++)
        {
            await buffer.WriteAsync(Batch(), CancellationToken.None);
        }

        Assert.Equal(600, buffer.State.PendingReadings);
        Assert.Equal(100, buffer.State.PendingBatches);
        Assert.True(Directory.GetFiles(WalPath, "segment-*.wal").Length > 3);

        await new Forwarder(buffer, store, Quick, _log).DrainAsync(CancellationToken.None);

        Assert.Equal(600, await CountAsync(store));
        var state = buffer.State;
        Assert.Equal(0, state.PendingReadings);
        Assert.Equal(0, state.PendingBytes);
        Assert.Equal(600, state.ForwardedReadings);
        Assert.Single(Directory.GetFiles(WalPath, "segment-*.wal")); // only the active segment is left
    }

    [Fact]
    public async Task Restart_ReplaysWhatWasNotForwarded_AndOnlyThat()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath);
        await using (var buffer = OpenBuffer())
        {
            for (var i = 0; i < 10; i++)
            {
                await buffer.WriteAsync(Batch(), CancellationToken.None);
            }

            var first = await buffer.ReadAsync(18, wait: false, CancellationToken.None);
            await store.WriteAsync(first!.Readings, CancellationToken.None);
            buffer.Acknowledge(first);
            Assert.Equal(3, first.Batches);
        }

        var scripted = new ScriptedStore(store);
        await using (var reopened = OpenBuffer())
        {
            Assert.Equal(42, reopened.State.PendingReadings);
            await new Forwarder(reopened, scripted, Quick, _log).DrainAsync(CancellationToken.None);
        }

        Assert.Equal(42, scripted.ReadingsSent);
        Assert.Equal(60, await CountAsync(store));
    }

    [Fact]
    public async Task LostAcknowledgement_IsRetried_AndDoublesNothing()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath);
        var scripted = new ScriptedStore(store) { FailAfterNextWrite = true };
        await using var buffer = OpenBuffer();
        for (var i = 0; i < 5; i++)
        {
            await buffer.WriteAsync(Batch(), CancellationToken.None);
        }

        await new Forwarder(buffer, scripted, Quick, _log).DrainAsync(CancellationToken.None);

        Assert.Equal(60, scripted.ReadingsSent); // sent twice
        Assert.Equal(30, await CountAsync(store)); // stored once
    }

    [Fact]
    public async Task TornTail_IsCut_AndWritingGoesOnAfterIt()
    {
        await using (var buffer = OpenBuffer())
        {
            for (var i = 0; i < 3; i++)
            {
                await buffer.WriteAsync(Batch(), CancellationToken.None);
            }
        }

        var segment = Directory.GetFiles(WalPath, "segment-*.wal").Single();
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(file.Length - 5); // the process died while appending the third batch
        }

        await using var store = EmbeddedReadingStore.Open(StorePath);
        await using (var reopened = OpenBuffer())
        {
            Assert.Equal(12, reopened.State.PendingReadings);
            Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("torn tail", StringComparison.Ordinal));
            await reopened.WriteAsync(Batch(), CancellationToken.None);
            await new Forwarder(reopened, store, Quick, _log).DrainAsync(CancellationToken.None);
        }

        Assert.Equal(18, await CountAsync(store));
    }

    [Fact]
    public async Task DamagedSegment_IsQuarantined_Loudly_AndTheRestForwarded()
    {
        await using (var buffer = OpenBuffer(new WriteAheadBufferOptions { SegmentBytes = 4096 }))
        {
            for (var i = 0; i < 60; i++)
            {
                await buffer.WriteAsync(Batch(), CancellationToken.None);
            }
        }

        var segments = Directory.GetFiles(WalPath, "segment-*.wal").Order(StringComparer.Ordinal).ToArray();
        var bytes = await File.ReadAllBytesAsync(segments[0]);
        bytes[100] ^= 0xFF;
        await File.WriteAllBytesAsync(segments[0], bytes);

        await using var reopened = OpenBuffer(new WriteAheadBufferOptions { SegmentBytes = 4096 });
        Assert.Equal(1, reopened.State.QuarantinedSegments);
        Assert.True(File.Exists(Path.Combine(WalPath, "quarantine", Path.GetFileName(segments[0]))));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("NOT forwarded", StringComparison.Ordinal));
        Assert.True(reopened.State.PendingReadings > 0);
    }

    [Fact]
    public async Task Full_RejectPolicy_RefusesTheBatch_AndRaisesTheAlarm()
    {
        using var listener = FullGaugeListener(out var readFull);
        await using var buffer = OpenBuffer(new WriteAheadBufferOptions { MaxBytes = 64 << 10, WhenFull = BufferFullPolicy.Reject });
        var taken = 0;
        var error = await Assert.ThrowsAsync<WriteAheadBufferFullException>(async () =>
        {
            while (true)
            {
                await buffer.WriteAsync(Batch(), CancellationToken.None);
                taken++;
            }
        });

        Assert.Contains("not taken", error.Message, StringComparison.Ordinal);
        var state = buffer.State;
        Assert.True(state.IsFull);
        Assert.Equal(taken * 6, state.PendingReadings);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("FULL", StringComparison.Ordinal));
        Assert.True(BufferStateFile.Read(WalPath)!.IsFull);
        Assert.Equal(1, readFull());
    }

    [Fact]
    public async Task Full_WaitPolicy_HoldsTheWriter_UntilTheStoreCatchesUp()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath);
        var scripted = new ScriptedStore(store) { Down = true };
        await using var buffer = OpenBuffer(new WriteAheadBufferOptions { MaxBytes = 64 << 10 });
        using var stop = new CancellationTokenSource();
        var forwarding = new Forwarder(buffer, scripted, Quick, _log).RunAsync(stop.Token);

        var writes = 0;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await buffer.WriteAsync(Batch(), CancellationToken.None);
                Interlocked.Increment(ref writes);
            }
        });

        // The store is down: the writer fills the buffer and then waits.
        while (!buffer.State.IsFull)
        {
            await Task.Delay(10);
        }

        var stalledAt = Volatile.Read(ref writes);
        await Task.Delay(200);
        Assert.Equal(stalledAt, Volatile.Read(ref writes));
        Assert.False(writer.IsCompleted);
        Assert.NotNull(BufferStateFile.Read(WalPath)!.LastForwardError);

        scripted.Down = false;
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
        while (buffer.State.PendingReadings > 0)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await forwarding;
        Assert.Equal(6000, await CountAsync(store));
        Assert.False(buffer.State.IsFull);
        Assert.Contains(_log.Entries, e => e.Message.Contains("has room again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClosingWhileAWriterWaits_TellsItTheBatchWasNotTaken()
    {
        var buffer = OpenBuffer(new WriteAheadBufferOptions { MaxBytes = 64 << 10 });
        var writer = Task.Run(async () =>
        {
            while (true)
            {
                await buffer.WriteAsync(Batch(), CancellationToken.None);
            }
        });
        while (!buffer.State.IsFull)
        {
            await Task.Delay(10);
        }

        await buffer.DisposeAsync();
        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => writer);
        Assert.Contains("not taken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedReadings_AreSetAside_TheRestArrives()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath);
        var scripted = new ScriptedStore(store) { RefuseMeasurement = "active_power" };
        await using var buffer = OpenBuffer();
        for (var i = 0; i < 4; i++)
        {
            await buffer.WriteAsync(Batch(), CancellationToken.None);
        }

        await new Forwarder(buffer, scripted, Quick, _log).DrainAsync(CancellationToken.None);

        Assert.Equal(12, await CountAsync(store));
        var lines = await File.ReadAllLinesAsync(Path.Combine(WalPath, "rejected.jsonl"));
        Assert.Equal(12, lines.Length);
        Assert.All(lines, l => Assert.Contains("\"measurement\":\"active_power\"", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Contains("type conflict", l, StringComparison.Ordinal));
        Assert.Equal(12, buffer.State.RejectedReadings);
        Assert.Equal(0, buffer.State.PendingReadings);
    }

    [Fact]
    public async Task TransientFailures_AreRetried_WithBackoff_UntilTheyPass()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath);
        var scripted = new ScriptedStore(store);
        scripted.FailNext(new IOException("connection refused (scripted)"));
        scripted.FailNext(new ReadingStoreUnavailableException("503 (scripted)", TimeSpan.FromMilliseconds(100)));
        scripted.FailNext(new HttpRequestException("timeout (scripted)"));
        await using var buffer = OpenBuffer();
        await buffer.WriteAsync(Batch(), CancellationToken.None);

        var started = DateTime.UtcNow;
        await new Forwarder(buffer, scripted, Quick, _log).DrainAsync(CancellationToken.None);

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(100), "Retry-After was not honoured");
        Assert.Equal(4, scripted.Writes);
        Assert.Equal(6, await CountAsync(store));
        Assert.Null(buffer.State.LastForwardError);
        Assert.Equal(3, _log.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("retrying", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ConcurrentWriters_AndARunningForwarder_LoseAndDoubleNothing()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath);
        await using var buffer = OpenBuffer(new WriteAheadBufferOptions { SegmentBytes = 8192 });
        using var stop = new CancellationTokenSource();
        var forwarding = new Forwarder(buffer, store, Quick, _log).RunAsync(stop.Token);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await buffer.WriteAsync(Batch(), CancellationToken.None);
            }
        })));
        while (buffer.State.PendingReadings > 0)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await forwarding;
        Assert.Equal(1200, await CountAsync(store));
    }

    [Fact]
    public async Task DamagedCursor_ReplaysFromTheOldestSegment_WithoutDoubles()
    {
        await using var store = EmbeddedReadingStore.Open(StorePath);
        await using (var buffer = OpenBuffer())
        {
            for (var i = 0; i < 5; i++)
            {
                await buffer.WriteAsync(Batch(), CancellationToken.None);
            }

            await new Forwarder(buffer, store, Quick, _log).DrainAsync(CancellationToken.None);
        }

        await File.WriteAllTextAsync(Path.Combine(WalPath, "cursor"), "garbage");
        await using (var reopened = OpenBuffer())
        {
            Assert.Equal(30, reopened.State.PendingReadings);
            await new Forwarder(reopened, store, Quick, _log).DrainAsync(CancellationToken.None);
        }

        Assert.Equal(30, await CountAsync(store));
        Assert.Contains(_log.Entries, e => e.Message.Contains("cursor", StringComparison.Ordinal) && e.Message.Contains("damaged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecondProcess_CannotOpenTheSameBuffer()
    {
        await using var buffer = OpenBuffer();
        var error = Assert.Throws<IOException>(() => OpenBuffer());
        Assert.Contains("in use by another process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateFile_RoundTrips()
    {
        await using (var buffer = OpenBuffer())
        {
            await buffer.WriteAsync(Batch(), CancellationToken.None);
        }

        var state = BufferStateFile.Read(WalPath)!;
        Assert.Equal(6, state.PendingReadings);
        Assert.Equal(1, state.PendingBatches);
        Assert.False(state.IsFull);
        Assert.NotNull(state.OldestPendingAppendedAt);
        Assert.Equal(Path.GetFullPath(WalPath), state.Directory);
    }

    [Fact]
    public async Task OneFsyncedRecordPerBatch_SurvivesAnUncleanStop()
    {
        // No dispose: the files are as a SIGKILL leaves them. A second process could not open while this one holds
        // the lock, so the check copies the folder, as a new machine would find the disk.
        var buffer = OpenBuffer();
        for (var i = 0; i < 7; i++)
        {
            await buffer.WriteAsync(Batch(), CancellationToken.None);
        }

        var copy = Path.Combine(_dir.FullName, "copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(WalPath).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        await using (var recovered = WriteAheadBuffer.Open(copy, null, SystemClock.Instance, _log))
        {
            Assert.Equal(42, recovered.State.PendingReadings);
        }

        await buffer.DisposeAsync();
    }

    private static MeterListener FullGaugeListener(out Func<int> readFull)
    {
        var value = 0;
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "EnergySom.Metering.Buffer" && instrument.Name == "energysom.buffer.full")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, measurement, _, _) => Volatile.Write(ref value, Math.Max(Volatile.Read(ref value), measurement)));
        listener.Start();
        readFull = () =>
        {
            listener.RecordObservableInstruments();
            return Volatile.Read(ref value);
        };
        return listener;
    }
}
