using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;
using EnergySom.Firmware.VirtualMeter;
using NodaTime;

namespace EnergySom.Firmware.Tests.Profiles.Golden;

/// <summary>
/// The registers one read returns, written by hand from the datasheet's layout: each word is typed in the test
/// (computed with an independent tool where a float is involved), never produced by the codec under test.
/// </summary>
internal sealed class GoldenBlock(RegisterKind kind, ushort start, int count)
{
    private readonly ushort[] _words = new ushort[count];

    public RegisterKind Kind { get; } = kind;

    public ushort Start { get; } = start;

    public int Count => _words.Length;

    /// <summary>Puts words at an on-wire address, in the order they travel.</summary>
    public GoldenBlock Put(int address, params ushort[] words)
    {
        words.CopyTo(_words, address - Start);
        return this;
    }

    /// <summary>The block as PDU bytes (each register big-endian).</summary>
    public byte[] Bytes()
    {
        var bytes = new byte[_words.Length * 2];
        for (var i = 0; i < _words.Length; i++)
        {
            bytes[2 * i] = (byte)(_words[i] >> 8);
            bytes[(2 * i) + 1] = (byte)(_words[i] & 0xFF);
        }

        return bytes;
    }

    /// <summary>Decodes one point of <paramref name="profile"/> from the block, in canonical units.</summary>
    public double Decode(DeviceProfile profile, string pointName, TransformerRatios? ratios = null)
    {
        var point = profile.Point(pointName);
        Assert.Equal(Kind, point.Kind);
        Assert.InRange(point.Address, Start, Start + Count - point.Length);
        return point.Decode(Bytes().AsSpan((point.Address - Start) * 2, point.Length * 2), ratios);
    }

    /// <summary>
    /// Serves <paramref name="values"/> (canonical) from a virtual meter of <paramref name="profile"/> and checks
    /// that the registers of <paramref name="points"/> come out as the hand-written words.
    /// </summary>
    public void AssertVirtualMeterServes(DeviceProfile profile, IReadOnlyDictionary<string, double> values, params string[] points)
    {
        var unit = new VirtualMeterUnit(1, profile, new FixedValues(values));
        var image = new byte[Count * 2];
        Assert.Equal(0, unit.ReadImage(Kind, Start, (ushort)Count, Instant.FromUtc(2025, 6, 1, 0, 0), image));
        var expected = Bytes();
        foreach (var name in points)
        {
            var point = profile.Point(name);
            var offset = (point.Address - Start) * 2;
            Assert.True(
                expected.AsSpan(offset, point.Length * 2).SequenceEqual(image.AsSpan(offset, point.Length * 2)),
                $"{name}: served {Convert.ToHexString(image, offset, point.Length * 2)}, datasheet layout {Convert.ToHexString(expected, offset, point.Length * 2)}");
        }
    }

    public static void AssertClose(double expected, double actual, double relative = 1e-6)
    {
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
    }

    private sealed class FixedValues(IReadOnlyDictionary<string, double> values) : IPointValueSource
    {
        public double? ValueOf(RegisterPoint point, Instant now) => values.TryGetValue(point.Name, out var v) ? v : null;
    }
}
