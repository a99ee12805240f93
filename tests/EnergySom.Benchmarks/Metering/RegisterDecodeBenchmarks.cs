using BenchmarkDotNet.Attributes;
using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;
using EnergySom.Metering.Collection;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Benchmarks.Metering;

/// <summary>
/// Decoding a full 125-register block (the largest FC03/FC04 read) into typed, scaled values in canonical
/// units. Goal: at least 10 M values/s. Each method decodes every value of the block once; OperationsPerInvoke
/// makes BenchmarkDotNet report the time per value, so values/s = 1e9 / (ns per op).
/// </summary>
/// <remarks>
/// Blocks: <c>Float32</c> is 62 word-swapped (CDAB) float32 values plus one u16 (an SDM630-style block);
/// <c>Mixed</c> is a PM5000-style mix of u16, i16, u32, i32, f32, u64 and i64 in all four word orders with
/// scales. Methods: <see cref="BlockDecoder"/> is the collector's kernel (<see cref="RegisterBlockDecoder"/>);
/// <see cref="CodecPerValue"/> is the foundation's per-value path (<see cref="RegisterCodec.Decode"/> then
/// <see cref="RegisterPoint.ToCanonical"/>); <see cref="NaiveReference"/> is what a first attempt looks like
/// (copy each value's bytes into a new array, reorder with Array.Reverse, BitConverter);
/// <see cref="BlockToReadings"/> adds building the <see cref="Reading"/> records the collector hands on.
/// </remarks>
[MemoryDiagnoser]
public class RegisterDecodeBenchmarks
{
    private byte[] _block = [];
    private PlannedRead _read = null!;
    private RegisterBlockDecoder _decoder = null!;
    private double[] _values = [];
    private SeriesKey[] _series = [];
    private readonly List<Reading> _readings = new(128);

    [Params("Float32", "Mixed")]
    public string Block { get; set; } = "Float32";

    private const int Values = 63;

    [GlobalSetup]
    public void Setup()
    {
        var points = new List<RegisterPoint>();
        var address = 0;
        var random = new Random(42);
        RegisterDataType[] mixed = [RegisterDataType.U16, RegisterDataType.I16, RegisterDataType.U32, RegisterDataType.I32, RegisterDataType.F32, RegisterDataType.U64, RegisterDataType.I64];
        while (points.Count < Values)
        {
            var remaining = 125 - address;
            var type = Block == "Float32"
                ? (points.Count < 62 ? RegisterDataType.F32 : RegisterDataType.U16)
                : mixed[random.Next(mixed.Length)];
            if (type.RegisterCount() > remaining - (Values - points.Count - 1))
            {
                type = RegisterDataType.U16;
            }

            var order = Block == "Float32" ? WordOrder.CDAB : (WordOrder)random.Next(4);
            var scale = type.IsFloat() ? 1 : 0.01;
            points.Add(new RegisterPoint($"p{points.Count}", RegisterKind.Holding, (ushort)address, type, order, scale, 0, Unit.Watt, Quantity.ActivePower, PollClass.Fast));
            address += type.RegisterCount();
        }

        _read = new PlannedRead(RegisterKind.Holding, 0, 125, PollClass.Fast, points);
        _decoder = new RegisterBlockDecoder(_read);
        _values = new double[points.Count];
        _series = points.Select(p => new SeriesKey("meter-1", p.Name)).ToArray();
        _block = new byte[250];
        foreach (var p in points)
        {
            RegisterCodec.Encode(1000 + (random.NextDouble() * 5000), p.Type, p.Order, _block.AsSpan(p.Address * 2, p.Length * 2));
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Values)]
    public double BlockDecoder()
    {
        _decoder.Decode(_block, _values);
        return _values[^1];
    }

    [Benchmark(OperationsPerInvoke = Values)]
    public double CodecPerValue()
    {
        var points = _read.Points;
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            _values[i] = p.ToCanonical(RegisterCodec.Decode(_block.AsSpan(p.Address * 2, p.Length * 2), p.Type, p.Order));
        }

        return _values[^1];
    }

    [Benchmark(OperationsPerInvoke = Values)]
    public double NaiveReference()
    {
        var points = _read.Points;
        for (var i = 0; i < points.Count; i++)
        {
            _values[i] = NaiveDecode(_block, points[i]);
        }

        return _values[^1];
    }

    [Benchmark(OperationsPerInvoke = Values)]
    public int BlockToReadings()
    {
        _readings.Clear();
        _decoder.Decode(_block, _values);
        var time = Instant.FromUnixTimeSeconds(1_800_000_000);
        for (var i = 0; i < _values.Length; i++)
        {
            _readings.Add(new Reading(_series[i], time, _values[i]));
        }

        return _readings.Count;
    }

    // A straightforward decoder as found in many collectors: a fresh array per value, words and bytes
    // reordered by hand, then BitConverter on a little-endian machine.
    private static double NaiveDecode(byte[] block, RegisterPoint p)
    {
        var bytes = new byte[p.Length * 2];
        Array.Copy(block, p.Address * 2, bytes, 0, bytes.Length);
        var words = new List<byte[]>();
        for (var w = 0; w < p.Length; w++)
        {
            var word = new[] { bytes[2 * w], bytes[(2 * w) + 1] };
            if (p.Order is WordOrder.BADC or WordOrder.DCBA)
            {
                Array.Reverse(word);
            }

            words.Add(word);
        }

        if (p.Order is WordOrder.CDAB or WordOrder.DCBA)
        {
            words.Reverse();
        }

        var bigEndian = words.SelectMany(w => w).ToArray();
        Array.Reverse(bigEndian);
        double raw = p.Type switch
        {
            RegisterDataType.U16 => BitConverter.ToUInt16(bigEndian, 0),
            RegisterDataType.I16 => BitConverter.ToInt16(bigEndian, 0),
            RegisterDataType.U32 => BitConverter.ToUInt32(bigEndian, 0),
            RegisterDataType.I32 => BitConverter.ToInt32(bigEndian, 0),
            RegisterDataType.U64 => BitConverter.ToUInt64(bigEndian, 0),
            RegisterDataType.I64 => BitConverter.ToInt64(bigEndian, 0),
            RegisterDataType.F32 => BitConverter.ToSingle(bigEndian, 0),
            _ => BitConverter.ToDouble(bigEndian, 0),
        };
        return p.ToCanonical(raw);
    }

    /// <summary>Checks, outside the timings, that the three decoders agree.</summary>
    [GlobalCleanup]
    public void Verify()
    {
        var kernel = new double[_values.Length];
        _decoder.Decode(_block, kernel);
        for (var i = 0; i < kernel.Length; i++)
        {
            var p = _read.Points[i];
            var naive = NaiveDecode(_block, p);
            if (BitConverter.DoubleToInt64Bits(kernel[i]) != BitConverter.DoubleToInt64Bits(naive))
            {
                throw new InvalidOperationException($"{p.Name} {p.Type} {p.Order}: kernel {kernel[i]}, naive {naive}");
            }
        }
    }
}
