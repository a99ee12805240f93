using EnergySom.Baseline.Data;
using EnergySom.Baseline.Results;

namespace EnergySom.Baseline.Models;

/// <summary>
/// A fitted CalTRACK daily or billing model: usage per day = μ + β_H·HDD(HBP) + β_C·CDD(CBP), and how it predicts
/// a day or a billing period.
/// </summary>
/// <param name="ModelType">One of <see cref="CalTrackModelTypes"/>.</param>
/// <param name="Intercept">μ, usage per day.</param>
/// <param name="BetaHdd">β_H, usage per heating degree-day (0 when the form has none).</param>
/// <param name="BetaCdd">β_C, usage per cooling degree-day (0 when the form has none).</param>
/// <param name="HeatingBalancePoint">HBP, in <paramref name="Unit"/>.</param>
/// <param name="CoolingBalancePoint">CBP, in <paramref name="Unit"/>.</param>
public sealed record CalTrackModel(
    string ModelType,
    double Intercept,
    double BetaHdd,
    double BetaCdd,
    double? HeatingBalancePoint,
    double? CoolingBalancePoint,
    TemperatureUnit Unit)
{
    /// <summary>Usage per day at a day's mean temperature in <see cref="Unit"/> (NaN when the temperature is NaN).</summary>
    public double UsagePerDay(double meanTemperature)
    {
        if (double.IsNaN(meanTemperature))
        {
            return double.NaN;
        }

        var usage = Intercept;
        if (HeatingBalancePoint is { } h)
        {
            usage += BetaHdd * Math.Max(h - meanTemperature, 0);
        }

        if (CoolingBalancePoint is { } c)
        {
            usage += BetaCdd * Math.Max(meanTemperature - c, 0);
        }

        return usage;
    }

    /// <summary>
    /// Predicted total of billing period <paramref name="p"/>: N·(μ + β_H·mean HDD + β_C·mean CDD), N = chunks in the
    /// period, the means over its kept chunks (eemeter 3.2.0). NaN when the period's temperatures are insufficient.
    /// </summary>
    public double PeriodTotal(PeriodTemperatures temperatures, int p)
    {
        if (!temperatures.Sufficient(p))
        {
            return double.NaN;
        }

        var perDay = Intercept;
        if (HeatingBalancePoint is { } h)
        {
            perDay += BetaHdd * temperatures.HeatingDegreeDaysPerDay(p, Convert(h, temperatures.Unit));
        }

        if (CoolingBalancePoint is { } c)
        {
            perDay += BetaCdd * temperatures.CoolingDegreeDaysPerDay(p, Convert(c, temperatures.Unit));
        }

        return temperatures.ChunkCount(p) * perDay;
    }

    /// <summary>Predicted total per period of a daily design: usage per day at the period's mean temperature × days.</summary>
    public double[] Predict(DailyDesign design)
    {
        var totals = new double[design.Periods];
        for (var i = 0; i < totals.Length; i++)
        {
            totals[i] = UsagePerDay(TemperatureUnits.Convert(design.MeanTemperature[i], design.Unit, Unit)) * design.Days[i];
        }

        return totals;
    }

    /// <summary>Predicted total per period of a billing design (whole-period temperatures).</summary>
    public double[] Predict(BillingDesign design)
    {
        var totals = new double[design.Periods];
        for (var p = 0; p < totals.Length; p++)
        {
            totals[p] = PeriodTotal(design.Prediction, p);
        }

        return totals;
    }

    /// <summary>Rebuilds the model from a stored CalTRACK result (daily or billing).</summary>
    /// <exception cref="ArgumentException">The result is not a CalTRACK daily or billing model.</exception>
    public static CalTrackModel FromResult(BaselineResult result)
    {
        if (result.ModelKind is not (ModelKinds.CalTrackDaily or ModelKinds.CalTrackBilling))
        {
            throw new ArgumentException($"a {result.ModelKind} result is not a CalTRACK daily or billing model");
        }

        return new CalTrackModel(
            result.ModelType,
            result.Coefficient("intercept"),
            result.Coefficient("beta_hdd"),
            result.Coefficient("beta_cdd"),
            result.BalancePoints?.Heating,
            result.BalancePoints?.Cooling,
            result.BalancePoints?.Unit ?? TemperatureUnit.Fahrenheit);
    }

    private double Convert(double balancePoint, TemperatureUnit to) => TemperatureUnits.Convert(balancePoint, Unit, to);
}
