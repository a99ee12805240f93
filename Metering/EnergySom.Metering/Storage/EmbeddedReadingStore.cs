using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using EnergySom.Metering.Quality;
using NodaTime;

namespace EnergySom.Metering.Storage;

/// <summary>
/// The default store for one machine: a single append-only file of checksummed records, indexed in memory.
/// No server, no dependencies.
/// </summary>
/// <remarks>
/// <para>File layout: a 16-byte header (<c>ESTS</c>, format version, reserved), then records
/// <c>[u32 length][u32 CRC-32C][payload]</c>, little-endian. A payload defines a series (id → key) or carries
/// a columnar block of points of one series (timestamps as Unix ticks, values, quality flags).</para>
/// <para>Crash safety: a record is either whole with a valid checksum or, if the process died while writing
/// it, a torn tail that is cut off on the next open. A bad checksum followed by further records is real
/// corruption and refuses to open rather than silently drop data.</para>
/// <para>Idempotency: replaying a point replaces the stored one (same series and timestamp), in memory and on
/// the next open, so a retried batch never doubles a reading.</para>
/// </remarks>
public sealed class EmbeddedReadingStore : IReadingStore
{
    private const uint Magic = 0x53545345; // "ESTS" read as little-endian
    private const uint FormatVersion = 1;
    private const int HeaderLength = 16;
    private const int RecordHeaderLength = 8;
    private const byte SeriesRecord = 1;
    private const byte PointsRecord = 2;

    private readonly FileStream _file;
    private readonly EmbeddedStoreOptions _options;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _memoryGate = new();
    private readonly Dictionary<SeriesKey, SeriesColumn> _series = [];
    private readonly List<SeriesColumn> _seriesById = [];
    private int _disposed;

    private EmbeddedReadingStore(string path, FileStream file, EmbeddedStoreOptions options)
    {
        Path = path;
        _file = file;
        _options = options;
    }

    /// <summary>The store's file.</summary>
    public string Path { get; }

    /// <summary>Opens (or creates) the store at <paramref name="path"/> and loads its index.</summary>
    /// <exception cref="InvalidDataException">The file is not a store or is corrupt; the message names the offset.</exception>
    public static EmbeddedReadingStore Open(string path, EmbeddedStoreOptions? options = null)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the embedded store's file format is little-endian and is read by reinterpreting memory");
        }

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.None);
        var store = new EmbeddedReadingStore(path, file, options ?? new EmbeddedStoreOptions());
        try
        {
            store.Load();
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return store;
    }

    private void Load()
    {
        if (_file.Length == 0)
        {
            Span<byte> header = stackalloc byte[HeaderLength];
            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], FormatVersion);
            _file.Write(header);
            _file.Flush(flushToDisk: true);
            return;
        }

        var bytes = new byte[_file.Length];
        _file.Position = 0;
        _file.ReadExactly(bytes);
        if (bytes.Length < HeaderLength || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            throw new InvalidDataException($"{Path} is not an EnergySom reading store");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"{Path} has store format {version}; this version reads format {FormatVersion}");
        }

        long offset = HeaderLength;
        while (offset < bytes.Length)
        {
            var remaining = bytes.Length - offset;
            if (remaining < RecordHeaderLength)
            {
                break; // torn record header
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)offset));
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)offset + 4));
            if (length > remaining - RecordHeaderLength)
            {
                break; // torn record: the process died while appending it
            }

            var payload = bytes.AsSpan((int)offset + RecordHeaderLength, (int)length);
            if (Crc32C.Compute(payload) != crc)
            {
                if (offset + RecordHeaderLength + length == bytes.Length)
                {
                    break; // torn last record
                }

                throw new InvalidDataException($"{Path}: record at offset {offset} fails its checksum and is followed by more data; the file is corrupt");
            }

            Apply(payload, offset);
            offset += RecordHeaderLength + length;
        }

        if (offset < bytes.Length)
        {
            // Cut the torn tail so the next append starts on a record boundary.
            _file.SetLength(offset);
            _file.Flush(flushToDisk: true);
        }

        _file.Position = offset;
    }

    private void Apply(ReadOnlySpan<byte> payload, long offset)
    {
        switch (payload[0])
        {
            case SeriesRecord:
            {
                var id = BinaryPrimitives.ReadInt32LittleEndian(payload[1..]);
                var key = SeriesKey.Parse(Encoding.UTF8.GetString(payload[5..]));
                if (id != _seriesById.Count)
                {
                    throw new InvalidDataException($"{Path}: series record at offset {offset} has id {id}, expected {_seriesById.Count}");
                }

                var column = new SeriesColumn(id, key);
                _seriesById.Add(column);
                _series.Add(key, column);
                break;
            }

            case PointsRecord:
            {
                var id = BinaryPrimitives.ReadInt32LittleEndian(payload[1..]);
                var count = BinaryPrimitives.ReadInt32LittleEndian(payload[5..]);
                if ((uint)id >= (uint)_seriesById.Count || payload.Length != 9 + (count * 18))
                {
                    throw new InvalidDataException($"{Path}: points record at offset {offset} is inconsistent");
                }

                var times = MemoryMarshal.Cast<byte, long>(payload.Slice(9, count * 8));
                var values = MemoryMarshal.Cast<byte, double>(payload.Slice(9 + (count * 8), count * 8));
                var flags = MemoryMarshal.Cast<byte, ushort>(payload.Slice(9 + (count * 16), count * 2));
                var column = _seriesById[id];
                for (var i = 0; i < count; i++)
                {
                    column.Upsert(times[i], values[i], (QualityFlags)flags[i]);
                }

                break;
            }

            default:
                throw new InvalidDataException($"{Path}: unknown record type {payload[0]} at offset {offset}");
        }
    }

    public async ValueTask WriteAsync(IReadOnlyList<Reading> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await _writeGate.WaitAsync(ct);
        try
        {
            // Group by series, keeping each series' order; new series get a definition record first.
            var groups = new Dictionary<SeriesKey, List<int>>();
            for (var i = 0; i < batch.Count; i++)
            {
                var key = batch[i].Series;
                if (!groups.TryGetValue(key, out var list))
                {
                    groups.Add(key, list = []);
                }

                list.Add(i);
            }

            var buffer = new ArrayBufferWriter<byte>(64 + (batch.Count * 26));
            var newSeries = new List<SeriesColumn>();
            var ids = new Dictionary<SeriesKey, int>();
            lock (_memoryGate)
            {
                var nextId = _seriesById.Count;
                foreach (var key in groups.Keys)
                {
                    if (_series.TryGetValue(key, out var existing))
                    {
                        ids[key] = existing.Id;
                    }
                    else
                    {
                        var column = new SeriesColumn(nextId++, key);
                        newSeries.Add(column);
                        ids[key] = column.Id;
                    }
                }
            }

            foreach (var column in newSeries)
            {
                var keyBytes = Encoding.UTF8.GetBytes(column.Key.ToString());
                var payload = BeginRecord(buffer, 5 + keyBytes.Length);
                payload[0] = SeriesRecord;
                BinaryPrimitives.WriteInt32LittleEndian(payload[1..], column.Id);
                keyBytes.CopyTo(payload[5..]);
                EndRecord(buffer, payload);
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
                    flags[j] = (ushort)reading.Flags;
                }

                EndRecord(buffer, payload);
            }

            var before = _file.Position;
            try
            {
                await _file.WriteAsync(buffer.WrittenMemory, CancellationToken.None);
                if (_options.FlushToDisk)
                {
                    _file.Flush(flushToDisk: true);
                }
                else
                {
                    await _file.FlushAsync(CancellationToken.None);
                }
            }
            catch
            {
                // Never leave a half-written record in front of the next one (disk full, I/O error).
                _file.SetLength(before);
                _file.Position = before;
                throw;
            }

            lock (_memoryGate)
            {
                foreach (var column in newSeries)
                {
                    _seriesById.Add(column);
                    _series.Add(column.Key, column);
                }

                foreach (var (key, indexes) in groups)
                {
                    var column = _series[key];
                    foreach (var i in indexes)
                    {
                        var reading = batch[i];
                        column.Upsert(reading.Time.ToUnixTimeTicks(), reading.Value, reading.Flags);
                    }
                }
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static Span<byte> BeginRecord(ArrayBufferWriter<byte> buffer, int payloadLength)
    {
        var span = buffer.GetSpan(RecordHeaderLength + payloadLength)[..(RecordHeaderLength + payloadLength)];
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)payloadLength);
        return span[RecordHeaderLength..];
    }

    private static void EndRecord(ArrayBufferWriter<byte> buffer, Span<byte> payload)
    {
        var whole = buffer.GetSpan(RecordHeaderLength + payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(whole[4..], Crc32C.Compute(payload));
        buffer.Advance(RecordHeaderLength + payload.Length);
    }

    public ValueTask<IReadOnlyList<Reading>> ReadAsync(SeriesKey series, Instant from, Instant to, CancellationToken ct)
    {
        lock (_memoryGate)
        {
            if (!_series.TryGetValue(series, out var column))
            {
                return ValueTask.FromResult<IReadOnlyList<Reading>>([]);
            }

            var (start, end) = column.Range(from.ToUnixTimeTicks(), to.ToUnixTimeTicks());
            var result = new Reading[end - start];
            for (var i = start; i < end; i++)
            {
                result[i - start] = new Reading(series, Instant.FromUnixTimeTicks(column.Times[i]), column.Values[i], column.Flags[i]);
            }

            return ValueTask.FromResult<IReadOnlyList<Reading>>(result);
        }
    }

    public ValueTask<IReadOnlyList<SeriesKey>> ListSeriesAsync(CancellationToken ct)
    {
        lock (_memoryGate)
        {
            return ValueTask.FromResult<IReadOnlyList<SeriesKey>>(_seriesById.Where(c => c.Count > 0).Select(c => c.Key).ToList());
        }
    }

    public ValueTask<IReadOnlyList<CalendarBucket>> AggregateAsync(
        SeriesKey series, Instant from, Instant to, CalendarPeriod period, DateTimeZone zone, AggregateFunction function, CancellationToken ct)
    {
        lock (_memoryGate)
        {
            var column = _series.GetValueOrDefault(series);
            var times = column is null ? default : column.Times.AsSpan(0, column.Count);
            var values = column is null ? default : column.Values.AsSpan(0, column.Count);
            return ValueTask.FromResult(CalendarAggregation.Aggregate(times, values, from, to, period, zone, function));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writeGate.WaitAsync();
        try
        {
            _file.Flush(flushToDisk: true);
            await _file.DisposeAsync();
        }
        finally
        {
            _writeGate.Release();
            _writeGate.Dispose();
        }
    }

    /// <summary>One series in memory: parallel arrays sorted by time, unique timestamps.</summary>
    private sealed class SeriesColumn(int id, SeriesKey key)
    {
        public int Id { get; } = id;

        public SeriesKey Key { get; } = key;

        public long[] Times { get; private set; } = new long[16];

        public double[] Values { get; private set; } = new double[16];

        public QualityFlags[] Flags { get; private set; } = new QualityFlags[16];

        public int Count { get; private set; }

        public void Upsert(long time, double value, QualityFlags flags)
        {
            if (Count == 0 || time > Times[Count - 1])
            {
                EnsureCapacity(Count + 1);
                Times[Count] = time;
                Values[Count] = value;
                Flags[Count] = flags;
                Count++;
                return;
            }

            var index = Array.BinarySearch(Times, 0, Count, time);
            if (index >= 0)
            {
                Values[index] = value;
                Flags[index] = flags;
                return;
            }

            index = ~index;
            EnsureCapacity(Count + 1);
            Array.Copy(Times, index, Times, index + 1, Count - index);
            Array.Copy(Values, index, Values, index + 1, Count - index);
            Array.Copy(Flags, index, Flags, index + 1, Count - index);
            Times[index] = time;
            Values[index] = value;
            Flags[index] = flags;
            Count++;
        }

        public (int Start, int End) Range(long from, long to)
        {
            var start = Array.BinarySearch(Times, 0, Count, from);
            start = start < 0 ? ~start : start;
            var end = Array.BinarySearch(Times, 0, Count, to);
            end = end < 0 ? ~end : end;
            return (start, Math.Max(start, end));
        }

        private void EnsureCapacity(int needed)
        {
            if (needed <= Times.Length)
            {
                return;
            }

            var size = Math.Max(needed, Times.Length * 2);
            var times = Times;
            var values = Values;
            var flags = Flags;
            Array.Resize(ref times, size);
            Array.Resize(ref values, size);
            Array.Resize(ref flags, size);
            Times = times;
            Values = values;
            Flags = flags;
        }
    }
}
