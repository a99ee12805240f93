using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using EnergySom.Metering.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using NodaTime;
using NodaTime.Text;

namespace EnergySom.Metering.Buffer;

/// <summary>
/// The local write-ahead buffer between the collector and the store: a batch is appended to a segment file and
/// flushed to the disk (fsync) before <see cref="WriteAsync"/> completes, so a reading the collector was told is
/// taken survives a crash, a power cut and any store outage. A <see cref="Forwarder"/> drains the buffer to the
/// store; what the store acknowledged is reclaimed.
/// </summary>
/// <remarks>
/// <para><b>Acknowledged</b> means: <see cref="WriteAsync"/> returned. At that moment the batch's record is whole
/// and flushed in a segment file, and it stays there until the store has it and the forwarder's cursor (a small
/// file, replaced atomically) has moved past it. After a crash the buffer replays everything after the cursor;
/// the store's writes are idempotent on series and timestamp, so a replay doubles nothing.</para>
/// <para>Folder layout: <c>segment-NNNNNNNNNNNN.wal</c> (a 32-byte header, then records framed by
/// <see cref="RecordFraming"/>: a torn tail from a crash is found by its checksum and cut), <c>cursor</c> (the
/// acknowledged position), <c>state.json</c> (for <c>energysom buffer status</c>), <c>rejected.jsonl</c>
/// (readings the store refused for good, one JSON object a line), <c>quarantine/</c> (segments found damaged),
/// <c>buffer.lock</c> (one process at a time).</para>
/// <para>Size bound: <see cref="WriteAheadBufferOptions.MaxBytes"/> of unacknowledged records. A batch that does
/// not fit raises the alarm (an error log line, the <c>energysom.buffer.full</c> gauge, <see cref="BufferState.IsFull"/>
/// in state.json) and is handled per <see cref="BufferFullPolicy"/>: never dropped.</para>
/// <para>Writers are serialized, one fsync per batch. Any number of threads may write; one forwarder reads.</para>
/// </remarks>
public sealed partial class WriteAheadBuffer : IReadingSink, IAsyncDisposable
{
    private const uint SegmentMagic = 0x42575345; // "ESWB"
    private const uint CursorMagic = 0x43575345; // "ESWC"
    private const uint FormatVersion = 1;
    private const int SegmentHeaderLength = 32;
    private const int CursorLength = 32;
    private const string CursorFileName = "cursor";
    private const string DeadLetterFileName = "rejected.jsonl";
    private const string QuarantineFolder = "quarantine";
    private const long StateFileIntervalMs = 1000;

    private readonly WriteAheadBufferOptions _options;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly ExclusiveLock _lock;
    private readonly BufferMetrics _metrics;
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private readonly Lock _sync = new();
    private readonly List<Segment> _segments = [];
    private readonly Queue<BatchInfo> _unacknowledged = new();
    private readonly CancellationTokenSource _closing = new();
    private SafeFileHandle? _active;
    private FileStream? _reader;
    private long _readerSegment = -1;
    private BufferPosition _acknowledged;
    private BufferPosition _read;
    private ulong _nextSequence = 1;
    private long _pendingReadings;
    private long _forwarded;
    private long _rejected;
    private int _quarantined;
    private Instant? _fullSince;
    private string? _lastForwardError;
    private long _lastStateWrite;
    private TaskCompletionSource _dataArrived = NewSignal();
    private TaskCompletionSource _spaceFreed = NewSignal();
    private int _disposed;
    private int _stateDirty;
    private Timer? _stateTimer;

    private WriteAheadBuffer(string directory, WriteAheadBufferOptions options, IClock clock, ILogger logger, ExclusiveLock writerLock)
    {
        Directory = directory;
        _options = options;
        _clock = clock;
        _logger = logger;
        _lock = writerLock;
        _metrics = new BufferMetrics(directory, () => State);
    }

    /// <summary>The buffer's folder.</summary>
    public string Directory { get; }

    /// <summary>Opens (or creates) the buffer in <paramref name="directory"/>, recovering what a crash left.</summary>
    /// <exception cref="IOException">Another process has the buffer open.</exception>
    public static WriteAheadBuffer Open(string directory, WriteAheadBufferOptions? options, IClock clock, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        options ??= new WriteAheadBufferOptions();
        if (options.MaxBytes < 1 << 16 || options.SegmentBytes < 1 << 12)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxBytes must be at least 64 KiB and SegmentBytes at least 4 KiB");
        }

        var full = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(full);
        var writerLock = ExclusiveLock.Acquire(Path.Combine(full, "buffer.lock"), $"write-ahead buffer {full}");
        var buffer = new WriteAheadBuffer(full, options, clock, logger, writerLock);
        try
        {
            buffer.Recover();
            return buffer;
        }
        catch
        {
            buffer._active?.Dispose();
            buffer._metrics.Dispose();
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>The buffer's depth and alarm, as the command line shows them.</summary>
    public BufferState State
    {
        get
        {
            lock (_sync)
            {
                return new BufferState(
                    Directory,
                    PendingBytesLocked(),
                    _unacknowledged.Count,
                    _pendingReadings,
                    _options.MaxBytes,
                    _fullSince is not null,
                    _fullSince,
                    _unacknowledged.Count > 0 ? _unacknowledged.Peek().AppendedAt : null,
                    _segments.Count,
                    _forwarded,
                    _rejected,
                    _lastForwardError,
                    _quarantined,
                    _clock.GetCurrentInstant());
            }
        }
    }

    // ---------------------------------------------------------------- recovery

    private void Recover()
    {
        foreach (var leftover in new[] { CursorFileName + ".tmp", BufferStateFile.FileName + ".tmp" })
        {
            File.Delete(Path.Combine(Directory, leftover));
        }

        var files = System.IO.Directory.EnumerateFiles(Directory, "segment-*.wal")
            .Select(path => (Path: path, Sequence: ParseSequence(path)))
            .Where(f => f.Sequence > 0)
            .OrderBy(f => f.Sequence)
            .ToList();
        for (var i = 0; i < files.Count; i++)
        {
            var (path, sequence) = files[i];
            if (HeaderIsValid(path, sequence))
            {
                _segments.Add(new Segment(sequence, path, new FileInfo(path).Length));
            }
            else if (i == files.Count - 1 && new FileInfo(path).Length <= SegmentHeaderLength)
            {
                File.Delete(path); // created by a run that died before its header was flushed: nothing was appended to it
            }
            else
            {
                Quarantine(path, "its header is damaged");
            }
        }

        var cursor = ReadCursor();
        var first = _segments.Count > 0 ? new BufferPosition(_segments[0].Sequence, SegmentHeaderLength) : default;
        _acknowledged = cursor is { } c && (_segments.Count == 0 || c >= first) ? c : first;
        foreach (var old in _segments.Where(s => s.Sequence < _acknowledged.Segment).ToList())
        {
            File.Delete(old.Path); // forwarded before the crash; the reclaim did not get to it
            _segments.Remove(old);
        }

        for (var i = 0; i < _segments.Count; i++)
        {
            var segment = _segments[i];
            var from = segment.Sequence == _acknowledged.Segment ? Math.Max(_acknowledged.Offset, SegmentHeaderLength) : SegmentHeaderLength;
            long end;
            try
            {
                using var stream = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20, FileOptions.SequentialScan);
                end = RecordFraming.Scan(stream, from, stream.Length, segment.Path, (payload, offset) =>
                {
                    var (sequence, appendedAt, count) = BatchCodec.Peek(payload);
                    _unacknowledged.Enqueue(new BatchInfo(new BufferPosition(segment.Sequence, offset + RecordFraming.HeaderLength + payload.Length), count, appendedAt));
                    _pendingReadings += count;
                    _nextSequence = Math.Max(_nextSequence, sequence + 1);
                });
            }
            catch (InvalidDataException ex)
            {
                Quarantine(segment.Path, ex.Message);
                _segments.RemoveAt(i--);
                continue;
            }

            if (end < segment.Length)
            {
                LogTornTail(segment.Path, end, segment.Length - end);
                using var handle = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.ReadWrite);
                RandomAccess.SetLength(handle, end);
                RandomAccess.FlushToDisk(handle);
                segment.Length = end;
            }
        }

        if (_unacknowledged.Count > 0)
        {
            LogRecovered(Directory, _unacknowledged.Count, _pendingReadings);
        }

        if (_segments.Count == 0)
        {
            // Nothing pending: start after anything the cursor has seen, so new data is never taken as acknowledged.
            StartSegment(Math.Max(1, _acknowledged.Segment + 1));
            _acknowledged = new BufferPosition(_segments[0].Sequence, SegmentHeaderLength);
        }
        else if (_segments[^1].Length < _options.SegmentBytes)
        {
            _active = File.OpenHandle(_segments[^1].Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        }
        else
        {
            StartSegment(_segments[^1].Sequence + 1);
        }

        var start = new BufferPosition(_segments[0].Sequence, SegmentHeaderLength);
        if (_acknowledged < start)
        {
            _acknowledged = start;
        }

        _read = _acknowledged;
        WriteState(force: true);

        // Writes are throttled to one a second; this catches the last change of a burst.
        _stateTimer = new Timer(_ =>
        {
            if (_disposed == 0 && Interlocked.Exchange(ref _stateDirty, 0) == 1)
            {
                WriteState(force: true);
            }
        }, null, StateFileIntervalMs, StateFileIntervalMs);
    }

    private static long ParseSequence(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return long.TryParse(name.AsSpan("segment-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
    }

    private static bool HeaderIsValid(string path, long sequence)
    {
        Span<byte> header = stackalloc byte[SegmentHeaderLength];
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return RandomAccess.Read(handle, header, 0) == SegmentHeaderLength
            && BinaryPrimitives.ReadUInt32LittleEndian(header) == SegmentMagic
            && BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) == FormatVersion
            && BinaryPrimitives.ReadInt64LittleEndian(header[8..]) == sequence
            && Crc32C.Compute(header[..28]) == BinaryPrimitives.ReadUInt32LittleEndian(header[28..]);
    }

    private void Quarantine(string path, string why)
    {
        var folder = Path.Combine(Directory, QuarantineFolder);
        System.IO.Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, Path.GetFileName(path));
        File.Move(path, target, overwrite: true);
        _quarantined++;
        LogQuarantined(path, target, why);
    }

    private BufferPosition? ReadCursor()
    {
        var path = Path.Combine(Directory, CursorFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != CursorLength || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != CursorMagic
            || Crc32C.Compute(bytes.AsSpan(0, 28)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)))
        {
            // Replaying from the oldest segment is safe (writes are idempotent); losing the cursor only costs time.
            LogCursorDamaged(path);
            return null;
        }

        return new BufferPosition(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16)));
    }

    private void WriteCursor(BufferPosition position)
    {
        Span<byte> bytes = stackalloc byte[CursorLength];
        bytes.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, CursorMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], position.Segment);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[16..], position.Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[28..], Crc32C.Compute(bytes[..28]));
        var path = Path.Combine(Directory, CursorFileName);
        var temporary = path + ".tmp";
        using (var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, bytes, 0);
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temporary, path, overwrite: true);
        FileSync.FlushDirectory(Directory);
    }

    private void StartSegment(long sequence)
    {
        var path = Path.Combine(Directory, $"segment-{sequence:D12}.wal");
        Span<byte> header = stackalloc byte[SegmentHeaderLength];
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, SegmentMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], _clock.GetCurrentInstant().ToUnixTimeTicks());
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], Crc32C.Compute(header[..28]));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            RandomAccess.Write(handle, header, 0);
            RandomAccess.FlushToDisk(handle);
            FileSync.FlushDirectory(Directory);
        }
        catch
        {
            handle.Dispose();
            File.Delete(path);
            throw;
        }

        _active?.Dispose();
        _active = handle;
        lock (_sync)
        {
            _segments.Add(new Segment(sequence, path, SegmentHeaderLength));
        }
    }

    // ---------------------------------------------------------------- appending

    /// <summary>
    /// Appends <paramref name="batch"/> and flushes it to the disk; when this completes the batch is durable. When the
    /// buffer is full the call waits for room or fails, per <see cref="WriteAheadBufferOptions.WhenFull"/>.
    /// </summary>
    /// <exception cref="WriteAheadBufferFullException">Full, and the policy is Reject: the batch was not taken.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was closed (also while waiting for room): the batch was not taken.</exception>
    public async ValueTask WriteAsync(IReadOnlyList<Reading> batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (batch.Count == 0)
        {
            return;
        }

        var record = new ArrayBufferWriter<byte>(64 + (batch.Count * 40));
        var appendedAt = _clock.GetCurrentInstant();
        ulong sequence;
        lock (_sync)
        {
            sequence = _nextSequence++;
        }

        BatchCodec.Encode(batch, sequence, appendedAt, record);
        if (record.WrittenCount > _options.MaxBytes)
        {
            throw new ArgumentException($"a batch of {batch.Count} readings ({record.WrittenCount} bytes) is larger than the whole buffer ({_options.MaxBytes} bytes)", nameof(batch));
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _closing.Token);
        try
        {
            await _appendGate.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException ex) when (_closing.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new ObjectDisposedException($"write-ahead buffer {Directory} was closed; the batch was not taken", ex);
        }

        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            await WaitForRoomAsync(record.WrittenCount, linked.Token);
            Segment segment;
            lock (_sync)
            {
                segment = _segments[^1];
            }

            if (segment.Length > SegmentHeaderLength && segment.Length + record.WrittenCount > _options.SegmentBytes)
            {
                StartSegment(segment.Sequence + 1);
                lock (_sync)
                {
                    segment = _segments[^1];
                }
            }

            try
            {
                RandomAccess.Write(_active!, record.WrittenSpan, segment.Length);
                if (_options.FlushToDisk)
                {
                    RandomAccess.FlushToDisk(_active!);
                }
            }
            catch
            {
                try
                {
                    RandomAccess.SetLength(_active!, segment.Length);
                }
                catch (IOException)
                {
                    // The torn tail is cut on the next open.
                }

                throw;
            }

            TaskCompletionSource arrived;
            lock (_sync)
            {
                segment.Length += record.WrittenCount;
                _unacknowledged.Enqueue(new BatchInfo(new BufferPosition(segment.Sequence, segment.Length), batch.Count, appendedAt));
                _pendingReadings += batch.Count;
                arrived = _dataArrived;
                _dataArrived = NewSignal();
            }

            arrived.TrySetResult();
            _metrics.Appended.Add(batch.Count, _metrics.Tag);
        }
        catch (OperationCanceledException ex) when (_closing.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new ObjectDisposedException($"write-ahead buffer {Directory} was closed; the batch was not taken", ex);
        }
        finally
        {
            _appendGate.Release();
        }

        WriteState(force: false);
    }

    private async ValueTask WaitForRoomAsync(long bytes, CancellationToken ct)
    {
        while (true)
        {
            Task freed;
            bool becameFull = false, recovered = false;
            long pending;
            lock (_sync)
            {
                pending = PendingBytesLocked();
                if (pending + bytes <= _options.MaxBytes)
                {
                    recovered = _fullSince is not null;
                    _fullSince = null;
                }
                else if (_fullSince is null)
                {
                    _fullSince = _clock.GetCurrentInstant();
                    becameFull = true;
                }

                freed = _spaceFreed.Task;
            }

            if (recovered)
            {
                LogHasRoom(Directory, pending, _options.MaxBytes);
                WriteState(force: true);
                return;
            }

            if (pending + bytes <= _options.MaxBytes)
            {
                return;
            }

            if (becameFull)
            {
                _metrics.FullEvents.Add(1, _metrics.Tag);
                LogFull(Directory, pending, _options.MaxBytes, _options.WhenFull);
                WriteState(force: true);
            }

            if (_options.WhenFull == BufferFullPolicy.Reject)
            {
                throw new WriteAheadBufferFullException(
                    $"write-ahead buffer {Directory} is full ({pending:N0} of {_options.MaxBytes:N0} bytes waiting for the store); the batch was not taken, keep it and retry");
            }

            await freed.WaitAsync(ct);
        }
    }

    private long PendingBytesLocked()
    {
        long bytes = 0;
        foreach (var segment in _segments)
        {
            if (segment.Sequence > _acknowledged.Segment)
            {
                bytes += segment.Length - SegmentHeaderLength;
            }
            else if (segment.Sequence == _acknowledged.Segment)
            {
                bytes += Math.Max(0, segment.Length - Math.Max(_acknowledged.Offset, SegmentHeaderLength));
            }
        }

        return bytes;
    }

    // ---------------------------------------------------------------- forwarding

    /// <summary>
    /// Reads the next batches not yet handed out, up to about <paramref name="maxReadings"/> readings (at least one
    /// whole batch). Waits for data when <paramref name="wait"/> is set; otherwise returns null when there is none.
    /// </summary>
    /// <exception cref="InvalidDataException">A record in a segment is damaged; the message names the file and offset.</exception>
    public async ValueTask<PendingReadings?> ReadAsync(int maxReadings, bool wait, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxReadings);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _closing.Token);
        while (true)
        {
            Task arrived;
            lock (_sync)
            {
                NormalizeReadLocked();
                if (HasUnreadLocked())
                {
                    break;
                }

                arrived = _dataArrived.Task;
            }

            if (!wait)
            {
                return null;
            }

            await arrived.WaitAsync(linked.Token);
        }

        var readings = new List<Reading>();
        var batches = 0;
        Instant? oldest = null;
        BufferPosition position;
        lock (_sync)
        {
            position = _read;
        }

        var header = new byte[RecordFraming.HeaderLength];
        while (readings.Count < maxReadings)
        {
            long length;
            bool active;
            long next;
            lock (_sync)
            {
                var index = _segments.FindIndex(s => s.Sequence == position.Segment);
                if (index < 0)
                {
                    break;
                }

                length = _segments[index].Length;
                active = index == _segments.Count - 1;
                next = active ? 0 : _segments[index + 1].Sequence;
            }

            if (position.Offset >= length)
            {
                if (active)
                {
                    break;
                }

                position = new BufferPosition(next, SegmentHeaderLength);
                continue;
            }

            var stream = ReaderFor(position.Segment);
            stream.Position = position.Offset;
            stream.ReadExactly(header);
            var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header);
            if (payloadLength <= 0 || position.Offset + RecordFraming.HeaderLength + payloadLength > length)
            {
                throw new InvalidDataException($"{stream.Name}: record at offset {position.Offset} is damaged");
            }

            var record = new byte[RecordFraming.HeaderLength + payloadLength];
            header.CopyTo(record, 0);
            stream.ReadExactly(record, RecordFraming.HeaderLength, payloadLength);
            var payload = RecordFraming.Verify(record, stream.Name, position.Offset);
            var (_, appendedAt, count) = BatchCodec.Peek(payload);
            if (batches > 0 && readings.Count + count > maxReadings)
            {
                break;
            }

            BatchCodec.Decode(payload, readings);
            oldest ??= appendedAt;
            batches++;
            position = new BufferPosition(position.Segment, position.Offset + record.Length);
        }

        lock (_sync)
        {
            _read = position;
        }

        return batches == 0 ? null : new PendingReadings(readings, position, batches, oldest!.Value);
    }

    private bool HasUnreadLocked()
    {
        var index = _segments.FindIndex(s => s.Sequence == _read.Segment);
        return index >= 0 && (_read.Offset < _segments[index].Length || index < _segments.Count - 1);
    }

    private void NormalizeReadLocked()
    {
        var index = _segments.FindIndex(s => s.Sequence == _read.Segment);
        if (index < 0 && _segments.Count > 0 && _read.Segment < _segments[0].Sequence)
        {
            _read = new BufferPosition(_segments[0].Sequence, SegmentHeaderLength);
        }
    }

    private FileStream ReaderFor(long segment)
    {
        if (_reader is null || _readerSegment != segment)
        {
            _reader?.Dispose();
            string path;
            lock (_sync)
            {
                path = _segments.First(s => s.Sequence == segment).Path;
            }

            _reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            _readerSegment = segment;
        }

        return _reader;
    }

    /// <summary>
    /// Records that the store has <paramref name="pending"/>: moves the durable cursor past it, reclaims segments
    /// that are wholly forwarded and wakes writers waiting for room.
    /// </summary>
    public void Acknowledge(PendingReadings pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        WriteCursor(pending.End);
        var reclaim = new List<Segment>();
        TaskCompletionSource freed;
        lock (_sync)
        {
            if (pending.End > _acknowledged)
            {
                _acknowledged = pending.End;
            }

            while (_unacknowledged.Count > 0 && _unacknowledged.Peek().End <= _acknowledged)
            {
                _pendingReadings -= _unacknowledged.Dequeue().Count;
            }

            _forwarded += pending.Readings.Count;
            _lastForwardError = null;
            for (var i = 0; i < _segments.Count - 1; i++)
            {
                var segment = _segments[i];
                if (segment.Sequence < _acknowledged.Segment || (segment.Sequence == _acknowledged.Segment && _acknowledged.Offset >= segment.Length))
                {
                    reclaim.Add(segment);
                }
            }

            foreach (var segment in reclaim)
            {
                _segments.Remove(segment);
            }

            freed = _spaceFreed;
            _spaceFreed = NewSignal();
        }

        foreach (var segment in reclaim)
        {
            if (_readerSegment == segment.Sequence)
            {
                _reader?.Dispose();
                _reader = null;
                _readerSegment = -1;
            }

            File.Delete(segment.Path);
        }

        if (reclaim.Count > 0)
        {
            FileSync.FlushDirectory(Directory);
        }

        _metrics.Forwarded.Add(pending.Readings.Count, _metrics.Tag);
        freed.TrySetResult();
        WriteState(force: false);
    }

    /// <summary>Hands out again everything not acknowledged (after a forwarder stopped with batches in flight).</summary>
    public void RewindToAcknowledged()
    {
        lock (_sync)
        {
            _read = _acknowledged;
        }
    }

    /// <summary>
    /// Sets aside readings the store refused for good: they are appended (and flushed) to <c>rejected.jsonl</c> with
    /// the reason, counted, and logged, before their batch is acknowledged. Nothing is dropped silently.
    /// </summary>
    public void SetAside(IReadOnlyList<RejectedReading> rejected, string reason)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        if (rejected.Count == 0)
        {
            return;
        }

        var path = Path.Combine(Directory, DeadLetterFileName);
        var at = InstantPattern.ExtendedIso.Format(_clock.GetCurrentInstant());
        using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            foreach (var item in rejected)
            {
                using var line = new MemoryStream();
                using (var json = new Utf8JsonWriter(line))
                {
                    json.WriteStartObject();
                    json.WriteString("meter", item.Reading.Series.Meter);
                    json.WriteString("measurement", item.Reading.Series.Measurement);
                    json.WriteString("time", InstantPattern.ExtendedIso.Format(item.Reading.Time));
                    if (double.IsFinite(item.Reading.Value))
                    {
                        json.WriteNumber("value", item.Reading.Value);
                    }
                    else
                    {
                        json.WriteString("value", item.Reading.Value.ToString(CultureInfo.InvariantCulture));
                    }

                    json.WriteNumber("flags", (ushort)item.Reading.Flags);
                    json.WriteString("reason", item.Reason);
                    json.WriteString("set_aside_at", at);
                    json.WriteEndObject();
                }

                line.WriteByte((byte)'\n');
                stream.Write(line.GetBuffer(), 0, (int)line.Length);
            }

            stream.Flush(flushToDisk: true);
        }

        lock (_sync)
        {
            _rejected += rejected.Count;
        }

        _metrics.Rejected.Add(rejected.Count, _metrics.Tag);
        LogSetAside(rejected.Count, reason, path);
        WriteState(force: true);
    }

    /// <summary>Records a failed forwarding attempt (shown in state.json until the next success).</summary>
    public void ReportForwardError(string error)
    {
        lock (_sync)
        {
            _lastForwardError = error;
        }

        _metrics.ForwardFailures.Add(1, _metrics.Tag);
        WriteState(force: true);
    }

    private void WriteState(bool force)
    {
        var now = Environment.TickCount64;
        if (!force && now - Interlocked.Read(ref _lastStateWrite) < StateFileIntervalMs)
        {
            Volatile.Write(ref _stateDirty, 1);
            return;
        }

        Interlocked.Exchange(ref _lastStateWrite, now);
        try
        {
            lock (_stateFileGate)
            {
                BufferStateFile.Write(Directory, State);
            }
        }
        catch (IOException ex)
        {
            LogStateNotWritten(Directory, ex.Message); // informational only; never fails a write
        }
    }

    private readonly Lock _stateFileGate = new();

    /// <summary>Stops taking batches (writers waiting for room get <see cref="ObjectDisposedException"/>), writes the state and closes the files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _closing.CancelAsync();
        if (_stateTimer is not null)
        {
            await _stateTimer.DisposeAsync();
        }

        await _appendGate.WaitAsync();
        try
        {
            WriteState(force: true);
            _active?.Dispose();
            _reader?.Dispose();
        }
        finally
        {
            _appendGate.Release();
            _metrics.Dispose();
            _lock.Dispose();
            _closing.Dispose();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Error, Message = "write-ahead buffer {Directory} is FULL: {Pending} of {Capacity} bytes wait for the store; new batches are {Policy} until the store accepts data (nothing is dropped)")]
    private partial void LogFull(string directory, long pending, long capacity, BufferFullPolicy policy);

    [LoggerMessage(Level = LogLevel.Information, Message = "write-ahead buffer {Directory} has room again ({Pending} of {Capacity} bytes pending)")]
    private partial void LogHasRoom(string directory, long pending, long capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "write-ahead buffer segment {Segment}: cut a torn tail of {Bytes} bytes at offset {Offset} left by a crash (never acknowledged)")]
    private partial void LogTornTail(string segment, long offset, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "write-ahead buffer {Directory}: {Batches} batches ({Readings} readings) from before the restart wait for the store")]
    private partial void LogRecovered(string directory, int batches, long readings);

    [LoggerMessage(Level = LogLevel.Error, Message = "write-ahead buffer segment {Segment} is damaged ({Why}); moved to {Target} for inspection, its readings are NOT forwarded")]
    private partial void LogQuarantined(string segment, string target, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "write-ahead buffer cursor {Path} is damaged; replaying from the oldest segment (the store ignores what it already has)")]
    private partial void LogCursorDamaged(string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "the store refused {Count} readings for good ({Reason}); they are set aside in {Path}")]
    private partial void LogSetAside(int count, string reason, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "write-ahead buffer {Directory}: state file not written: {Error}")]
    private partial void LogStateNotWritten(string directory, string error);

    private sealed class Segment(long sequence, string path, long length)
    {
        public long Sequence { get; } = sequence;

        public string Path { get; } = path;

        /// <summary>End of the last whole, flushed record.</summary>
        public long Length { get; set; } = length;
    }

    private readonly record struct BatchInfo(BufferPosition End, int Count, Instant AppendedAt);
}
