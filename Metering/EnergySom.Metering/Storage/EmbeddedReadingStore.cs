using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage.Embedded;
using Microsoft.Win32.SafeHandles;
using NodaTime;

namespace EnergySom.Metering.Storage;

/// <summary>
/// The default store for one machine: a single append-only file of checksummed records. Recent points are
/// logged as they arrive and kept in memory per series; every <see cref="EmbeddedStoreOptions.BlockSize"/> points
/// a series is sealed into a compressed block on disk, and only the block index stays in memory. No server, no
/// dependencies.
/// </summary>
/// <remarks>
/// <para>Sizing for one factory (100 meters × 20 series × 5 years): at 15-minute resolution that is 350 M points.
/// Held in memory as the first version did (18 bytes a point) it would need 6.3 GB of RAM and a full read of the
/// file at every start. Sealed blocks cost 2–4 bytes a point on disk and 32 bytes of index per block in memory
/// (about 11 MB for the factory), heads at most <c>BlockSize × 18</c> bytes a series (37 MB), and a start reads the
/// last checkpoint's index plus at most <see cref="EmbeddedStoreOptions.CheckpointBytes"/> of log.</para>
/// <para>File layout, little-endian: a 64-byte header (<c>ESTS</c>, format version 2, two checkpoint slots
/// <c>[u64 sequence][u64 index offset][u32 index length][u32 CRC-32C]</c> written alternately so a torn header
/// write leaves the other valid), then records <c>[u32 length][u32 CRC-32C][payload]</c>. Payloads: 1 series
/// definition (id, key); 2 points log (id, count, ticks[], values[], flags[]); 3 sealed block (id, count, time
/// range, <see cref="BlockCodec"/> columns; the last block of a seal clears the series' head on replay); 4 index
/// (every series key and block reference at a checkpoint). Format 1 files (series and points records only) are
/// read and rewritten as format 2 when opened for writing.</para>
/// <para>Crash safety: a record is either whole with a valid checksum or, if the process died while appending
/// it, a torn tail that is cut off on the next open. A bad checksum followed by further records is real
/// corruption and refuses to open rather than silently drop data. Compaction writes a new file and renames it
/// over the old one, so a crash leaves one or the other.</para>
/// <para>Idempotency: writing a point again replaces the stored one (same series and timestamp; the later write
/// wins), in memory and on the next open, so a retried batch never doubles a reading.</para>
/// <para>Concurrency: one writer per file (an exclusive lock file <c>PATH.lock</c>); any number of
/// <see cref="OpenReadOnly"/> readers, each seeing the file as it was when opened.</para>
/// </remarks>
public sealed class EmbeddedReadingStore : IReadingStore
{
    private const uint Magic = 0x53545345; // "ESTS" read as little-endian
    private const uint FormatVersion = 2;
    private const uint LegacyFormatVersion = 1;
    private const int HeaderLength = 64;
    private const int LegacyHeaderLength = 16;
    private const int SlotLength = 24;
    private const int RecordHeaderLength = RecordFraming.HeaderLength;
    private const int LegacyRecordHeaderLength = 8;
    private const int BlockHeaderLength = 38;
    private const byte SeriesRecord = 1;
    private const byte PointsRecord = 2;
    private const byte BlockRecord = 3;
    private const byte IndexRecord = 4;
    private const byte LastOfSeal = 1;
    private static readonly int[] SlotOffsets = [16, 40];

    private readonly EmbeddedStoreOptions _options;
    private readonly bool _readOnly;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<SeriesKey, SeriesState> _series = [];
    private readonly List<SeriesState> _byId = [];
    private readonly ExclusiveLock? _lock;
    private SafeFileHandle _handle;
    private long _length;
    private long _liveBytes;
    private long _sinceCheckpoint;
    private ulong _checkpointSequence;
    private int _disposed;
    private bool _legacyRecords;

    private EmbeddedReadingStore(string path, SafeFileHandle handle, ExclusiveLock? writerLock, EmbeddedStoreOptions options, bool readOnly)
    {
        Path = path;
        _handle = handle;
        _lock = writerLock;
        _options = options;
        _readOnly = readOnly;
    }

    /// <summary>The store's file.</summary>
    public string Path { get; }

    /// <summary>Opens (or creates) the store at <paramref name="path"/> for reading and writing, and loads its index.</summary>
    /// <exception cref="InvalidDataException">The file is not a store or is corrupt; the message names the offset.</exception>
    /// <exception cref="IOException">Another process has the store open for writing.</exception>
    public static EmbeddedReadingStore Open(string path, EmbeddedStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new EmbeddedStoreOptions();
        if (options.BlockSize is < 16 or > 1 << 20)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BlockSize, "BlockSize must be 16..1,048,576 points");
        }

        CheckPlatform();
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var writerLock = ExclusiveLock.Acquire(full + ".lock", $"reading store {full}");
        SafeFileHandle? handle = null;
        try
        {
            var stale = full + ".compacting";
            if (File.Exists(stale))
            {
                File.Delete(stale); // a compaction that died before its rename; the store file is intact
            }

            handle = File.OpenHandle(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            var store = new EmbeddedReadingStore(full, handle, writerLock, options, readOnly: false);
            store.Load();
            return store;
        }
        catch
        {
            handle?.Dispose();
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an existing store for reading only, while a writer may keep appending: the reader sees the file as it
    /// was when opened (a record being appended at that moment is not part of the snapshot). Writes throw.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no store at <paramref name="path"/>.</exception>
    public static EmbeddedReadingStore OpenReadOnly(string path, EmbeddedStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckPlatform();
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"no reading store at {full}", full);
        }

        var handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            var store = new EmbeddedReadingStore(full, handle, null, options ?? new EmbeddedStoreOptions(), readOnly: true);
            store.Load();
            return store;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void CheckPlatform()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the embedded store's file format is little-endian and is read by reinterpreting memory");
        }
    }

    // ---------------------------------------------------------------- loading

    private void Load()
    {
        var fileLength = RandomAccess.GetLength(_handle);
        Span<byte> start = stackalloc byte[LegacyHeaderLength];
        var read = fileLength == 0 ? 0 : RandomAccess.Read(_handle, start, 0);
        var magicOk = read >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(start) == Magic;
        var version = read >= 8 ? BinaryPrimitives.ReadUInt32LittleEndian(start[4..]) : 0;

        // A new file, or one whose creation died before its header was whole (nothing can follow a torn header).
        var tornHeader = fileLength < 8 || (magicOk && version == FormatVersion && fileLength < HeaderLength);
        if (tornHeader && (fileLength == 0 || magicOk || fileLength < 4))
        {
            if (_readOnly)
            {
                throw new InvalidDataException($"{Path} has no complete header yet");
            }

            Span<byte> header = stackalloc byte[HeaderLength];
            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], FormatVersion);
            RandomAccess.SetLength(_handle, 0);
            RandomAccess.Write(_handle, header, 0);
            RandomAccess.FlushToDisk(_handle);
            FileSync.FlushDirectory(System.IO.Path.GetDirectoryName(Path)!);
            _length = HeaderLength;
            return;
        }

        if (!magicOk || read < LegacyHeaderLength)
        {
            throw new InvalidDataException($"{Path} is not an EnergySom reading store");
        }

        long scanFrom;
        if (version == LegacyFormatVersion)
        {
            scanFrom = LegacyHeaderLength;
        }
        else if (version == FormatVersion)
        {
            scanFrom = LoadCheckpoint() ?? HeaderLength;
        }
        else
        {
            throw new InvalidDataException($"{Path} has store format {version}; this version reads formats {LegacyFormatVersion} and {FormatVersion}");
        }

        Scan(scanFrom, fileLength, legacy: version == LegacyFormatVersion);
        if (version == LegacyFormatVersion && !_readOnly)
        {
            Compact(); // rewrites the file in format 2
        }
    }

    /// <summary>Loads the newest valid checkpoint index; returns where the log after it starts, or null when there is none.</summary>
    private long? LoadCheckpoint()
    {
        Span<byte> slot = stackalloc byte[SlotLength];
        (ulong Sequence, long Offset, int Length)? best = null;
        foreach (var slotOffset in SlotOffsets)
        {
            RandomAccess.Read(_handle, slot, slotOffset);
            var sequence = BinaryPrimitives.ReadUInt64LittleEndian(slot);
            if (sequence == 0 || Crc32C.Compute(slot[..20]) != BinaryPrimitives.ReadUInt32LittleEndian(slot[20..]))
            {
                continue;
            }

            if (best is null || sequence > best.Value.Sequence)
            {
                best = (sequence, BinaryPrimitives.ReadInt64LittleEndian(slot[8..]), BinaryPrimitives.ReadInt32LittleEndian(slot[16..]));
            }
        }

        if (best is not { } checkpoint)
        {
            return null;
        }

        var record = new byte[RecordHeaderLength + checkpoint.Length];
        if (RandomAccess.Read(_handle, record, checkpoint.Offset) != record.Length
            || RecordFraming.Verify(record, Path, checkpoint.Offset)[0] != IndexRecord)
        {
            throw new InvalidDataException($"{Path}: the checkpoint index at offset {checkpoint.Offset} is damaged; the file is corrupt");
        }

        ApplyIndex(record.AsSpan(RecordHeaderLength), checkpoint.Offset);
        _checkpointSequence = checkpoint.Sequence;
        return checkpoint.Offset + RecordHeaderLength + checkpoint.Length;
    }

    private void ApplyIndex(ReadOnlySpan<byte> payload, long offset)
    {
        try
        {
            var position = 9;
            var seriesCount = BinaryPrimitives.ReadInt32LittleEndian(payload[position..]);
            position += 4;
            for (var s = 0; s < seriesCount; s++)
            {
                var id = BinaryPrimitives.ReadInt32LittleEndian(payload[position..]);
                var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[(position + 4)..]);
                var key = SeriesKey.Parse(Encoding.UTF8.GetString(payload.Slice(position + 6, keyLength)));
                position += 6 + keyLength;
                var state = AddSeries(id, key, offset);
                _liveBytes += RecordHeaderLength + 5 + keyLength;
                var blockCount = BinaryPrimitives.ReadInt32LittleEndian(payload[position..]);
                position += 4;
                for (var b = 0; b < blockCount; b++)
                {
                    var block = new BlockRef(
                        BinaryPrimitives.ReadInt64LittleEndian(payload[position..]),
                        BinaryPrimitives.ReadInt32LittleEndian(payload[(position + 8)..]),
                        BinaryPrimitives.ReadInt32LittleEndian(payload[(position + 12)..]),
                        BinaryPrimitives.ReadInt64LittleEndian(payload[(position + 16)..]),
                        BinaryPrimitives.ReadInt64LittleEndian(payload[(position + 24)..]));
                    position += 32;
                    state.Blocks.Add(block);
                    _liveBytes += RecordHeaderLength + block.Length;
                }
            }

            _liveBytes += RecordHeaderLength + payload.Length;
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{Path}: the checkpoint index at offset {offset} is inconsistent", ex);
        }
    }

    private void Scan(long from, long fileLength, bool legacy)
    {
        _legacyRecords = legacy;
        long offset;
        using (var stream = new BufferedStream(new HandleStream(_handle, fileLength), 1 << 20))
        {
            offset = RecordFraming.Scan(stream, from, fileLength, Path, Apply, snapshot: _readOnly, headerLength: legacy ? LegacyRecordHeaderLength : RecordHeaderLength);
        }

        if (offset < fileLength && !_readOnly)
        {
            // Cut the torn tail so the next append starts on a record boundary.
            RandomAccess.SetLength(_handle, offset);
            RandomAccess.FlushToDisk(_handle);
        }

        _length = offset;
    }

    private void Apply(ReadOnlySpan<byte> payload, long offset)
    {
        try
        {
            switch (payload[0])
            {
                case SeriesRecord:
                    AddSeries(BinaryPrimitives.ReadInt32LittleEndian(payload[1..]), SeriesKey.Parse(Encoding.UTF8.GetString(payload[5..])), offset);
                    _liveBytes += (_legacyRecords ? LegacyRecordHeaderLength : RecordHeaderLength) + payload.Length;
                    break;

                case PointsRecord:
                {
                    var id = BinaryPrimitives.ReadInt32LittleEndian(payload[1..]);
                    var count = BinaryPrimitives.ReadInt32LittleEndian(payload[5..]);
                    if ((uint)id >= (uint)_byId.Count || count < 0 || payload.Length != 9 + ((long)count * 18))
                    {
                        throw new InvalidDataException($"{Path}: points record at offset {offset} is inconsistent");
                    }

                    var times = MemoryMarshal.Cast<byte, long>(payload.Slice(9, count * 8));
                    var values = MemoryMarshal.Cast<byte, double>(payload.Slice(9 + (count * 8), count * 8));
                    var flags = MemoryMarshal.Cast<byte, ushort>(payload.Slice(9 + (count * 16), count * 2));
                    var head = _byId[id].Head;
                    for (var i = 0; i < count; i++)
                    {
                        head.Upsert(times[i], values[i], (QualityFlags)flags[i]);
                    }

                    break;
                }

                case BlockRecord:
                {
                    var id = BinaryPrimitives.ReadInt32LittleEndian(payload[2..]);
                    if ((uint)id >= (uint)_byId.Count || payload.Length < BlockHeaderLength + BlockCodec.HeaderLength)
                    {
                        throw new InvalidDataException($"{Path}: block record at offset {offset} is inconsistent");
                    }

                    var state = _byId[id];
                    state.Blocks.Add(new BlockRef(
                        offset,
                        payload.Length,
                        BinaryPrimitives.ReadInt32LittleEndian(payload[6..]),
                        BinaryPrimitives.ReadInt64LittleEndian(payload[10..]),
                        BinaryPrimitives.ReadInt64LittleEndian(payload[18..])));
                    _liveBytes += RecordHeaderLength + payload.Length;
                    if ((payload[1] & LastOfSeal) != 0)
                    {
                        state.Head.Clear();
                    }

                    break;
                }

                case IndexRecord:
                    break; // the state it describes was just rebuilt by replaying the records before it

                default:
                    throw new InvalidDataException($"{Path}: unknown record type {payload[0]} at offset {offset}");
            }
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{Path}: record at offset {offset} is inconsistent", ex);
        }
    }

    private SeriesState AddSeries(int id, SeriesKey key, long offset)
    {
        if (id != _byId.Count || _series.ContainsKey(key))
        {
            throw new InvalidDataException($"{Path}: series '{key}' at offset {offset} has id {id}, expected {_byId.Count} and a new key");
        }

        var state = new SeriesState(id, key);
        _byId.Add(state);
        _series.Add(key, state);
        return state;
    }

    // ---------------------------------------------------------------- writing

    /// <inheritdoc/>
    public async ValueTask WriteAsync(IReadOnlyList<Reading> batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_readOnly)
        {
            throw new InvalidOperationException($"{Path} is open read-only");
        }

        if (batch.Count == 0)
        {
            return;
        }

        var groups = new Dictionary<SeriesKey, List<int>>();
        for (var i = 0; i < batch.Count; i++)
        {
            var key = batch[i].Series;
            if (key.Meter is null)
            {
                throw new ArgumentException($"reading {i} of the batch has no series", nameof(batch));
            }

            if (!groups.TryGetValue(key, out var list))
            {
                groups.Add(key, list = []);
            }

            list.Add(i);
        }

        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var buffer = new ArrayBufferWriter<byte>(256 + (batch.Count * 26));

            // Heads filled by earlier writes are sealed first, in the same append, so a failed append changes nothing.
            var seals = new List<(SeriesState Series, List<BlockRef> Blocks)>();
            foreach (var state in _series.Values)
            {
                if (state.Head.Count >= _options.BlockSize)
                {
                    seals.Add((state, EncodeSeal(state, buffer, _length)));
                }
            }

            var newSeries = new List<SeriesState>();
            var ids = new Dictionary<SeriesKey, int>();
            var nextId = _byId.Count;
            foreach (var key in groups.Keys)
            {
                if (_series.TryGetValue(key, out var existing))
                {
                    ids[key] = existing.Id;
                }
                else
                {
                    var state = new SeriesState(nextId++, key);
                    newSeries.Add(state);
                    ids[key] = state.Id;
                    var keyBytes = Encoding.UTF8.GetBytes(key.ToString());
                    var payload = BeginRecord(buffer, 5 + keyBytes.Length);
                    payload[0] = SeriesRecord;
                    BinaryPrimitives.WriteInt32LittleEndian(payload[1..], state.Id);
                    keyBytes.CopyTo(payload[5..]);
                    EndRecord(buffer, payload);
                }
            }

            foreach (var (key, indexes) in groups)
            {
                var count = indexes.Count;
                var payload = BeginRecord(buffer, 9 + (count * 18));
                payload[0] = PointsRecord;
                BinaryPrimitives.WriteInt32LittleEndian(payload[1..], ids[key]);
                BinaryPrimitives.WriteInt32LittleEndian(payload[5..], count);
                var times = MemoryMarshal.Cast<byte, long>(payload.Slice(9, count * 8));
                var values = MemoryMarshal.Cast<byte, double>(payload.Slice(9 + (count * 8), count * 8));
                var flags = MemoryMarshal.Cast<byte, ushort>(payload.Slice(9 + (count * 16), count * 2));
                for (var j = 0; j < count; j++)
                {
                    var reading = batch[indexes[j]];
                    times[j] = reading.Time.ToUnixTimeTicks();
                    values[j] = reading.Value;
                    flags[j] = (ushort)StoredFlags(reading);
                }

                EndRecord(buffer, payload);
            }

            Append(buffer.WrittenSpan, _options.FlushToDisk);

            foreach (var (state, blocks) in seals)
            {
                CommitSeal(state, blocks);
            }

            foreach (var state in newSeries)
            {
                _byId.Add(state);
                _series.Add(state.Key, state);
                _liveBytes += RecordHeaderLength + 5 + Encoding.UTF8.GetByteCount(state.Key.ToString());
            }

            foreach (var (key, indexes) in groups)
            {
                var head = _series[key].Head;
                foreach (var i in indexes)
                {
                    var reading = batch[i];
                    head.Upsert(reading.Time.ToUnixTimeTicks(), reading.Value, StoredFlags(reading));
                }
            }

            if (_sinceCheckpoint >= _options.CheckpointBytes)
            {
                Checkpoint();
            }

            var garbage = _length - _liveBytes;
            if (_options.AutoCompact && garbage > Math.Max(_options.CompactMinGarbageBytes, _liveBytes))
            {
                Compact();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A value that is not a finite number is invalid whatever the writer said (the store contract).</summary>
    private static QualityFlags StoredFlags(Reading reading) =>
        double.IsFinite(reading.Value) ? reading.Flags : reading.Flags | QualityFlags.Invalid;

    /// <summary>Appends whole records at the end; on failure the file is cut back so no half record precedes the next.</summary>
    private void Append(ReadOnlySpan<byte> records, bool flush)
    {
        try
        {
            RandomAccess.Write(_handle, records, _length);
            if (flush)
            {
                RandomAccess.FlushToDisk(_handle);
            }
        }
        catch
        {
            try
            {
                RandomAccess.SetLength(_handle, _length);
            }
            catch (IOException)
            {
                // The disk refuses even that; the torn tail is cut on the next open.
            }

            throw;
        }

        _length += records.Length;
        _sinceCheckpoint += records.Length;
    }

    /// <summary>Encodes the head of <paramref name="state"/> as blocks of at most BlockSize points into <paramref name="buffer"/>.</summary>
    private List<BlockRef> EncodeSeal(SeriesState state, ArrayBufferWriter<byte> buffer, long bufferStartsAt) =>
        EncodeBlocks(state.Id, state.Head.Times, state.Head.Values, state.Head.Flags, buffer, bufferStartsAt, markLast: true);

    private List<BlockRef> EncodeBlocks(
        int id, ReadOnlySpan<long> times, ReadOnlySpan<double> values, ReadOnlySpan<QualityFlags> flags, ArrayBufferWriter<byte> buffer, long bufferStartsAt, bool markLast)
    {
        var blocks = new List<BlockRef>();
        for (var start = 0; start < times.Length; start += _options.BlockSize)
        {
            var count = Math.Min(_options.BlockSize, times.Length - start);
            var offset = bufferStartsAt + buffer.WrittenCount;
            var span = buffer.GetSpan(RecordHeaderLength + BlockHeaderLength + BlockCodec.MaxEncodedLength(count));
            var payload = span[RecordHeaderLength..];
            payload[0] = BlockRecord;
            payload[1] = markLast && start + count == times.Length ? LastOfSeal : (byte)0;
            BinaryPrimitives.WriteInt32LittleEndian(payload[2..], id);
            BinaryPrimitives.WriteInt32LittleEndian(payload[6..], count);
            BinaryPrimitives.WriteInt64LittleEndian(payload[10..], times[start]);
            BinaryPrimitives.WriteInt64LittleEndian(payload[18..], times[start + count - 1]);
            var encoded = BlockCodec.Encode(times.Slice(start, count), values.Slice(start, count), flags.Slice(start, count), payload[26..]);
            var length = 26 + encoded;
            buffer.Advance(RecordFraming.Complete(span, length));
            blocks.Add(new BlockRef(offset, length, count, times[start], times[start + count - 1]));
        }

        return blocks;
    }

    private void CommitSeal(SeriesState state, List<BlockRef> blocks)
    {
        state.Blocks.AddRange(blocks);
        state.Head.Clear();
        foreach (var block in blocks)
        {
            _liveBytes += RecordHeaderLength + block.Length;
        }
    }

    private static Span<byte> BeginRecord(ArrayBufferWriter<byte> buffer, int payloadLength) => RecordFraming.Begin(buffer, payloadLength);

    private static void EndRecord(ArrayBufferWriter<byte> buffer, Span<byte> payload) => RecordFraming.End(buffer, payload.Length);

    /// <summary>Seals every head, appends an index of all blocks and points the header at it.</summary>
    private void Checkpoint()
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        var seals = new List<(SeriesState Series, List<BlockRef> Blocks)>();
        foreach (var state in _byId)
        {
            if (state.Head.Count > 0)
            {
                seals.Add((state, EncodeSeal(state, buffer, _length)));
            }
        }

        var indexOffset = _length + buffer.WrittenCount;
        var sealedBy = seals.ToDictionary(s => s.Series.Id, s => s.Blocks);
        var index = BuildIndex(_checkpointSequence + 1, id => _byId[id].Blocks.Concat(sealedBy.GetValueOrDefault(id) ?? []));
        var payload = BeginRecord(buffer, index.Length);
        index.CopyTo(payload);
        EndRecord(buffer, payload);
        Append(buffer.WrittenSpan, flush: true);
        foreach (var (state, blocks) in seals)
        {
            CommitSeal(state, blocks);
        }

        _checkpointSequence++;
        WriteSlot(_handle, _checkpointSequence, indexOffset, index.Length);
        _sinceCheckpoint = 0;
    }

    private byte[] BuildIndex(ulong sequence, Func<int, IEnumerable<BlockRef>> blocksOf)
    {
        using var stream = new MemoryStream();
        Span<byte> scratch = stackalloc byte[32];
        stream.WriteByte(IndexRecord);
        BinaryPrimitives.WriteUInt64LittleEndian(scratch, sequence);
        stream.Write(scratch[..8]);
        BinaryPrimitives.WriteInt32LittleEndian(scratch, _byId.Count);
        stream.Write(scratch[..4]);
        foreach (var state in _byId)
        {
            var key = Encoding.UTF8.GetBytes(state.Key.ToString());
            BinaryPrimitives.WriteInt32LittleEndian(scratch, state.Id);
            BinaryPrimitives.WriteUInt16LittleEndian(scratch[4..], checked((ushort)key.Length));
            stream.Write(scratch[..6]);
            stream.Write(key);
            var blocks = blocksOf(state.Id).ToList();
            BinaryPrimitives.WriteInt32LittleEndian(scratch, blocks.Count);
            stream.Write(scratch[..4]);
            foreach (var block in blocks)
            {
                BinaryPrimitives.WriteInt64LittleEndian(scratch, block.Offset);
                BinaryPrimitives.WriteInt32LittleEndian(scratch[8..], block.Length);
                BinaryPrimitives.WriteInt32LittleEndian(scratch[12..], block.Count);
                BinaryPrimitives.WriteInt64LittleEndian(scratch[16..], block.MinTime);
                BinaryPrimitives.WriteInt64LittleEndian(scratch[24..], block.MaxTime);
                stream.Write(scratch);
            }
        }

        return stream.ToArray();
    }

    private static void WriteSlot(SafeFileHandle handle, ulong sequence, long indexOffset, int indexLength)
    {
        Span<byte> slot = stackalloc byte[SlotLength];
        BinaryPrimitives.WriteUInt64LittleEndian(slot, sequence);
        BinaryPrimitives.WriteInt64LittleEndian(slot[8..], indexOffset);
        BinaryPrimitives.WriteInt32LittleEndian(slot[16..], indexLength);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[20..], Crc32C.Compute(slot[..20]));
        RandomAccess.Write(handle, slot, SlotOffsets[(int)(sequence % 2)]);
        RandomAccess.FlushToDisk(handle);
    }

    /// <summary>
    /// Rewrites the store without superseded records: logged points and rewritten timestamps are folded into
    /// compressed blocks, small and overlapping blocks are merged. Runs on its own when superseded bytes outgrow
    /// the live data (<see cref="EmbeddedStoreOptions.AutoCompact"/>).
    /// </summary>
    public async ValueTask CompactAsync(CancellationToken ct)
    {
        if (_readOnly)
        {
            throw new InvalidOperationException($"{Path} is open read-only");
        }

        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            Compact();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Compact()
    {
        var temporary = Path + ".compacting";
        var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            Span<byte> header = stackalloc byte[HeaderLength];
            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], FormatVersion);
            RandomAccess.Write(handle, header, 0);
            long position = HeaderLength;
            var rewritten = new List<BlockRef>[_byId.Count];
            var buffer = new ArrayBufferWriter<byte>(1 << 20);
            foreach (var state in _byId)
            {
                buffer.ResetWrittenCount();
                var keyBytes = Encoding.UTF8.GetBytes(state.Key.ToString());
                var definition = BeginRecord(buffer, 5 + keyBytes.Length);
                definition[0] = SeriesRecord;
                BinaryPrimitives.WriteInt32LittleEndian(definition[1..], state.Id);
                keyBytes.CopyTo(definition[5..]);
                EndRecord(buffer, definition);
                rewritten[state.Id] = [];
                foreach (var group in CompactionGroups(state))
                {
                    if (group is [Source { Block: { } only }] && only.Count >= _options.BlockSize / 2)
                    {
                        // A full block no other data overlaps: copied as it is.
                        var record = ReadRecord(only);
                        record[RecordHeaderLength + 1] = 0;
                        var recordOffset = position + buffer.WrittenCount;
                        var target = buffer.GetSpan(record.Length);
                        record.CopyTo(target);
                        buffer.Advance(RecordFraming.Complete(target, only.Length));
                        rewritten[state.Id].Add(only with { Offset = recordOffset });
                    }
                    else
                    {
                        var merged = Merge(state, group, long.MinValue, long.MaxValue);
                        rewritten[state.Id].AddRange(EncodeBlocks(state.Id, merged.TimeSpan, merged.ValueSpan, merged.FlagSpan, buffer, position, markLast: false));
                    }

                    if (buffer.WrittenCount > 1 << 20)
                    {
                        RandomAccess.Write(handle, buffer.WrittenSpan, position);
                        position += buffer.WrittenCount;
                        buffer.ResetWrittenCount();
                    }
                }

                RandomAccess.Write(handle, buffer.WrittenSpan, position);
                position += buffer.WrittenCount;
            }

            var sequence = _checkpointSequence + 1;
            var index = BuildIndex(sequence, id => rewritten[id]);
            buffer.ResetWrittenCount();
            var payload = BeginRecord(buffer, index.Length);
            index.CopyTo(payload);
            EndRecord(buffer, payload);
            RandomAccess.Write(handle, buffer.WrittenSpan, position);
            var indexOffset = position;
            position += buffer.WrittenCount;
            RandomAccess.FlushToDisk(handle);
            WriteSlot(handle, sequence, indexOffset, index.Length);

            File.Move(temporary, Path, overwrite: true);
            FileSync.FlushDirectory(System.IO.Path.GetDirectoryName(Path)!);
            _handle.Dispose();
            _handle = handle;
            _length = position;
            _liveBytes = position;
            _sinceCheckpoint = 0;
            _checkpointSequence = sequence;
            foreach (var state in _byId)
            {
                state.Blocks.Clear();
                state.Blocks.AddRange(rewritten[state.Id]);
                state.Head.Clear();
            }
        }
        catch
        {
            handle.Dispose();
            try
            {
                File.Delete(temporary);
            }
            catch (IOException)
            {
                // Deleted on the next open.
            }

            throw;
        }
    }

    /// <summary>
    /// Groups the blocks and head of a series for compaction: sources whose time ranges overlap go together (they
    /// must be merged), and runs of small neighbours are gathered until they fill a few blocks.
    /// </summary>
    private List<List<Source>> CompactionGroups(SeriesState state)
    {
        var sources = new List<Source>();
        for (var i = 0; i < state.Blocks.Count; i++)
        {
            sources.Add(new Source(state.Blocks[i], i, state.Blocks[i].MinTime, state.Blocks[i].MaxTime, state.Blocks[i].Count));
        }

        if (state.Head.Count > 0)
        {
            sources.Add(new Source(null, int.MaxValue, state.Head.Times[0], state.Head.Times[^1], state.Head.Count));
        }

        sources.Sort((a, b) => a.MinTime != b.MinTime ? a.MinTime.CompareTo(b.MinTime) : a.Priority.CompareTo(b.Priority));
        var overlapping = new List<List<Source>>();
        foreach (var source in sources)
        {
            if (overlapping.Count > 0 && source.MinTime <= overlapping[^1].Max(s => s.MaxTime))
            {
                overlapping[^1].Add(source);
            }
            else
            {
                overlapping.Add([source]);
            }
        }

        var groups = new List<List<Source>>();
        List<Source>? small = null;
        var smallPoints = 0;
        foreach (var group in overlapping)
        {
            var isFullBlock = group is [Source { Block: { } b }] && b.Count >= _options.BlockSize / 2;
            if (isFullBlock)
            {
                if (small is not null)
                {
                    groups.Add(small);
                    small = null;
                    smallPoints = 0;
                }

                groups.Add(group);
                continue;
            }

            small ??= [];
            small.AddRange(group);
            smallPoints += group.Sum(s => s.Count);
            if (smallPoints >= _options.BlockSize * 8)
            {
                groups.Add(small);
                small = null;
                smallPoints = 0;
            }
        }

        if (small is not null)
        {
            groups.Add(small);
        }

        return groups;
    }

    /// <summary>A block or the head (Block null) as a source of points, with its write order (higher wins).</summary>
    private readonly record struct Source(BlockRef? Block, int Priority, long MinTime, long MaxTime, int Count);

    // ---------------------------------------------------------------- reading

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<Reading>> ReadAsync(SeriesKey series, Instant from, Instant to, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (!_series.TryGetValue(series, out var state) || to <= from)
            {
                return [];
            }

            var points = Read(state, from.ToUnixTimeTicks(), to.ToUnixTimeTicks());
            var result = new Reading[points.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = new Reading(series, Instant.FromUnixTimeTicks(points.Times[i]), points.Values[i], points.Flags[i]);
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<SeriesKey>> ListSeriesAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return _byId.Where(s => s.HasData).Select(s => s.Key).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<CalendarBucket>> AggregateAsync(
        SeriesKey series, Instant from, Instant to, CalendarPeriod period, DateTimeZone zone, AggregateFunction function, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(zone);
        await _gate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var points = _series.TryGetValue(series, out var state) && to > from ? Read(state, from.ToUnixTimeTicks(), to.ToUnixTimeTicks()) : PointColumns.Empty;
            return CalendarAggregation.Aggregate(points.TimeSpan, points.ValueSpan, points.FlagSpan, from, to, period, zone, function);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What the store holds and what it costs on disk.</summary>
    public EmbeddedStoreStatistics GetStatistics()
    {
        _gate.Wait();
        try
        {
            return new EmbeddedStoreStatistics(
                _length,
                Math.Min(_liveBytes, _length),
                _byId.Count,
                _byId.Sum(s => (long)s.Blocks.Count),
                _byId.Sum(s => (long)s.Head.Count),
                _byId.Sum(s => s.Blocks.Sum(b => (long)b.Count)));
        }
        finally
        {
            _gate.Release();
        }
    }

    private PointColumns Read(SeriesState state, long from, long to)
    {
        var sources = new List<Source>();
        for (var i = 0; i < state.Blocks.Count; i++)
        {
            var block = state.Blocks[i];
            if (block.MaxTime >= from && block.MinTime < to)
            {
                sources.Add(new Source(block, i, block.MinTime, block.MaxTime, block.Count));
            }
        }

        if (state.Head.Count > 0 && state.Head.Times[^1] >= from && state.Head.Times[0] < to)
        {
            sources.Add(new Source(null, int.MaxValue, state.Head.Times[0], state.Head.Times[^1], state.Head.Count));
        }

        return Merge(state, sources, from, to);
    }

    /// <summary>
    /// The points of <paramref name="sources"/> in <c>[from, to)</c>, sorted, one per timestamp (the source written
    /// last wins). Disjoint sources, the usual case, are simply concatenated in time order.
    /// </summary>
    private PointColumns Merge(SeriesState state, List<Source> sources, long from, long to)
    {
        if (sources.Count == 0)
        {
            return PointColumns.Empty;
        }

        var ordered = sources.OrderBy(s => s.MinTime).ThenBy(s => s.Priority).ToList();
        var disjoint = true;
        for (var i = 1; i < ordered.Count && disjoint; i++)
        {
            disjoint = ordered[i].MinTime > ordered[i - 1].MaxTime;
        }

        var total = ordered.Sum(s => s.Count);
        var result = new PointColumns(total);
        var priorities = disjoint ? null : new int[total];
        var scratch = new PointColumns(ordered.Max(s => s.Count));
        foreach (var source in ordered)
        {
            ReadOnlySpan<long> times;
            ReadOnlySpan<double> values;
            ReadOnlySpan<QualityFlags> flags;
            if (source.Block is { } block)
            {
                DecodeBlock(block, scratch);
                times = scratch.Times.AsSpan(0, block.Count);
                values = scratch.Values.AsSpan(0, block.Count);
                flags = scratch.Flags.AsSpan(0, block.Count);
            }
            else
            {
                times = state.Head.Times;
                values = state.Head.Values;
                flags = state.Head.Flags;
            }

            var lo = CalendarAggregation.LowerBound(times, from);
            var hi = CalendarAggregation.LowerBound(times, to);
            var n = hi - lo;
            times.Slice(lo, n).CopyTo(result.Times.AsSpan(result.Count));
            values.Slice(lo, n).CopyTo(result.Values.AsSpan(result.Count));
            flags.Slice(lo, n).CopyTo(result.Flags.AsSpan(result.Count));
            priorities?.AsSpan(result.Count, n).Fill(source.Priority);
            result.Count += n;
        }

        if (priorities is not null)
        {
            result.SortUnique(priorities);
        }

        return result;
    }

    private void DecodeBlock(BlockRef block, PointColumns into)
    {
        var record = ReadRecord(block);
        var payload = record.AsSpan(RecordHeaderLength);
        if (payload[0] != BlockRecord || BinaryPrimitives.ReadInt32LittleEndian(payload[6..]) != block.Count)
        {
            throw new InvalidDataException($"{Path}: block at offset {block.Offset} does not match the index; the file is corrupt");
        }

        try
        {
            BlockCodec.Decode(payload[26..], block.Count, into.Times, into.Values, into.Flags);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{Path}: block at offset {block.Offset}: {ex.Message}; the file is corrupt", ex);
        }
    }

    private byte[] ReadRecord(BlockRef block)
    {
        var record = new byte[RecordHeaderLength + block.Length];
        if (RandomAccess.Read(_handle, record, block.Offset) != record.Length)
        {
            throw new InvalidDataException($"{Path}: block at offset {block.Offset} runs past the end of the file; the file is corrupt");
        }

        RecordFraming.Verify(record, Path, block.Offset);
        return record;
    }

    // ---------------------------------------------------------------- closing

    /// <summary>Seals what is in memory, writes a checkpoint (so the next open is fast) and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _gate.WaitAsync();
        try
        {
            if (!_readOnly && (_sinceCheckpoint > 0 || _byId.Any(s => s.Head.Count > 0)))
            {
                Checkpoint();
            }
        }
        finally
        {
            _handle.Dispose();
            _lock?.Dispose();
            _gate.Release();
        }
    }

    /// <summary>Growable columns of points.</summary>
    private sealed class PointColumns(int capacity)
    {
        public static readonly PointColumns Empty = new(0);

        public long[] Times { get; } = new long[capacity];

        public double[] Values { get; } = new double[capacity];

        public QualityFlags[] Flags { get; } = new QualityFlags[capacity];

        public int Count { get; set; }

        public ReadOnlySpan<long> TimeSpan => Times.AsSpan(0, Count);

        public ReadOnlySpan<double> ValueSpan => Values.AsSpan(0, Count);

        public ReadOnlySpan<QualityFlags> FlagSpan => Flags.AsSpan(0, Count);

        /// <summary>Sorts by time, keeping for each timestamp the point with the highest priority.</summary>
        public void SortUnique(int[] priorities)
        {
            var order = new int[Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            var times = Times;
            Array.Sort(order, (a, b) => times[a] != times[b] ? times[a].CompareTo(times[b]) : priorities[b].CompareTo(priorities[a]));
            var t = new long[Count];
            var v = new double[Count];
            var f = new QualityFlags[Count];
            var n = 0;
            foreach (var i in order)
            {
                if (n > 0 && t[n - 1] == times[i])
                {
                    continue;
                }

                t[n] = times[i];
                v[n] = Values[i];
                f[n] = Flags[i];
                n++;
            }

            t.AsSpan(0, n).CopyTo(Times);
            v.AsSpan(0, n).CopyTo(Values);
            f.AsSpan(0, n).CopyTo(Flags);
            Count = n;
        }
    }
}
