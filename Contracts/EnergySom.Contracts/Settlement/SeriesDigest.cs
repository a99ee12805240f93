using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// SHA-256 of the part of a series a settlement priced: the UTF-8 header <c>kind|start|step|count|</c> and then
/// each value as IEEE-754 binary64, little endian, NaN written as the canonical NaN. Two series with the same
/// values over the period have the same digest whatever they hold outside it.
/// </summary>
internal static class SeriesDigest
{
    public static SeriesInput Of(EnergyCarrier carrier, string kind, IntervalSeries series, Instant from, Instant to)
    {
        var step = series.Step;
        var count = checked((int)((to - from).BclCompatibleTicks / step.BclCompatibleTicks));
        var offset = (from - series.Start).BclCompatibleTicks / step.BclCompatibleTicks;
        var header = $"{kind}|{SettlementContext.Iso(from)}|{SettlementContext.Iso(step)}|{count}|";
        var digest = Hash(header, count, i => (ulong)(offset + i) < (ulong)series.Count ? series.Values[(int)(offset + i)] : double.NaN);
        return new SeriesInput(carrier.Code(), kind, SettlementContext.Iso(from), SettlementContext.Iso(step), count, digest);
    }

    public static SeriesInput Of(EnergyCarrier carrier, string kind, DailySeries series, LocalDateRange dates)
    {
        var count = dates.Days;
        var header = $"{kind}|{SettlementContext.Iso(dates.From)}|P1D|{count}|";
        var digest = Hash(header, count, i => series.ValueOn(dates.From.PlusDays(i)));
        return new SeriesInput(carrier.Code(), kind, SettlementContext.Iso(dates.From), "P1D", count, digest);
    }

    public static SeriesInput Of(EnergyCarrier carrier, string kind, double total, LocalDateRange dates)
    {
        var header = $"{kind}|{SettlementContext.Iso(dates.From)}|{SettlementContext.Iso(dates.To)}|1|";
        var digest = Hash(header, 1, _ => total);
        return new SeriesInput(carrier.Code(), kind, SettlementContext.Iso(dates.From), $"P{dates.Days}D", 1, digest);
    }

    private static string Hash(string header, int count, Func<int, double> value)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(header));
        var buffer = new byte[8 * 512];
        var filled = 0;
        for (var i = 0; i < count; i++)
        {
            var v = value(i);
            BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(filled, 8), double.IsNaN(v) ? double.NaN : v);
            filled += 8;
            if (filled == buffer.Length)
            {
                hash.AppendData(buffer);
                filled = 0;
            }
        }

        hash.AppendData(buffer.AsSpan(0, filled));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
