using NodaTime;

namespace EnergySom.Contracts.Tariffs;

/// <summary>
/// One version of an electricity time-of-use tariff (分时电价): which band each part of the local day is in, by
/// season (month) and special day, the price of each band (yuan/kWh), and the basic charge of a two-part tariff.
/// Dated and sourced, so a statement can name exactly what it priced with.
/// </summary>
/// <remarks>
/// Bands follow NDRC 发改价格〔2021〕1093号 (critical peak, peak, flat, valley, deep valley). The day pattern of a
/// date is, in order: a special-day pattern listing the date, else the season containing its month, else the
/// default <see cref="Windows"/> with the default <see cref="Prices"/>. Season and special-day prices override
/// the default prices band by band.
/// </remarks>
/// <param name="Windows">Default day pattern (months without a season).</param>
/// <param name="Prices">Default price per band, yuan/kWh.</param>
public sealed record TimeOfUseTariff(
    string Id,
    string Version,
    LocalDate EffectiveFrom,
    string Source,
    IReadOnlyList<TouWindow> Windows,
    IReadOnlyDictionary<TouBand, decimal> Prices) : ITariffVersion
{
    public const string SchemaId = "energysom.tariff/1";

    /// <summary>Seasonal day patterns; their months are disjoint.</summary>
    public IReadOnlyList<TouSeason> Seasons { get; init; } = [];

    /// <summary>Special-day patterns; their dates are disjoint.</summary>
    public IReadOnlyList<TouSpecialDays> SpecialDays { get; init; } = [];

    /// <summary>The basic charge of a two-part tariff, if this is one.</summary>
    public DemandCharge? DemandCharge { get; init; }

    /// <summary>Where the tariff comes from and whether its prices are published or illustrative.</summary>
    public TariffProvenance Provenance { get; init; } = TariffProvenance.Unspecified(Source);

    /// <summary>Chinese tariff prices include VAT.</summary>
    public bool PricesIncludeVat { get; init; } = true;

    /// <summary>The default-day band at a local time of day.</summary>
    public TouBand BandAt(LocalTime time) => BandIn(Windows, time);

    /// <summary>The band at a local date and time.</summary>
    public TouBand BandAt(LocalDate date, LocalTime time) => BandIn(PatternOn(date).Windows, time);

    /// <summary>The day pattern in force on <paramref name="date"/>.</summary>
    public TouDayPattern PatternOn(LocalDate date) => PatternAt(PatternIndexOn(date));

    /// <summary>
    /// Index of the day pattern in force on <paramref name="date"/> in <see cref="Patterns"/>: 0 the default,
    /// then the seasons, then the special days.
    /// </summary>
    public int PatternIndexOn(LocalDate date)
    {
        for (var i = 0; i < SpecialDays.Count; i++)
        {
            if (SpecialDays[i].Dates.Contains(date))
            {
                return 1 + Seasons.Count + i;
            }
        }

        for (var i = 0; i < Seasons.Count; i++)
        {
            if (Seasons[i].Months.Contains(date.Month))
            {
                return 1 + i;
            }
        }

        return 0;
    }

    /// <summary>The default day pattern.</summary>
    public TouDayPattern DefaultPattern => new("default", Windows, NoOverrides);

    private static readonly IReadOnlyDictionary<TouBand, decimal> NoOverrides = new Dictionary<TouBand, decimal>();

    private TouDayPattern PatternAt(int index) =>
        index == 0 ? DefaultPattern
        : index <= Seasons.Count ? Seasons[index - 1].Pattern
        : SpecialDays[index - 1 - Seasons.Count].Pattern;

    /// <summary>Default price of a band.</summary>
    public decimal PriceOf(TouBand band) =>
        Prices.TryGetValue(band, out var price) ? price : throw new InvalidOperationException($"tariff {Id} {Version} has no price for {band.Code()}");

    /// <summary>Price of a band under a day pattern (its override, else the default price).</summary>
    public decimal PriceOf(TouBand band, TouDayPattern pattern) =>
        pattern.PriceOverrides.TryGetValue(band, out var price) ? price : PriceOf(band);

    /// <summary>Price of a band on a date.</summary>
    public decimal PriceOf(TouBand band, LocalDate date) => PriceOf(band, PatternOn(date));

    /// <summary>Every day pattern of the tariff: default, seasons, special days.</summary>
    public IEnumerable<TouDayPattern> Patterns()
    {
        yield return DefaultPattern;
        foreach (var season in Seasons)
        {
            yield return season.Pattern;
        }

        foreach (var special in SpecialDays)
        {
            yield return special.Pattern;
        }
    }

    /// <summary>
    /// Checks that every day pattern tiles the day (every minute in exactly one window, windows on whole minutes),
    /// that every band used has a price, that seasons' months and special days' dates are disjoint, and that
    /// prices are positive. Throws <see cref="InvalidOperationException"/> naming the first problem.
    /// </summary>
    public void Validate()
    {
        foreach (var pattern in Patterns())
        {
            foreach (var window in pattern.Windows)
            {
                if (window.From.TickOfDay % NodaConstants.TicksPerMinute != 0 || window.To.TickOfDay % NodaConstants.TicksPerMinute != 0)
                {
                    throw new InvalidOperationException($"tariff {Id} {Version} ({pattern.Name}): window {window.From:HH:mm:ss} starts or ends inside a minute");
                }
            }

            var coverage = new int[24 * 60];
            foreach (var window in pattern.Windows)
            {
                for (var m = window.FromMinute; m < window.ToMinute; m++)
                {
                    coverage[m]++;
                }
            }

            for (var minute = 0; minute < coverage.Length; minute++)
            {
                if (coverage[minute] != 1)
                {
                    var time = LocalTime.FromMinutesSinceMidnight(minute);
                    throw new InvalidOperationException($"tariff {Id} {Version} ({pattern.Name}): {time:HH:mm} is covered by {coverage[minute]} windows (need exactly 1)");
                }
            }

            foreach (var band in pattern.Windows.Select(w => w.Band).Distinct())
            {
                var price = pattern.PriceOverrides.TryGetValue(band, out var own) ? own
                    : Prices.TryGetValue(band, out var standard) ? standard
                    : throw new InvalidOperationException($"tariff {Id} {Version} ({pattern.Name}) has no price for {band.Code()}");
                if (price <= 0)
                {
                    throw new InvalidOperationException($"tariff {Id} {Version} ({pattern.Name}): price of {band.Code()} must be positive");
                }
            }
        }

        var months = new HashSet<int>();
        foreach (var month in Seasons.SelectMany(s => s.Months))
        {
            if (month is < 1 or > 12 || !months.Add(month))
            {
                throw new InvalidOperationException($"tariff {Id} {Version}: month {month} is invalid or in two seasons");
            }
        }

        var dates = new HashSet<LocalDate>();
        foreach (var date in SpecialDays.SelectMany(s => s.Dates))
        {
            if (!dates.Add(date))
            {
                throw new InvalidOperationException($"tariff {Id} {Version}: special day {date:yyyy-MM-dd} is listed twice");
            }
        }

        if (DemandCharge is { Price: <= 0 } or { DemandIntervalMinutes: <= 0 })
        {
            throw new InvalidOperationException($"tariff {Id} {Version}: the demand charge needs a positive price and interval");
        }
    }

    private TouBand BandIn(IReadOnlyList<TouWindow> windows, LocalTime time)
    {
        foreach (var window in windows)
        {
            if (window.Contains(time))
            {
                return window.Band;
            }
        }

        throw new InvalidOperationException($"tariff {Id} {Version} has no band at {time:HH:mm}");
    }
}
