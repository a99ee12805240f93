namespace EnergySom.Metering.Storage.Embedded;

/// <summary>Writes bits most-significant first into a byte span.</summary>
internal ref struct BitWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private ulong _accumulator;
    private int _bits;
    private int _position;

    /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/> (1..64).</summary>
    public void Write(ulong value, int count)
    {
        if (count > 32)
        {
            Write32(value >> 32, count - 32);
            Write32(value & 0xFFFF_FFFF, 32);
        }
        else
        {
            Write32(value, count);
        }
    }

    public void WriteBit(bool bit) => Write32(bit ? 1UL : 0UL, 1);

    private void Write32(ulong value, int count)
    {
        var mask = count == 64 ? ulong.MaxValue : (1UL << count) - 1;
        _accumulator = (_accumulator << count) | (value & mask);
        _bits += count;
        while (_bits >= 8)
        {
            _bits -= 8;
            _buffer[_position++] = unchecked((byte)(_accumulator >> _bits));
        }
    }

    /// <summary>Pads the last byte with zeros; returns the bytes written.</summary>
    public int Finish()
    {
        if (_bits > 0)
        {
            _buffer[_position++] = unchecked((byte)(_accumulator << (8 - _bits)));
            _bits = 0;
        }

        return _position;
    }
}
