namespace EnergySom.Baseline.Models;

/// <summary>An ascending grid of candidate balance points: From, From + Step, …, ≤ To.</summary>
public sealed record BalancePointGrid(double From, double To, double Step)
{
    /// <summary>CalTRACK 2.0's grid: every whole °F from 30 to 90 (eemeter 3.2.0 searches step 1; the method allows ≤ 3).</summary>
    public static BalancePointGrid CalTrack { get; } = new(30, 90, 1);

    /// <summary>The grid points.</summary>
    public double[] Values()
    {
        if (!(Step > 0) || !(To >= From) || !double.IsFinite(From) || !double.IsFinite(To))
        {
            throw new ArgumentException($"balance-point grid {From}..{To} step {Step} is not an ascending finite grid");
        }

        var count = (int)Math.Floor(((To - From) / Step) + 1e-9) + 1;
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = From + (i * Step);
        }

        return values;
    }
}
