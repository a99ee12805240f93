using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EnergySom.Baseline.Numerics;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Contracts.Settlement;

/// <summary>Avoided electricity (kWh) in one metering interval starting at <paramref name="Start"/>.</summary>
public readonly record struct IntervalSavings(Instant Start, double AvoidedKwh);

/// <summary>Everything a settlement of one period prices.</summary>
public sealed record SettlementRequest(
    SharedSavingsTerms Terms,
    YearMonth Period,
    DateTimeZone Zone,
    IReadOnlyList<IntervalSavings> Electricity,
    double GasAvoidedNormalCubicMetres,
    TimeOfUseTariff Tariff,
    GasTariff GasTariff,
    RoundingPolicy Rounding,
    string BaselineVersion);

/// <summary>
/// Turns verified savings into money for a shared-savings contract: avoided kWh are priced in the tariff band
/// of their interval, avoided gas at the gas price on its volume basis; the ESCO gets its share of the value,
/// the factory the rest, so the two always add up to the value to the fen.
/// </summary>
/// <remarks>
/// Energy is summed in double, in interval order, with compensation; each line's quantity is rounded to
/// 0.001 of its unit and its amount to the rounding step, so anyone can recompute a line from the printed
/// quantity and price. Same request, same statement, byte for byte.
/// </remarks>
public static class SettlementEngine
{
    public const string EngineVersion = "settlement/1";
    public const string IntervalPolicy = "interval start decides the band (intervals align with band edges)";

    public static SettlementStatement Settle(SettlementRequest request)
    {
        request.Tariff.Validate();
        var periodStart = request.Period.OnDayOfMonth(1).AtStartOfDayInZone(request.Zone).ToInstant();
        var periodEnd = request.Period.OnDayOfMonth(1).PlusMonths(1).AtStartOfDayInZone(request.Zone).ToInstant();
        var bands = Enum.GetValues<TouBand>();
        var perBand = new double[bands.Length][];
        var counts = new int[bands.Length];
        foreach (var interval in request.Electricity)
        {
            if (interval.Start >= periodStart && interval.Start < periodEnd)
            {
                counts[(int)request.Tariff.BandAt(interval.Start.InZone(request.Zone).TimeOfDay)]++;
            }
        }

        for (var b = 0; b < bands.Length; b++)
        {
            perBand[b] = new double[counts[b]];
            counts[b] = 0;
        }

        foreach (var interval in request.Electricity)
        {
            if (interval.Start >= periodStart && interval.Start < periodEnd)
            {
                var band = (int)request.Tariff.BandAt(interval.Start.InZone(request.Zone).TimeOfDay);
                perBand[band][counts[band]++] = interval.AvoidedKwh;
            }
        }

        var lines = new List<StatementLine>();
        foreach (var band in bands)
        {
            if (perBand[(int)band].Length == 0)
            {
                continue;
            }

            var kwh = RoundQuantity(Summation.Sum(perBand[(int)band]));
            var price = request.Tariff.PriceOf(band);
            lines.Add(new StatementLine(
                $"electricity.{band.Code()}",
                $"Avoided electricity, {band.Code()} ({band.ChineseName()})",
                kwh,
                "kWh",
                price,
                request.Rounding.Round(kwh * price)));
        }

        if (request.GasAvoidedNormalCubicMetres != 0)
        {
            var gasTariff = request.GasTariff;
            var volume = RoundQuantity(GasVolume.Convert(request.GasAvoidedNormalCubicMetres, GasVolumeBasis.Normal, gasTariff.Basis));
            lines.Add(new StatementLine(
                "gas",
                $"Avoided natural gas ({(gasTariff.Basis == GasVolumeBasis.Normal ? "Nm³, 0 °C" : "m³ at 20 °C")})",
                volume,
                gasTariff.Basis == GasVolumeBasis.Normal ? "Nm3" : "m3@20C",
                gasTariff.PricePerCubicMetre,
                request.Rounding.Round(volume * gasTariff.PricePerCubicMetre)));
        }

        var value = lines.Sum(l => l.Amount);
        var share = request.Terms.EscoShare(request.Period.OnDayOfMonth(1));
        var esco = request.Rounding.Round(value * share);
        var digest = Digest(request, periodStart, periodEnd);
        return new SettlementStatement(
            SettlementStatement.CurrentSchemaVersion,
            $"{request.Terms.ContractId}/{request.Period.ToString("yyyy-MM", CultureInfo.InvariantCulture)}/{digest[..12]}",
            request.Terms.ContractId,
            request.Period.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            lines,
            value,
            share,
            esco,
            value - esco,
            request.Terms.Esco,
            request.Terms.Factory,
            $"{request.Tariff.Id}@{request.Tariff.Version}",
            $"{request.GasTariff.Id}@{request.GasTariff.Version}",
            request.BaselineVersion,
            EngineVersion,
            request.Rounding.ToString(),
            IntervalPolicy,
            digest);
    }

    private static decimal RoundQuantity(double value) =>
        Math.Round((decimal)value, 3, MidpointRounding.AwayFromZero);

    /// <summary>SHA-256 over the priced inputs of the period, in a fixed binary layout.</summary>
    private static string Digest(SettlementRequest request, Instant from, Instant to)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[16];
        foreach (var interval in request.Electricity)
        {
            if (interval.Start >= from && interval.Start < to)
            {
                BinaryPrimitives.WriteInt64LittleEndian(buffer, interval.Start.ToUnixTimeTicks());
                BinaryPrimitives.WriteDoubleLittleEndian(buffer[8..], interval.AvoidedKwh);
                hash.AppendData(buffer);
            }
        }

        BinaryPrimitives.WriteDoubleLittleEndian(buffer, request.GasAvoidedNormalCubicMetres);
        hash.AppendData(buffer[..8]);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Join(
            "|",
            request.Terms.ContractId,
            string.Join(",", request.Terms.EscoShareByYear.Select(s => s.ToString(CultureInfo.InvariantCulture))),
            request.Tariff.Id,
            request.Tariff.Version,
            request.GasTariff.Id,
            request.GasTariff.Version,
            request.BaselineVersion,
            request.Rounding.ToString(),
            EngineVersion)));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
