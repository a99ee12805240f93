using BenchmarkDotNet.Attributes;
using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;

namespace EnergySom.Benchmarks.Firmware;

/// <summary>
/// Decoding a 125-register block into canonical values through the profile's points (codec, scale, unit): the
/// path a collector takes for every poll. Issue goal: at least 10 M values/s, i.e. under 100 ns per value;
/// the naive reference copies each value into a new array and uses BitConverter, as hand-written readers do.
/// </summary>
[MemoryDiagnoser]
public class PointDecodeBenchmarks
{
    private const int Values = 62; // 124 registers of float32 in one 125-register read
    private readonly byte[] _block = new byte[250];
    private readonly double[] _out = new double[Values];
    private RegisterPoint[] _points = null!;

    [GlobalSetup]
    public void Setup()
    {
        _points = new RegisterPoint[Values];
        for (var i = 0; i < Values; i++)
        {
            _points[i] = new RegisterPoint($"p{i}", RegisterKind.Input, (ushort)(2 * i), RegisterDataType.F32, WordOrder.CDAB, 0.1, 0, Unit.Watt, Quantity.ActivePower, PollClass.Fast);
            RegisterCodec.Encode(2300.0 + i, RegisterDataType.F32, WordOrder.CDAB, _block.AsSpan(i * 4, 4));
        }
    }

    /// <summary>62 float32 CDAB values through <see cref="RegisterPoint.Decode"/> (decode, × 0.1, W → kW).</summary>
    [Benchmark]
    public double ProfilePoints_Decode()
    {
        var sum = 0.0;
        for (var i = 0; i < Values; i++)
        {
            var point = _points[i];
            _out[i] = point.Decode(_block.AsSpan(point.Address * 2, 4));
            sum += _out[i];
        }

        return sum;
    }

    /// <summary>The naive reference: copy, swap words, reverse for BitConverter, scale by hand.</summary>
    [Benchmark(Baseline = true)]
    public double Naive_BitConverter()
    {
        var sum = 0.0;
        for (var i = 0; i < Values; i++)
        {
            var bytes = new byte[] { _block[(i * 4) + 2], _block[(i * 4) + 3], _block[i * 4], _block[(i * 4) + 1] };
            Array.Reverse(bytes);
            _out[i] = BitConverter.ToSingle(bytes, 0) * 0.1 * 0.001;
            sum += _out[i];
        }

        return sum;
    }
}
