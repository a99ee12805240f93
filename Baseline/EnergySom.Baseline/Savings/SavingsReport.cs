using System.Text.Json.Nodes;
using EnergySom.Baseline.Numerics;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Statistics;
using NodaTime;

namespace EnergySom.Baseline.Savings;

/// <summary>Avoided energy and its uncertainty over a reporting period, from any baseline model's predictions.</summary>
public static class SavingsReport
{
    /// <summary>Method name of the Guideline 14 Annex B estimate.</summary>
    public const string Guideline14Method = "ashrae_guideline_14_annex_b";

    /// <summary>Method name of the CalTRACK 2.0 §4.3.2.4 estimate.</summary>
    public const string CalTrackMethod = "caltrack_2.0_4.3.2.4";

    /// <summary>Method name of the exact OLS prediction interval of the total (independent errors).</summary>
    public const string PredictionIntervalMethod = "ols_prediction_interval";

    /// <summary>
    /// Avoided energy = adjusted baseline − metered per period, cumulative and in total (IPMVP; compensated sums in
    /// period order, so the total is the same on every machine), with non-routine adjustments applied only to the
    /// figure that says so, and uncertainty at each requested confidence by Guideline 14 Annex B, CalTRACK
    /// §4.3.2.4 (daily and billing data only: not for hourly baselines) and (when a prediction variance is given) the exact OLS prediction interval; eemeter's 90 % error
    /// bands too for CalTRACK daily and billing baselines.
    /// </summary>
    public static SavingsResult Compute(SavingsInput input, SavingsOptions? options = null)
    {
        options ??= new SavingsOptions();
        var count = input.Periods.Count;
        if (input.Observed.Count != count || input.AdjustedBaseline.Count != count)
        {
            throw new ArgumentException($"{count} periods but {input.Observed.Count} observed and {input.AdjustedBaseline.Count} predicted values");
        }

        var periods = new PeriodSavings[count];
        var observed = new CompensatedSum();
        var predicted = new CompensatedSum();
        var cumulative = new CompensatedSum();
        var used = 0;
        for (var i = 0; i < count; i++)
        {
            var o = input.Observed[i];
            var p = input.AdjustedBaseline[i];
            var both = double.IsFinite(o) && double.IsFinite(p);
            var avoided = both ? p - o : double.NaN;
            if (both)
            {
                observed.Add(o);
                predicted.Add(p);
                cumulative.Add(avoided);
                used++;
            }

            periods[i] = new PeriodSavings(input.Periods[i], o, p, avoided, cumulative.Value);
        }

        var avoidedTotal = predicted.Value - observed.Value;
        var warnings = new List<BaselineWarning>();
        var applied = Apply(options.Adjustments, input.ReportingPeriod);
        var adjustmentTotal = new CompensatedSum();
        foreach (var a in applied)
        {
            adjustmentTotal.Add(a.AppliedAmount);
        }

        var estimates = new List<UncertaintyEstimate>();
        var basis = UncertaintyBasis.From(input.Baseline);
        EemeterErrorBands? bands = null;
        bool? performance = null;
        if (used > 0 && basis.N > basis.ParameterCount)
        {
            var nPrime = SavingsUncertainty.EffectiveN(basis.N, basis.Autocorrelation, options.Correction);
            if (!(nPrime > 0))
            {
                warnings.Add(new BaselineWarning("savings.autocorrelation_out_of_range", "The residual autocorrelation leaves no effective sample; uncertainty is not defined.", new JsonObject
                {
                    ["rho"] = basis.Autocorrelation,
                    ["n"] = basis.N,
                }));
            }

            var cvGuideline14 = basis.RmseGuideline14 / basis.MeanObserved;
            var cvCalTrack = basis.RmseCalTrack / basis.MeanObserved;
            var months = Months(input, basis.Billing, used);

            // CalTRACK's polynomials were fitted for daily and billing data only; hourly baselines get none.
            var calTrackApplies = input.Baseline.ModelKind is not (ModelKinds.CalTrackHourly or ModelKinds.Towt);
            foreach (var confidence in options.Confidences)
            {
                var g14 = SavingsUncertainty.Guideline14(confidence, basis.N, basis.ParameterCount, cvGuideline14, nPrime, used, predicted.Value);
                estimates.Add(new UncertaintyEstimate(Guideline14Method, confidence, g14, g14 / Math.Abs(avoidedTotal)));
                if (calTrackApplies)
                {
                    var ct = SavingsUncertainty.CalTrack(confidence, basis.N, basis.ExplanatoryCount, cvCalTrack, nPrime, used, months, basis.Billing, predicted.Value);
                    estimates.Add(new UncertaintyEstimate(CalTrackMethod, confidence, ct, ct / Math.Abs(avoidedTotal)));
                }
                if (input.TotalPredictionVariance is { } variance && input.PredictionDegreesOfFreedom is { } dof && dof > 0)
                {
                    var pi = StudentT.TwoSidedCritical(confidence, dof) * Math.Sqrt(variance);
                    estimates.Add(new UncertaintyEstimate(PredictionIntervalMethod, confidence, pi, pi / Math.Abs(avoidedTotal)));
                }
            }

            var g14At68 = SavingsUncertainty.Guideline14(0.68, basis.N, basis.ParameterCount, cvGuideline14, nPrime, used, predicted.Value);
            performance = g14At68 < 0.5 * Math.Abs(avoidedTotal);
            if (input.Baseline.ModelKind is ModelKinds.CalTrackDaily or ModelKinds.CalTrackBilling)
            {
                var m = basis.Billing ? BillingMonths(input) : used;
                bands = SavingsUncertainty.Eemeter(basis, m, observed.Value / used);
            }
        }

        if (Math.Abs(avoidedTotal) < 1e-9 * Math.Max(Math.Abs(predicted.Value), 1))
        {
            warnings.Add(new BaselineWarning("savings.avoided_energy_near_zero", "Avoided energy is about zero, so fractional uncertainties are unbounded.", new JsonObject
            {
                ["avoided_energy"] = avoidedTotal,
            }));
        }

        return new SavingsResult
        {
            BaselineModelKind = input.Baseline.ModelKind,
            BaselineModelType = input.Baseline.ModelType,
            BaselineAlgorithmVersion = input.Baseline.AlgorithmVersion,
            ReportingPeriod = input.ReportingPeriod,
            Periods = periods,
            PeriodsUsed = used,
            ObservedTotal = observed.Value,
            AdjustedBaselineTotal = predicted.Value,
            AvoidedEnergy = avoidedTotal,
            NonRoutineAdjustments = applied,
            NonRoutineAdjustmentTotal = adjustmentTotal.Value,
            AvoidedEnergyWithAdjustments = avoidedTotal + adjustmentTotal.Value,
            Uncertainty = estimates,
            EemeterErrorBands = bands,
            MeetsGuideline14PerformancePath = performance,
            Warnings = warnings,
        };
    }

    /// <summary>The adjustments as applied to <paramref name="reporting"/>: pro rata to the overlap in time.</summary>
    public static IReadOnlyList<AppliedAdjustment> Apply(IReadOnlyList<NonRoutineAdjustment> adjustments, ResultPeriod reporting)
    {
        var applied = new List<AppliedAdjustment>(adjustments.Count);
        foreach (var a in adjustments)
        {
            var length = a.Period.To - a.Period.From;
            if (length <= Duration.Zero)
            {
                throw new ArgumentException($"non-routine adjustment {a.Id}: its period {a.Period.From}..{a.Period.To} is empty");
            }

            var from = Instant.Max(a.Period.From, reporting.From);
            var to = Instant.Min(a.Period.To, reporting.To);
            var fraction = to > from ? (to - from).TotalTicks / length.TotalTicks : 0;
            applied.Add(new AppliedAdjustment(a, a.Amount * fraction, fraction));
        }

        return applied;
    }

    /// <summary>Months in the reporting period for the CalTRACK polynomial: daily m/30 (eemeter), billing ≈ months.</summary>
    private static double Months(SavingsInput input, bool billing, int used) => billing ? BillingMonths(input) : used / 30.0;

    /// <summary>round((last period end − first period start) in days / 30), rounding half to even as Python does.</summary>
    private static int BillingMonths(SavingsInput input)
    {
        if (input.Periods.Count == 0)
        {
            return 0;
        }

        var days = Math.Floor((input.Periods[^1].To - input.Periods[0].From).TotalDays);
        return (int)Math.Round(days / 30, MidpointRounding.ToEven);
    }
}
