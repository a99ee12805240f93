using System.Globalization;
using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Terms;
using EnergySom.Firmware.Quantities;
using EnergySom.Metering.Quality;
using IntervalSeries = EnergySom.Contracts.Settlement.IntervalSeries;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Service.Settlement;

/// <summary>
/// What <c>energysom settle</c> reads from the reading store for one contract and period, as the settlement
/// engine's plain inputs: per carrier, the metered energy of the contract's meters, the frozen baseline's
/// adjusted-baseline predictions, the avoided energy between them, and a digest of every series read.
/// </summary>
/// <remarks>
/// Series read, for each carrier in the contract's scope:
/// <list type="bullet">
/// <item>each meter's interval energy: <c>METER/active_energy_import_interval</c> (kWh) for electricity,
/// <c>METER/gas_volume_std_interval</c> (on the contract's volume basis) for natural gas;</item>
/// <item>the adjusted baseline the frozen result predicts for the same quantity, summed over the carrier's meters:
/// <c>baseline:RESULT@VERSION/QUANTITY</c>, written by the baseline stage for the reporting period. The series
/// name pins the result id and version the contract settles against.</item>
/// </list>
/// Electricity is settled on the 15-minute grid of the period (time-of-use bands and the maximum-demand window);
/// gas by day in the contract's time zone. An interval without a reading of every meter and the baseline is
/// missing (never zero) and is treated by the contract's missing-interval policy.
/// </remarks>
public sealed class SettlementReadings
{
    /// <summary>The interval of electricity settlement and of the demand window.</summary>
    public static readonly Duration Quarter = Duration.FromMinutes(15);

    private SettlementReadings(IReadOnlyList<CarrierInput> carriers, IReadOnlyList<ReadingDigest> digests, IReadOnlyList<string> describe)
    {
        Carriers = carriers;
        Digests = digests;
        Describe = describe;
    }

    /// <summary>One input per carrier in the contract's scope.</summary>
    public IReadOnlyList<CarrierInput> Carriers { get; }

    /// <summary>The fingerprint of every series read, in the order read.</summary>
    public IReadOnlyList<ReadingDigest> Digests { get; }

    /// <summary>One line per series for a readable summary.</summary>
    public IReadOnlyList<string> Describe { get; }

    /// <summary>The name of the series that holds a baseline result's adjusted-baseline predictions.</summary>
    public static string BaselineSeriesMeter(BaselineResultReference result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return $"baseline:{result.Id}@{result.Version}";
    }

    /// <summary>The quantity code a carrier's interval energy is stored under.</summary>
    public static string QuantityOf(EnergyCarrier carrier) =>
        carrier == EnergyCarrier.Electricity ? Quantity.ActiveEnergyImport.Code : Quantity.GasVolumeStd.Code;

    public static async Task<SettlementReadings> ReadAsync(IReadingStore store, Contract contract, SettlementPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(period);
        var from = period.Dates.From.AtStartOfDayInZone(contract.Zone).ToInstant();
        var to = period.Dates.To.AtStartOfDayInZone(contract.Zone).ToInstant();
        var carriers = new List<CarrierInput>();
        var digests = new List<ReadingDigest>();
        var describe = new List<string>();
        foreach (var scope in contract.Carriers)
        {
            var quantity = QuantityOf(scope.Carrier);
            var baselineKey = new SeriesKey(BaselineSeriesMeter(scope.BaselineResult), quantity);
            var meterKeys = scope.Meters.Select(m => new SeriesKey(m, quantity)).ToList();
            carriers.Add(scope.Carrier == EnergyCarrier.Electricity
                ? await ElectricityAsync(store, scope, meterKeys, baselineKey, from, to, period, contract.Zone, digests, describe, ct)
                : await GasAsync(store, scope, meterKeys, baselineKey, from, to, period, contract.Zone, digests, describe, ct));
        }

        return new SettlementReadings(carriers, digests, describe);
    }

    private static async Task<CarrierInput> ElectricityAsync(
        IReadingStore store, CarrierScope scope, IReadOnlyList<SeriesKey> meters, SeriesKey baselineKey, Instant from, Instant to,
        SettlementPeriod period, DateTimeZone zone, List<ReadingDigest> digests, List<string> describe, CancellationToken ct)
    {
        var metered = await SumAsync(store, meters, from, to, digests, describe, ct);
        var baseline = await SeriesAsync(store, baselineKey, from, to, digests, describe, ct);
        var avoided = Avoided(baseline.Values, metered.Values);
        var demand = new List<MonthlyDemand>();
        if (scope.DemandSavings)
        {
            // Month by month: the billing demand is the highest 15-minute average of each calendar month in the period.
            for (var month = new YearMonth(period.Dates.From.Year, period.Dates.From.Month); month.OnDayOfMonth(1) < period.Dates.To; month = month.PlusMonths(1))
            {
                var monthFrom = Max(from, month.OnDayOfMonth(1).AtStartOfDayInZone(zone).ToInstant());
                var monthTo = Min(to, month.PlusMonths(1).OnDayOfMonth(1).AtStartOfDayInZone(zone).ToInstant());
                var baselinePeak = PeakDemand.HighestAverage(baseline, monthFrom, monthTo, Quarter);
                var actualPeak = PeakDemand.HighestAverage(metered, monthFrom, monthTo, Quarter);
                if (!double.IsNaN(baselinePeak) && !double.IsNaN(actualPeak))
                {
                    demand.Add(new MonthlyDemand(month, baselinePeak, actualPeak));
                }
            }
        }

        return new CarrierInput(scope.Carrier, scope.BaselineResult)
        {
            Avoided = new IntervalSeries(from, Quarter, avoided),
            Metered = metered,
            Demand = demand,
        };
    }

    private static async Task<CarrierInput> GasAsync(
        IReadingStore store, CarrierScope scope, IReadOnlyList<SeriesKey> meters, SeriesKey baselineKey, Instant from, Instant to,
        SettlementPeriod period, DateTimeZone zone, List<ReadingDigest> digests, List<string> describe, CancellationToken ct)
    {
        var days = Period.Between(period.Dates.From, period.Dates.To, PeriodUnits.Days).Days;
        var metered = new double[days];
        foreach (var key in meters)
        {
            await DigestAsync(store, key, from, to, digests, describe, ct);
            var buckets = await store.AggregateAsync(key, from, to, CalendarPeriod.Day, zone, AggregateFunction.Sum, ct);
            for (var d = 0; d < days; d++)
            {
                metered[d] += d < buckets.Count && buckets[d].Count > 0 ? buckets[d].Value : double.NaN; // a day a meter lacks stays missing
            }
        }

        await DigestAsync(store, baselineKey, from, to, digests, describe, ct);
        var baselineBuckets = await store.AggregateAsync(baselineKey, from, to, CalendarPeriod.Day, zone, AggregateFunction.Sum, ct);
        var baseline = new double[days];
        for (var d = 0; d < days; d++)
        {
            baseline[d] = d < baselineBuckets.Count && baselineBuckets[d].Count > 0 ? baselineBuckets[d].Value : double.NaN;
        }

        var avoided = Avoided(baseline, metered);
        return new CarrierInput(scope.Carrier, scope.BaselineResult)
        {
            DailyAvoided = new DailySeries(period.Dates.From, avoided),
            MeteredDaily = new DailySeries(period.Dates.From, metered),
        };
    }

    /// <summary>The sum of several meters on the 15-minute grid; an interval is missing unless every meter has it.</summary>
    private static async Task<IntervalSeries> SumAsync(IReadingStore store, IReadOnlyList<SeriesKey> meters, Instant from, Instant to, List<ReadingDigest> digests, List<string> describe, CancellationToken ct)
    {
        double[]? total = null;
        foreach (var key in meters)
        {
            var series = await SeriesAsync(store, key, from, to, digests, describe, ct);
            if (total is null)
            {
                total = series.Values.ToArray();
                continue;
            }

            var values = series.Values;
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += values[i]; // NaN (missing) stays NaN
            }
        }

        return new IntervalSeries(from, Quarter, total ?? []);
    }

    private static async Task<IntervalSeries> SeriesAsync(IReadingStore store, SeriesKey key, Instant from, Instant to, List<ReadingDigest> digests, List<string> describe, CancellationToken ct)
    {
        var readings = await DigestAsync(store, key, from, to, digests, describe, ct);
        try
        {
            return IntervalSeries.FromPoints(readings.Select(r => (r.Time, r.Value)), from, to, Quarter);
        }
        catch (ArgumentException ex)
        {
            throw new Commands.UserFacingException($"readings of {key}: {ex.Message}", ex);
        }
    }

    private static async Task<IReadOnlyList<Reading>> DigestAsync(IReadingStore store, SeriesKey key, Instant from, Instant to, List<ReadingDigest> digests, List<string> describe, CancellationToken ct)
    {
        var readings = await store.ReadAsync(key, from, to, ct);
        var digest = ReadingDigest.Compute(key.Meter, key.Measurement, from, to, readings.Select(r => (r.Time, r.Value)));
        digests.Add(digest);
        describe.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {digest.Count} readings, sha256 {digest.Sha256[..16]}…"));
        return readings;
    }

    /// <summary>
    /// Avoided energy of each interval: adjusted baseline − metered (IPMVP); missing where either is missing.
    /// </summary>
    private static double[] Avoided(ReadOnlySpan<double> adjustedBaseline, ReadOnlySpan<double> metered)
    {
        var avoided = new double[metered.Length];
        for (var i = 0; i < avoided.Length; i++)
        {
            avoided[i] = adjustedBaseline[i] - metered[i]; // NaN (missing) in either stays NaN
        }

        return avoided;
    }

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;
}
