using NodaTime;

namespace EnergySom.Baseline.Data;

/// <summary>
/// Design data for a billing model: per billing period its length, usage per day, and its temperatures cut
/// into days twice — as the fit sees them (eemeter 3.2.0: first 35 days + 1 hour) and as prediction sees them
/// (the whole period).
/// </summary>
public sealed class BillingDesign
{
    private readonly Instant[] _starts;
    private readonly Instant[] _ends;
    private readonly double[] _days;
    private readonly double[] _usage;
    private readonly double[] _usagePerDay;

    private BillingDesign(Instant[] starts, Instant[] ends, double[] days, double[] usage, double[] usagePerDay, PeriodTemperatures fit, PeriodTemperatures prediction)
    {
        _starts = starts;
        _ends = ends;
        _days = days;
        _usage = usage;
        _usagePerDay = usagePerDay;
        Fit = fit;
        Prediction = prediction;
    }

    /// <summary>Billing periods.</summary>
    public int Periods => _starts.Length;

    /// <summary>Period starts.</summary>
    public ReadOnlySpan<Instant> Starts => _starts;

    /// <summary>Period ends.</summary>
    public ReadOnlySpan<Instant> Ends => _ends;

    /// <summary>Period lengths in days (eemeter's <c>n_days</c>).</summary>
    public ReadOnlySpan<double> Days => _days;

    /// <summary>Metered usage (NaN = missing).</summary>
    public ReadOnlySpan<double> Usage => _usage;

    /// <summary>Usage / period days.</summary>
    public ReadOnlySpan<double> UsagePerDay => _usagePerDay;

    /// <summary>Temperatures as the fit uses them (weights = kept days).</summary>
    public PeriodTemperatures Fit { get; }

    /// <summary>Temperatures as prediction uses them.</summary>
    public PeriodTemperatures Prediction { get; }

    /// <summary>Unit of the temperatures.</summary>
    public TemperatureUnit Unit => Fit.Unit;

    /// <summary>True when period <paramref name="p"/> enters the fit: usage and sufficient fit temperatures.</summary>
    public bool Usable(int p) => double.IsFinite(_usagePerDay[p]) && Fit.Sufficient(p);

    /// <summary>Builds the billing design (°F by default).</summary>
    /// <param name="fitRules">How the fit matches temperatures; <see cref="PeriodTemperatureRules.BillingFit"/> (eemeter's
    /// 35-day cap) when null. Pass <see cref="PeriodTemperatureRules.BillingPrediction"/> to use whole periods.</param>
    /// <param name="zeroIsMissing">Treat a metered 0 as missing (CalTRACK data rule for electricity).</param>
    public static BillingDesign Build(UsageSeries usage, HourlyTemperature temperature, TemperatureUnit unit = TemperatureUnit.Fahrenheit, PeriodTemperatureRules? fitRules = null, bool zeroIsMissing = false)
    {
        var grid = temperature.In(unit);
        var periods = usage.Periods;
        var starts = new Instant[periods];
        var ends = new Instant[periods];
        var days = new double[periods];
        var values = new double[periods];
        var perDay = new double[periods];
        for (var i = 0; i < periods; i++)
        {
            starts[i] = usage.PeriodStart(i);
            ends[i] = usage.PeriodEnd(i);
            days[i] = usage.PeriodDays(i);
            var v = usage.PeriodValue(i);
            values[i] = zeroIsMissing && v == 0 ? double.NaN : v;
            perDay[i] = values[i] / days[i];
        }

        var fit = PeriodTemperatures.Compute(grid, starts, ends, fitRules ?? PeriodTemperatureRules.BillingFit);
        var prediction = PeriodTemperatures.Compute(grid, starts, ends, PeriodTemperatureRules.BillingPrediction);
        return new BillingDesign(starts, ends, days, values, perDay, fit, prediction);
    }
}
