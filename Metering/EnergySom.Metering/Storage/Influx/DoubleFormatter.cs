using System.Numerics;

namespace EnergySom.Metering.Storage.Influx;

/// <summary>
/// Writes a finite double as ASCII decimal that reads back to exactly the same double, fast and without
/// allocating: the Grisu2 algorithm of F. Loitsch, "Printing Floating-Point Numbers Quickly and Accurately with
/// Integers" (PLDI 2010). Its output always round-trips; it is the shortest such string for all but a small
/// fraction of values, which get one digit more (at most 17 significant digits).
/// </summary>
/// <remarks>
/// <para>Why not <see cref="double.TryFormat(Span{byte}, out int, ReadOnlySpan{char}, IFormatProvider?)"/>: for the
/// doubles Modbus meters mostly produce (float32 registers widened to double, which need 17 digits) it costs
/// 0.5–3 µs here, more than the whole line-protocol budget of 200 ns a point.</para>
/// <para>The cached powers of ten (10^k for k = −348, −340, …, 340, as 64-bit significands with binary exponents) are
/// computed once from exact big-integer arithmetic, rounded to nearest, rather than copied from a table.</para>
/// <para>Layout: positional for decimal exponents −6 &lt; n ≤ 21 (<c>123.45</c>, <c>0.000123</c>, <c>12000</c>),
/// scientific otherwise (<c>1.7976931348623157e+308</c>), as Go's ParseFloat (InfluxDB) and .NET read them.</para>
/// </remarks>
public static class DoubleFormatter
{
    /// <summary>Longest output: sign, 17 digits, point, leading zeros, exponent.</summary>
    public const int MaxLength = 32;

    private const int Alpha = -60;
    private const int CachedPowersFirstExponent = -348;
    private const int CachedPowersStep = 8;
    private static readonly (ulong F, int E)[] CachedPowers = ComputeCachedPowers();
    private static readonly ulong[] PowersOfTen = Enumerable.Range(0, 20).Select(i => (ulong)BigInteger.Pow(10, i)).ToArray();

    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns the bytes written.</summary>
    /// <exception cref="ArgumentException">NaN or infinity.</exception>
    public static int Format(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{value} has no decimal form", nameof(value));
        }

        var position = 0;
        if (double.IsNegative(value))
        {
            destination[position++] = (byte)'-';
            value = -value;
        }

        if (value == 0)
        {
            destination[position++] = (byte)'0';
            return position;
        }

        Span<byte> digits = stackalloc byte[18];
        Grisu2(value, digits, out var length, out var exponent);
        return position + Prettify(digits[..length], exponent, destination[position..]);
    }

    private static void Grisu2(double value, Span<byte> digits, out int length, out int exponent)
    {
        // value = f × 2^e exactly; its neighbours' midpoints are the boundaries m− and m+.
        var bits = BitConverter.DoubleToUInt64Bits(value);
        var fraction = bits & ((1UL << 52) - 1);
        var biased = (int)((bits >> 52) & 0x7FF);
        ulong f;
        int e;
        if (biased != 0)
        {
            f = fraction | (1UL << 52);
            e = biased - 1075;
        }
        else
        {
            f = fraction;
            e = -1074;
        }

        var plus = Normalize(((f << 1) + 1, e - 1));
        var minus = f == 1UL << 52 && biased > 1 ? ((f << 2) - 1, e - 2) : ((f << 1) - 1, e - 1);
        minus = (minus.Item1 << (minus.Item2 - plus.E), plus.E);
        var w = Normalize((f, e));

        // Scale by a cached power 10^−k so the product's binary exponent falls in [α, γ] = [−60, −32].
        var cached = CachedPower(plus.E, out var k);
        var scaled = Multiply(w, cached);
        var upper = Multiply(plus, cached);
        var lower = Multiply(minus, cached);
        lower.F++;
        upper.F--;
        exponent = k;
        DigitGen(scaled, upper, upper.F - lower.F, digits, out length, ref exponent);
    }

    /// <summary>Generates the digits of the upper boundary while they stay within delta of it, then rounds toward w.</summary>
    private static void DigitGen((ulong F, int E) w, (ulong F, int E) upper, ulong delta, Span<byte> digits, out int length, ref int exponent)
    {
        unchecked
        {
            DigitGenUnchecked(w, upper, delta, digits, out length, ref exponent);
        }
    }

    // Integer arithmetic as the algorithm states it: every quantity stays below 2^64 by construction.
    private static void DigitGenUnchecked((ulong F, int E) w, (ulong F, int E) upper, ulong delta, Span<byte> digits, out int length, ref int exponent)
    {
        var shift = -upper.E;
        var one = 1UL << shift;
        var distance = upper.F - w.F;
        var integral = (uint)(upper.F >> shift);
        var fractional = upper.F & (one - 1);
        var kappa = DecimalLength(integral);
        length = 0;
        while (kappa > 0)
        {
            var divisor = (uint)PowersOfTen[kappa - 1];
            var digit = integral / divisor;
            integral %= divisor;
            if (digit != 0 || length != 0)
            {
                digits[length++] = (byte)('0' + digit);
            }

            kappa--;
            var rest = ((ulong)integral << shift) + fractional;
            if (rest <= delta)
            {
                exponent += kappa;
                Round(digits, length, delta, rest, PowersOfTen[kappa] << shift, distance);
                return;
            }
        }

        while (true)
        {
            fractional *= 10;
            delta *= 10;
            var digit = fractional >> shift;
            if (digit != 0 || length != 0)
            {
                digits[length++] = (byte)('0' + digit);
            }

            fractional &= one - 1;
            kappa--;
            if (fractional < delta)
            {
                exponent += kappa;

                // Beyond 10^9 the scaled distance would not fit in 64 bits; the digits are then left unrounded
                // (still inside the boundaries, so still exact on reading back).
                Round(digits, length, delta, fractional, one, -kappa < 9 ? distance * PowersOfTen[-kappa] : 0);
                return;
            }
        }
    }

    /// <summary>Moves the last digit down while that brings the number closer to w and stays inside the boundaries.</summary>
    private static void Round(Span<byte> digits, int length, ulong delta, ulong rest, ulong tenKappa, ulong distance)
    {
        while (unchecked(rest < distance && delta - rest >= tenKappa
            && (rest + tenKappa < distance || distance - rest > rest + tenKappa - distance)))
        {
            digits[length - 1]--;
            rest = unchecked(rest + tenKappa);
        }
    }

    private static int Prettify(ReadOnlySpan<byte> digits, int exponent, Span<byte> output)
    {
        var length = digits.Length;
        var point = length + exponent; // value = 0.d1d2… × 10^point
        if (exponent >= 0 && point <= 21)
        {
            digits.CopyTo(output);
            output.Slice(length, exponent).Fill((byte)'0');
            return point;
        }

        if (point > 0 && point <= 21)
        {
            digits[..point].CopyTo(output);
            output[point] = (byte)'.';
            digits[point..].CopyTo(output[(point + 1)..]);
            return length + 1;
        }

        if (point > -6 && point <= 0)
        {
            output[0] = (byte)'0';
            output[1] = (byte)'.';
            output.Slice(2, -point).Fill((byte)'0');
            digits.CopyTo(output[(2 - point)..]);
            return 2 - point + length;
        }

        var position = 0;
        output[position++] = digits[0];
        if (length > 1)
        {
            output[position++] = (byte)'.';
            digits[1..].CopyTo(output[position..]);
            position += length - 1;
        }

        output[position++] = (byte)'e';
        var decimalExponent = point - 1;
        output[position++] = decimalExponent < 0 ? (byte)'-' : (byte)'+';
        decimalExponent = Math.Abs(decimalExponent);
        if (decimalExponent >= 100)
        {
            output[position++] = (byte)('0' + (decimalExponent / 100));
            decimalExponent %= 100;
            output[position++] = (byte)('0' + (decimalExponent / 10));
        }
        else if (decimalExponent >= 10)
        {
            output[position++] = (byte)('0' + (decimalExponent / 10));
        }

        output[position++] = (byte)('0' + (decimalExponent % 10));
        return position;
    }

    private static (ulong F, int E) Normalize((ulong F, int E) x)
    {
        var shift = BitOperations.LeadingZeroCount(x.F);
        return (x.F << shift, x.E - shift);
    }

    /// <summary>The 128-bit product's upper half, rounded: (a × b) / 2^64.</summary>
    private static (ulong F, int E) Multiply((ulong F, int E) a, (ulong F, int E) b)
    {
        var high = Math.BigMul(a.F, b.F, out var low);
        return (unchecked(high + (low >> 63)), a.E + b.E + 64);
    }

    /// <summary>A cached 10^−k whose product with a number of binary exponent <paramref name="e"/> lands at or above α.</summary>
    private static (ulong F, int E) CachedPower(int e, out int k)
    {
        // Smallest decimal exponent d with e + e(10^d) + 64 ≥ α, i.e. d ≥ (α − e − 63) × log10(2).
        var dk = ((Alpha - 1 - e) * 0.30102999566398114) + 347;
        var index = (int)dk;
        if (dk - index > 0)
        {
            index++;
        }

        index = (index >> 3) + 1;
        k = -(CachedPowersFirstExponent + (index * CachedPowersStep));
        return CachedPowers[index];
    }

    private static int DecimalLength(uint n)
    {
        var length = 1;
        while (length < 10 && n >= PowersOfTen[length])
        {
            length++;
        }

        return length;
    }

    /// <summary>10^d for d = −348, −340, …, 340 as a 64-bit significand (top bit set) and binary exponent, rounded to nearest.</summary>
    private static (ulong F, int E)[] ComputeCachedPowers()
    {
        var powers = new (ulong, int)[87];
        var two64 = BigInteger.One << 64;
        for (var i = 0; i < powers.Length; i++)
        {
            var d = CachedPowersFirstExponent + (i * CachedPowersStep);
            var ten = BigInteger.Pow(10, Math.Abs(d));
            var bits = (int)ten.GetBitLength();
            BigInteger significand;
            int binaryExponent;
            if (d >= 0)
            {
                // 10^d = significand × 2^(bits − 64), rounded to nearest.
                var drop = bits - 64;
                significand = drop > 0 ? (ten + (BigInteger.One << (drop - 1))) >> drop : ten << -drop;
                binaryExponent = drop;
            }
            else
            {
                // 10^d = 2^m / 10^|d|, with m chosen so the quotient has 64 bits.
                var m = bits + 63;
                significand = ((BigInteger.One << m) + (ten >> 1)) / ten;
                binaryExponent = -m;
            }

            while (significand >= two64)
            {
                significand = (significand + 1) >> 1;
                binaryExponent++;
            }

            while (significand < (BigInteger.One << 63))
            {
                significand <<= 1;
                binaryExponent--;
            }

            powers[i] = ((ulong)significand, binaryExponent);
        }

        return powers;
    }
}
