using System.Collections.Concurrent;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using NodaTime;
using NodaTime.Text;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// What a slot's energy is priced at: a tariff version (and, for time-of-use electricity, a day pattern and band),
/// with its unit price.
/// </summary>
internal sealed record PriceKey(int Segment, ITariffVersion? Tariff, TouDayPattern? Pattern, TouBand? Band, decimal Price, LocalDateRange Dates);

/// <summary>
/// The slots of a settlement period (intervals, or days) and the price key of each, computed once per tariff
/// timeline, zone, period, step and band-split policy and shared by every contract settled on them. A slot wholly in
/// one key stores its key; a slot that straddles band edges (pro-rata policy) stores its split.
/// </summary>
internal sealed class PricingGrid
{
    private const int MaxCached = 512;
    private static readonly ConcurrentDictionary<GridKey, PricingGrid> Cache = new();
    private static readonly InstantPattern InstantFormat = InstantPattern.ExtendedIso;

    private PricingGrid(int slots, PriceKey[] keys, int[] slotKey, (int Key, double Fraction)[][] splits, Func<int, string> slotStart)
    {
        Slots = slots;
        Keys = keys;
        SlotKey = slotKey;
        Splits = splits;
        SlotStart = slotStart;
    }

    public int Slots { get; }

    public PriceKey[] Keys { get; }

    /// <summary>Key of each slot, or −(split index + 1) for a split slot.</summary>
    public int[] SlotKey { get; }

    public (int Key, double Fraction)[][] Splits { get; }

    /// <summary>ISO text of a slot's start (an instant, or a date); slot <c>Slots</c> gives the period end.</summary>
    public Func<int, string> SlotStart { get; }

    /// <summary>
    /// The time-of-use grid of <c>[from, to)</c> local dates in <paramref name="zone"/> with intervals of
    /// <paramref name="step"/>: each interval's band from the version in force on its local date and that date's
    /// day pattern. Cached.
    /// </summary>
    /// <exception cref="BandStraddleException">An interval straddles a band edge under <see cref="BandSplitPolicy.Reject"/>.</exception>
    public static PricingGrid TimeOfUse(TariffTimeline<TimeOfUseTariff> timeline, DateTimeZone zone, LocalDateRange dates, Duration step, BandSplitPolicy policy)
    {
        var key = new GridKey(timeline, zone.Id, dates, step, policy);
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var grid = BuildTimeOfUse(timeline, zone, dates, step, policy);
        if (Cache.Count >= MaxCached)
        {
            Cache.Clear();
        }

        Cache.TryAdd(key, grid);
        return grid;
    }

    /// <summary>One slot per local day of <paramref name="dates"/>, keyed by the tariff version in force that day, at each version's price.</summary>
    public static PricingGrid Daily<T>(IReadOnlyList<TariffSegment<T>> segments, Func<T, decimal> price, LocalDateRange dates)
        where T : ITariffVersion
    {
        var keys = segments.Select((s, i) => new PriceKey(i, s.Tariff, null, null, price(s.Tariff), s.Dates)).ToArray();
        var slotKey = new int[dates.Days];
        for (var d = 0; d < slotKey.Length; d++)
        {
            var day = dates.From.PlusDays(d);
            slotKey[d] = segments.Select((s, i) => (s, i)).First(x => x.s.Dates.Contains(day)).i;
        }

        return new PricingGrid(slotKey.Length, keys, slotKey, [], i => LocalDatePattern.Iso.Format(dates.From.PlusDays(i)));
    }

    /// <summary>Slots of a grid all at one price (agreed-price valuation).</summary>
    public static PricingGrid Single(int slots, decimal price, LocalDateRange dates, Func<int, string> slotStart) =>
        new(slots, [new PriceKey(0, null, null, null, price, dates)], new int[slots], [], slotStart);

    /// <summary>Slot starts of an interval grid (for a single-price grid over intervals).</summary>
    public static Func<int, string> IntervalStarts(Instant from, Duration step) => i => InstantFormat.Format(from + (step * i));

    /// <summary>Builds a time-of-use grid without the cache (the benchmarks time this).</summary>
    internal static PricingGrid BuildTimeOfUse(TariffTimeline<TimeOfUseTariff> timeline, DateTimeZone zone, LocalDateRange dates, Duration step, BandSplitPolicy policy)
    {
        var segments = timeline.Over(dates);
        var from = dates.From.AtStartOfDayInZone(zone).ToInstant();
        var to = dates.To.AtStartOfDayInZone(zone).ToInstant();
        var span = (to - from).BclCompatibleTicks;
        if (span % step.BclCompatibleTicks != 0)
        {
            throw new ArgumentException($"the {step.TotalMinutes}-minute step does not divide the period {dates} in {zone.Id}", nameof(step));
        }

        var slots = (int)(span / step.BclCompatibleTicks);
        var bandCount = Enum.GetValues<TouBand>().Length;

        // Patterns of every segment's tariff, each with its band per minute of the day.
        var patterns = segments.Select(s => s.Tariff.Patterns().ToArray()).ToArray();
        var maxPatterns = patterns.Max(p => p.Length);
        var minuteBands = patterns.Select(ps => ps.Select(MinuteBands).ToArray()).ToArray();
        var keys = new PriceKey[segments.Count * maxPatterns * bandCount];
        for (var s = 0; s < segments.Count; s++)
        {
            for (var p = 0; p < maxPatterns; p++)
            {
                for (var b = 0; b < bandCount; b++)
                {
                    var band = (TouBand)b;
                    var tariff = segments[s].Tariff;
                    var pattern = p < patterns[s].Length ? patterns[s][p] : null;
                    var used = pattern is not null && pattern.Windows.Any(w => w.Band == band);
                    keys[KeyOf(s, p, b, maxPatterns, bandCount)] = new PriceKey(s, tariff, pattern, band, used ? tariff.PriceOf(band, pattern!) : 0m, segments[s].Dates);
                }
            }
        }

        var slotKey = new int[slots];
        var splits = new List<(int Key, double Fraction)[]>();
        var minutesPerStep = (int)(step.BclCompatibleTicks / NodaConstants.TicksPerMinute);
        var counts = new int[bandCount];
        for (var i = 0; i < slots; i++)
        {
            var start = (from + (step * i)).InZone(zone).LocalDateTime;
            var date = start.Date;
            var s = SegmentOf(segments, date);
            var tariff = segments[s].Tariff;
            var p = tariff.PatternIndexOn(date);
            var bands = minuteBands[s][p];
            var startMinute = (int)(start.TimeOfDay.TickOfDay / NodaConstants.TicksPerMinute);
            var endMinute = Math.Min(24 * 60, startMinute + minutesPerStep);
            if (policy == BandSplitPolicy.IntervalStart)
            {
                slotKey[i] = KeyOf(s, p, (int)bands[startMinute], maxPatterns, bandCount);
                continue;
            }

            Array.Clear(counts);
            for (var m = startMinute; m < endMinute; m++)
            {
                counts[(int)bands[m]]++;
            }

            var distinct = counts.Count(c => c > 0);
            if (distinct == 1)
            {
                slotKey[i] = KeyOf(s, p, (int)bands[startMinute], maxPatterns, bandCount);
                continue;
            }

            if (policy == BandSplitPolicy.Reject)
            {
                var edge = Enumerable.Range(startMinute + 1, endMinute - startMinute - 1).First(m => bands[m] != bands[m - 1]);
                throw new BandStraddleException(
                    $"the interval starting {InstantFormat.Format(from + (step * i))} ({start:yyyy-MM-dd HH:mm} local) straddles the {bands[edge - 1].Code()}/{bands[edge].Code()} edge at {LocalTime.FromMinutesSinceMidnight(edge):HH:mm} of tariff {tariff.Id}@{tariff.Version}; the contract's band_split policy is reject");
            }

            var total = endMinute - startMinute;
            var split = new List<(int Key, double Fraction)>();
            for (var b = 0; b < bandCount; b++)
            {
                if (counts[b] > 0)
                {
                    split.Add((KeyOf(s, p, b, maxPatterns, bandCount), counts[b] / (double)total));
                }
            }

            slotKey[i] = -(splits.Count + 1);
            splits.Add([.. split]);
        }

        return new PricingGrid(slots, keys, slotKey, [.. splits], IntervalStarts(from, step));
    }

    private static int KeyOf(int segment, int pattern, int band, int maxPatterns, int bandCount) => ((segment * maxPatterns) + pattern) * bandCount + band;

    private static int SegmentOf(IReadOnlyList<TariffSegment<TimeOfUseTariff>> segments, LocalDate date)
    {
        for (var s = 0; s < segments.Count; s++)
        {
            if (segments[s].Dates.Contains(date))
            {
                return s;
            }
        }

        // An interval in a DST gap can start on a local date after the last segment's range only at the very end.
        return segments.Count - 1;
    }

    private static TouBand[] MinuteBands(TouDayPattern pattern)
    {
        var bands = new TouBand[24 * 60];
        foreach (var window in pattern.Windows)
        {
            for (var m = window.FromMinute; m < window.ToMinute; m++)
            {
                bands[m] = window.Band;
            }
        }

        return bands;
    }

    private readonly record struct GridKey(TariffTimeline<TimeOfUseTariff> Timeline, string Zone, LocalDateRange Dates, Duration Step, BandSplitPolicy Policy);
}

/// <summary>An interval straddles a time-of-use band edge and the contract refuses to split it.</summary>
internal sealed class BandStraddleException(string message) : Exception(message);
