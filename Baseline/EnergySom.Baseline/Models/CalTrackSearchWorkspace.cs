namespace EnergySom.Baseline.Models;

/// <summary>
/// Reusable buffers of a CalTRACK search: sorted rows, per-balance-point sums, the best disqualified candidates.
/// Keep one per thread to fit many meters without allocating; not thread-safe.
/// </summary>
public sealed class CalTrackSearchWorkspace
{
    /// <summary>How many disqualified candidates the search remembers (the best by adjusted R²).</summary>
    public const int RememberedDisqualified = 5;

    internal double[] SortedT = [];
    internal double[] SortedY = [];
    internal double[] Weights = [];
    internal double[] HSum = [];
    internal double[] HSxx = [];
    internal double[] HSxy = [];
    internal double[] HSq = [];
    internal bool[] HOk = [];
    internal double[] CSum = [];
    internal double[] CSxx = [];
    internal double[] CSxy = [];
    internal double[] CSq = [];
    internal bool[] COk = [];
    internal double[] HTable = [];
    internal double[] CTable = [];
    internal CalTrackCandidate[] TopDisqualified = new CalTrackCandidate[RememberedDisqualified];
    internal int TopCount;

    internal void Ensure(int rows, int heating, int cooling, bool tables = false)
    {
        Grow(ref SortedT, rows);
        Grow(ref SortedY, rows);
        Grow(ref Weights, rows);
        Grow(ref HSum, heating);
        Grow(ref HSxx, heating);
        Grow(ref HSxy, heating);
        Grow(ref HSq, heating);
        Grow(ref CSum, cooling);
        Grow(ref CSxx, cooling);
        Grow(ref CSxy, cooling);
        Grow(ref CSq, cooling);
        if (HOk.Length < heating)
        {
            HOk = new bool[heating];
        }

        if (COk.Length < cooling)
        {
            COk = new bool[cooling];
        }

        if (tables)
        {
            Grow(ref HTable, rows * heating);
            Grow(ref CTable, rows * cooling);
        }

        TopCount = 0;
    }

    /// <summary>The remembered disqualified candidates, best first.</summary>
    internal ReadOnlySpan<CalTrackCandidate> Disqualified => TopDisqualified.AsSpan(0, TopCount);

    private static void Grow(ref double[] array, int length)
    {
        if (array.Length < length)
        {
            array = new double[length];
        }
    }
}
