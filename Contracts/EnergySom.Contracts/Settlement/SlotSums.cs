using EnergySom.Contracts.Terms;

namespace EnergySom.Contracts.Settlement;

/// <summary>A run of consecutive missing slots, with the model's estimate of its energy per price key when known.</summary>
internal sealed class MissingRun(int start)
{
    public int Start { get; } = start;

    public int Count { get; set; }

    /// <summary>Estimated energy per key (dispute policy, when estimates are given), else null.</summary>
    public Dictionary<int, double>? Estimates { get; set; }
}

/// <summary>
/// Energy per price key of one series over a period's slots: from the data, and estimated for missing slots, each a
/// compensated sum in slot order (bit-stable across machines), with the missing slots as runs.
/// </summary>
internal sealed class SlotSums
{
    private readonly double[] _metered;
    private readonly double[] _meteredCompensation;
    private readonly double[] _estimated;
    private readonly double[] _estimatedCompensation;

    private SlotSums(int keys)
    {
        _metered = new double[keys];
        _meteredCompensation = new double[keys];
        _estimated = new double[keys];
        _estimatedCompensation = new double[keys];
        MeteredSlots = new int[keys];
        EstimatedSlotsPerKey = new int[keys];
    }

    public int[] MeteredSlots { get; }

    public int[] EstimatedSlotsPerKey { get; }

    public int Present { get; private set; }

    public int Missing { get; private set; }

    public int EstimatedSlots { get; private set; }

    public List<MissingRun> MissingRuns { get; } = [];

    public double Metered(int key) => _metered[key] + _meteredCompensation[key];

    public double Estimated(int key) => _estimated[key] + _estimatedCompensation[key];

    /// <summary>
    /// Sums <paramref name="values"/> (slot i is <c>values[offset + i]</c>; outside the span or NaN is missing) over
    /// the grid's slots. Under <see cref="MissingIntervalPolicy.Estimate"/> a missing slot takes its estimate
    /// (<c>estimates[estimateOffset + i]</c>); one without an estimate is reported through <paramref name="noEstimate"/>.
    /// Under <see cref="MissingIntervalPolicy.Dispute"/> the estimates, when given, are kept per run.
    /// </summary>
    /// <remarks>Neumaier's compensated summation per key, in slot order; a split slot adds value × fraction to each of its keys.</remarks>
    public static SlotSums Accumulate(
        PricingGrid grid,
        ReadOnlySpan<double> values,
        int offset,
        ReadOnlySpan<double> estimates,
        int estimateOffset,
        bool hasEstimates,
        MissingIntervalPolicy policy,
        Func<int, Exception> noEstimate)
    {
        var sums = new SlotSums(grid.Keys.Length);
        var slotKey = grid.SlotKey;
        MissingRun? run = null;
        for (var i = 0; i < grid.Slots; i++)
        {
            var index = offset + i;
            var value = (uint)index < (uint)values.Length ? values[index] : double.NaN;
            if (!double.IsNaN(value))
            {
                run = null;
                sums.Present++;
                sums.Add(slotKey[i], value, grid, estimated: false);
                continue;
            }

            sums.Missing++;
            if (run is null)
            {
                run = new MissingRun(i);
                sums.MissingRuns.Add(run);
            }

            run.Count++;
            if (policy == MissingIntervalPolicy.Exclude)
            {
                continue;
            }

            var estimateIndex = estimateOffset + i;
            var estimate = hasEstimates && (uint)estimateIndex < (uint)estimates.Length ? estimates[estimateIndex] : double.NaN;
            if (policy == MissingIntervalPolicy.Estimate)
            {
                if (double.IsNaN(estimate))
                {
                    throw noEstimate(i);
                }

                sums.EstimatedSlots++;
                sums.Add(slotKey[i], estimate, grid, estimated: true);
            }
            else if (!double.IsNaN(estimate))
            {
                run.Estimates ??= [];
                AddTo(run.Estimates, slotKey[i], estimate, grid);
            }
        }

        return sums;
    }

    private static void AddTo(Dictionary<int, double> target, int key, double value, PricingGrid grid)
    {
        if (key >= 0)
        {
            target[key] = target.GetValueOrDefault(key) + value;
            return;
        }

        foreach (var (k, fraction) in grid.Splits[-key - 1])
        {
            target[k] = target.GetValueOrDefault(k) + (value * fraction);
        }
    }

    private void Add(int key, double value, PricingGrid grid, bool estimated)
    {
        if (key >= 0)
        {
            Add(key, value, estimated);
            return;
        }

        foreach (var (k, fraction) in grid.Splits[-key - 1])
        {
            Add(k, value * fraction, estimated);
        }
    }

    private void Add(int key, double value, bool estimated)
    {
        var sums = estimated ? _estimated : _metered;
        var compensation = estimated ? _estimatedCompensation : _meteredCompensation;
        var counts = estimated ? EstimatedSlotsPerKey : MeteredSlots;
        var sum = sums[key];
        var t = sum + value;
        compensation[key] += Math.Abs(sum) >= Math.Abs(value) ? (sum - t) + value : (value - t) + sum;
        sums[key] = t;
        counts[key]++;
    }
}
