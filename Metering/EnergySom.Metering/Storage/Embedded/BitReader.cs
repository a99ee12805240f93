namespace EnergySom.Metering.Storage.Embedded;

/// <summary>Reads bits most-significant first from a byte span; reading past the end is a corrupt block.</summary>
internal ref struct BitReader(ReadOnlySpan<byte> buffer)
{
    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private ulong _accumulator;
    private int _bits;
    private int _position;

    public ulong Read(int count) => count > 32 ? (Read32(count - 32) << 32) | Read32(32) : Read32(count);

    public bool ReadBit() => Read32(1) != 0;

    private ulong Read32(int count)
    {
        while (_bits < count)
        {
            if (_position >= _buffer.Length)
            {
                throw new InvalidDataException("block value stream ends early");
            }

            _accumulator = (_accumulator << 8) | _buffer[_position++];
            _bits += 8;
        }

        _bits -= count;
        return (_accumulator >> _bits) & ((1UL << count) - 1);
    }
}
