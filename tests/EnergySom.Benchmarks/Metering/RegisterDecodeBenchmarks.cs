using BenchmarkDotNet.Attributes;
using EnergySom.Firmware.Registers;

namespace EnergySom.Benchmarks.Metering;

/// <summary>Decoding a full 125-register block (62 float32 values) into doubles.</summary>
[MemoryDiagnoser]
public class RegisterDecodeBenchmarks
{
    private readonly byte[] _block = new byte[250];
    private readonly double[] _values = new double[62];

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < 62; i++)
        {
            RegisterCodec.Encode(230.0 + i, RegisterDataType.F32, WordOrder.CDAB, _block.AsSpan(i * 4, 4));
        }
    }

    /// <summary>62 float32 values, word-swapped, per invocation.</summary>
    [Benchmark]
    public double DecodeFloat32Block()
    {
        var sum = 0.0;
        for (var i = 0; i < 62; i++)
        {
            _values[i] = RegisterCodec.Decode(_block.AsSpan(i * 4, 4), RegisterDataType.F32, WordOrder.CDAB);
            sum += _values[i];
        }

        return sum;
    }
}
