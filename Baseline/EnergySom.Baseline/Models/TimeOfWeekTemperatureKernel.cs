using EnergySom.Baseline.Statistics;

namespace EnergySom.Baseline.Models;

/// <summary>
/// Fits one TOWT segment without forming the dense design. The 168 time-of-week dummies are a diagonal block, so
/// they are eliminated analytically (Frisch–Waugh–Lovell): within each hour-of-week the weighted means are removed
/// from energy and from the temperature features, the small temperature system is solved, and each α is the bin's
/// mean energy minus its mean features times the slopes. Occupancy is a property of the hour-of-week, so occupied and
/// unoccupied features never share a row after centring and the temperature system splits into two blocks of at most
/// seven columns each.
/// </summary>
/// <remarks>
/// Cost per segment is O(n·k²) with k ≤ 7 instead of the O(n·(168 + 2k)²) of a dense QR. The small systems are formed
/// from bin-centred data (two passes, so no cancellation of raw sums), equilibrated to a unit diagonal, factored by
/// Cholesky with a pivot test that drops a feature which does not vary within hours-of-week, and solved as corrected
/// semi-normal equations (one step of iterative refinement on the data, Björck 1987), which brings the accuracy to
/// that of a QR solution for these well-scaled problems. The workspace is allocated once per fit and reused by every
/// segment; nothing is allocated inside the passes.
/// </remarks>
internal sealed class TimeOfWeekTemperatureKernel
{
    public const int HoursOfWeek = 168;

    private const double DependentTolerance = 1e-12;
    private const double PivotTolerance = 1e-10;

    private readonly int _features;
    private readonly double[] _xc;
    private readonly double[] _yc;
    private readonly double[] _residual;
    private readonly double[] _endpoints;
    private readonly double[] _observedCentre;
    private readonly double[] _predictedCentre;
    private readonly double[] _weightSum = new double[HoursOfWeek];
    private readonly double[] _meanY = new double[HoursOfWeek];
    private readonly double[] _meanX;
    private readonly int[] _count = new int[HoursOfWeek];
    private readonly int[] _positive = new int[HoursOfWeek];
    private readonly int[] _binCounts;
    private readonly byte[] _group;
    private readonly Group[] _groups;

    public TimeOfWeekTemperatureKernel(int capacity, int endpointCount)
    {
        _features = endpointCount + 1;
        Y = new double[capacity];
        T = new double[capacity];
        W = new double[capacity];
        Tow = new int[capacity];
        Centre = new bool[capacity];
        Source = new int[capacity];
        _group = new byte[capacity];
        _xc = new double[capacity * _features];
        _yc = new double[capacity];
        _residual = new double[capacity];
        _endpoints = new double[endpointCount];
        _observedCentre = new double[capacity];
        _predictedCentre = new double[capacity];
        _meanX = new double[HoursOfWeek * _features];
        _binCounts = new int[2 * _features];
        _groups = [new Group(_features), new Group(_features)];
    }

    /// <summary>Energy of the segment's rows (loaded by the caller).</summary>
    public double[] Y { get; }

    /// <summary>Temperature of the segment's rows.</summary>
    public double[] T { get; }

    /// <summary>Segment weight of each row (&gt; 0).</summary>
    public double[] W { get; }

    /// <summary>Hour-of-week of each row.</summary>
    public int[] Tow { get; }

    /// <summary>Whether the row is in the centre month (weight 1), in time order among the centre rows.</summary>
    public bool[] Centre { get; }

    /// <summary>Index of each row in the caller's input, so centre-row predictions can be handed back.</summary>
    public int[] Source { get; }

    /// <summary>
    /// After <see cref="Fit"/>: writes the fitted value of every centre row of the last segment to
    /// <paramref name="predicted"/>[Source[row]], so the whole-baseline figures need no second prediction pass.
    /// </summary>
    public void CopyCentrePredictions(int n, Span<double> predicted)
    {
        for (var i = 0; i < n; i++)
        {
            if (Centre[i])
            {
                predicted[Source[i]] = Y[i] - _residual[i];
            }
        }
    }

    /// <summary>Fits the first <paramref name="n"/> loaded rows as one segment.</summary>
    public HourlyTowtSegment Fit(int n, string name, int centreMonth, HourlyTowtSettings settings, List<HourlyTowtWarning> warnings)
    {
        var occupied = new bool[HoursOfWeek];
        DetectOccupancy(n, settings, occupied);

        // Temperature bins per occupancy group: one pass counts the original bins, the merging works on the counts.
        var endpointCount = _features - 1;
        for (var e = 0; e < endpointCount; e++)
        {
            _endpoints[e] = settings.TemperatureBinEndpoints[e];
        }

        var original = _endpoints;
        Array.Clear(_binCounts);
        for (var i = 0; i < n; i++)
        {
            var g = occupied[Tow[i]] ? 0 : 1;
            var t = T[i];
            var bin = 0;
            while (bin < endpointCount && t > original[bin])
            {
                bin++;
            }

            _binCounts[(g * _features) + bin]++;
        }

        Span<bool> keptScratch = stackalloc bool[Math.Min(endpointCount, 64)];
        for (var g = 0; g < 2; g++)
        {
            var group = _groups[g];
            var counts = _binCounts.AsSpan(g * _features, _features);
            var m = 0;
            foreach (var c in counts)
            {
                m += c;
            }

            group.Rows = m;
            if (m == 0)
            {
                group.EndpointCount = 0;
                group.K = 0;
                continue;
            }

            var keep = endpointCount <= 64 ? keptScratch[..endpointCount] : new bool[endpointCount];
            group.EndpointCount = TimeOfWeekTemperatureFeatures.MergeSparseBins(counts, settings.MinimumHoursPerBin, keep);
            var j = 0;
            for (var e = 0; e < endpointCount; e++)
            {
                if (keep[e])
                {
                    group.Endpoints[j++] = original[e];
                }
            }

            group.K = group.EndpointCount + 1;
        }

        var f = _features;
        for (var i = 0; i < n; i++)
        {
            _group[i] = occupied[Tow[i]] ? (byte)0 : (byte)1;
        }

        // Features, inlined from TimeOfWeekTemperatureFeatures.Compute (the same formulas) for the hot loop.
        for (var i = 0; i < n; i++)
        {
            var group = _groups[_group[i]];
            var k = group.EndpointCount;
            var endpoints = group.Endpoints;
            var row = i * f;
            var t = T[i];
            if (group.K == 0)
            {
                continue;
            }

            if (k == 0)
            {
                _xc[row] = t;
                continue;
            }

            var previous = endpoints[0];
            _xc[row] = t < previous ? t : previous;
            for (var j = 1; j < k; j++)
            {
                var e = endpoints[j];
                _xc[row + j] = t <= previous ? 0 : t >= e ? e - previous : t - previous;
                previous = e;
            }

            _xc[row + k] = t > previous ? t - previous : 0;
        }

        // Pass 1: weighted means per hour-of-week.
        Array.Clear(_weightSum);
        Array.Clear(_meanY);
        Array.Clear(_meanX);
        Array.Clear(_count);
        for (var i = 0; i < n; i++)
        {
            var h = Tow[i];
            var w = W[i];
            var k = _groups[_group[i]].K;
            _weightSum[h] += w;
            _meanY[h] += w * Y[i];
            _count[h]++;
            var row = _xc.AsSpan(i * f, k);
            var mean = _meanX.AsSpan(h * f, k);
            for (var j = 0; j < k; j++)
            {
                mean[j] += w * row[j];
            }
        }

        var emptyBins = 0;
        for (var h = 0; h < HoursOfWeek; h++)
        {
            if (_count[h] == 0)
            {
                emptyBins++;
                continue;
            }

            var inverse = 1 / _weightSum[h];
            _meanY[h] *= inverse;
            var mean = _meanX.AsSpan(h * f, f);
            for (var j = 0; j < f; j++)
            {
                mean[j] *= inverse;
            }
        }

        // Pass 2: centre within hour-of-week and accumulate each group's small normal equations.
        foreach (var group in _groups)
        {
            group.Reset();
        }

        var xc = _xc;
        var meanX = _meanX;
        for (var i = 0; i < n; i++)
        {
            var h = Tow[i];
            var w = W[i];
            var group = _groups[_group[i]];
            var k = group.K;
            var yc = Y[i] - _meanY[h];
            _yc[i] = yc;
            int row = i * f, mean = h * f;
            var raw = group.Raw;
            var gram = group.Gram;
            var rhs = group.Rhs;
            for (var j = 0; j < k; j++)
            {
                var v = xc[row + j];
                raw[j] += w * v * v;
                xc[row + j] = v - meanX[mean + j];
            }

            for (var j = 0; j < k; j++)
            {
                var wx = w * xc[row + j];
                rhs[j] += wx * yc;
                var g = j * f;
                for (var l = 0; l <= j; l++)
                {
                    gram[g + l] += wx * xc[row + l];
                }
            }
        }

        foreach (var group in _groups)
        {
            group.Factor(f);
            group.Solve(f, group.Rhs, group.Coefficients);
        }

        // Corrected semi-normal equations: one refinement step from the residuals of the data themselves.
        foreach (var group in _groups)
        {
            Array.Clear(group.Rhs);
        }

        for (var i = 0; i < n; i++)
        {
            var group = _groups[_group[i]];
            var coefficients = group.Coefficients;
            var rhs = group.Rhs;
            var row = i * f;
            var k = group.K;
            var r = _yc[i];
            for (var j = 0; j < k; j++)
            {
                r -= xc[row + j] * coefficients[j];
            }

            var wr = W[i] * r;
            for (var j = 0; j < k; j++)
            {
                rhs[j] += wr * xc[row + j];
            }
        }

        foreach (var group in _groups)
        {
            group.Solve(f, group.Rhs, group.Correction);
            for (var j = 0; j < group.K; j++)
            {
                group.Coefficients[j] += group.Correction[j];
            }
        }

        ComputeResiduals(n);

        var kept = 0;
        for (var g = 0; g < 2; g++)
        {
            var group = _groups[g];
            for (var j = 0; j < group.K; j++)
            {
                if (group.Dropped[j])
                {
                    warnings.Add(new HourlyTowtWarning(HourlyTowtWarning.DependentFeature, name,
                        $"feature bin_{j}_{(g == 0 ? "occupied" : "unoccupied")} does not vary within any hour-of-week; its coefficient is fixed at 0", j));
                }
                else
                {
                    kept++;
                }
            }
        }

        if (emptyBins > 0)
        {
            warnings.Add(new HourlyTowtWarning(HourlyTowtWarning.EmptyTimeOfWeek, name,
                $"{emptyBins} of 168 hours-of-week have no hour in this segment; their predictions are NaN", emptyBins));
        }

        double sse = 0, weightSum = 0;
        for (var i = 0; i < n; i++)
        {
            sse += W[i] * _residual[i] * _residual[i];
            weightSum += W[i];
        }

        var parameters = (HoursOfWeek - emptyBins) + kept;
        var dof = n - parameters;
        var sigma2 = dof > 0 ? sse / dof : double.NaN;
        if (dof <= 0)
        {
            warnings.Add(new HourlyTowtWarning(HourlyTowtWarning.NoDegreesOfFreedom, name,
                $"{n} hours for {parameters} parameters leave no residual degrees of freedom", dof));
        }

        foreach (var group in _groups)
        {
            group.Invert(f);
        }

        var timeOfWeek = new double[HoursOfWeek];
        var timeOfWeekErrors = new double[HoursOfWeek];
        for (var h = 0; h < HoursOfWeek; h++)
        {
            if (_count[h] == 0)
            {
                timeOfWeek[h] = double.NaN;
                timeOfWeekErrors[h] = double.NaN;
                continue;
            }

            var group = _groups[occupied[h] ? 0 : 1];
            var mean = _meanX.AsSpan(h * f, group.K);
            var alpha = _meanY[h];
            var quadratic = 0.0;
            for (var j = 0; j < group.K; j++)
            {
                alpha -= mean[j] * group.Coefficients[j];
                var row = 0.0;
                for (var l = 0; l < group.K; l++)
                {
                    row += group.Inverse[(j * f) + l] * mean[l];
                }

                quadratic += mean[j] * row;
            }

            timeOfWeek[h] = alpha;
            timeOfWeekErrors[h] = Math.Sqrt(sigma2 * ((1 / _weightSum[h]) + quadratic));
        }

        var slopes = new double[2][];
        var errors = new double[2][];
        for (var g = 0; g < 2; g++)
        {
            var group = _groups[g];
            slopes[g] = group.Coefficients.AsSpan(0, group.K).ToArray();
            errors[g] = new double[group.K];
            for (var j = 0; j < group.K; j++)
            {
                errors[g][j] = group.Dropped[j] ? double.NaN : Math.Sqrt(sigma2 * group.Inverse[(j * f) + j]);
            }
        }

        var centre = 0;
        for (var i = 0; i < n; i++)
        {
            if (Centre[i])
            {
                _observedCentre[centre] = Y[i];
                _predictedCentre[centre] = Y[i] - _residual[i];
                centre++;
            }
        }

        HourlyTowtSegmentMetrics? metrics = null;
        ModelStatistics? statistics = null;
        if (centre > 0)
        {
            metrics = HourlyTowtSegmentMetrics.Compute(_observedCentre.AsSpan(0, centre), _predictedCentre.AsSpan(0, centre), parameters);
            if (centre > parameters)
            {
                // eemeter counts every parameter of an hourly model (168 + bins), so both conventions use p here.
                statistics = GoodnessOfFit.Compute(_observedCentre.AsSpan(0, centre), _predictedCentre.AsSpan(0, centre), default, parameters, parameters);
            }
        }
        else
        {
            warnings.Add(new HourlyTowtWarning(HourlyTowtWarning.CentreMonthEmpty, name,
                "the centre month has no baseline hour; the segment is fitted from its neighbouring months only", 0));
        }

        return new HourlyTowtSegment(
            name,
            centreMonth,
            occupied,
            _groups[0].Endpoints.AsSpan(0, _groups[0].K == 0 ? 0 : _groups[0].EndpointCount).ToArray(),
            _groups[1].Endpoints.AsSpan(0, _groups[1].K == 0 ? 0 : _groups[1].EndpointCount).ToArray(),
            timeOfWeek,
            timeOfWeekErrors,
            slopes[0],
            errors[0],
            slopes[1],
            errors[1],
            n,
            weightSum,
            parameters,
            sse,
            metrics,
            statistics);
    }

    /// <summary>
    /// CalTRACK occupancy: WLS of energy on an intercept, CDH and HDH over the segment's hours; an hour-of-week is
    /// occupied when more than the threshold share of its (unweighted) residuals is positive, i.e. the weather-only
    /// model under-predicts it.
    /// </summary>
    private void DetectOccupancy(int n, HourlyTowtSettings settings, bool[] occupied)
    {
        double cooling = settings.OccupancyCoolingBalancePoint, heating = settings.OccupancyHeatingBalancePoint;
        double sw = 0, sy = 0, sc = 0, sh = 0;
        for (var i = 0; i < n; i++)
        {
            var w = W[i];
            sw += w;
            sy += w * Y[i];
            sc += w * Math.Max(T[i] - cooling, 0);
            sh += w * Math.Max(heating - T[i], 0);
        }

        double my = sy / sw, mc = sc / sw, mh = sh / sw;
        double scc = 0, shh = 0, sch = 0, scy = 0, shy = 0, rawC = 0, rawH = 0;
        for (var i = 0; i < n; i++)
        {
            var w = W[i];
            var c = Math.Max(T[i] - cooling, 0);
            var h = Math.Max(heating - T[i], 0);
            rawC += w * c * c;
            rawH += w * h * h;
            c -= mc;
            h -= mh;
            var yc = Y[i] - my;
            scc += w * c * c;
            shh += w * h * h;
            sch += w * c * h;
            scy += w * c * yc;
            shy += w * h * yc;
        }

        // A degree-hour column that is zero (or constant) over the segment is dropped, as a pseudo-inverse would.
        var useC = scc > DependentTolerance * rawC && rawC > 0;
        var useH = shh > DependentTolerance * rawH && rawH > 0;
        double bc = 0, bh = 0;
        if (useC && useH && (scc * shh) - (sch * sch) > PivotTolerance * scc * shh)
        {
            var det = (scc * shh) - (sch * sch);
            bc = ((shh * scy) - (sch * shy)) / det;
            bh = ((scc * shy) - (sch * scy)) / det;
        }
        else if (useC)
        {
            bc = scy / scc;
        }
        else if (useH)
        {
            bh = shy / shh;
        }

        Array.Clear(_count);
        Array.Clear(_positive);
        for (var i = 0; i < n; i++)
        {
            var c = Math.Max(T[i] - cooling, 0) - mc;
            var h = Math.Max(heating - T[i], 0) - mh;
            var residual = Y[i] - my - (bc * c) - (bh * h);
            _count[Tow[i]]++;
            if (residual > 0)
            {
                _positive[Tow[i]]++;
            }
        }

        for (var h = 0; h < HoursOfWeek; h++)
        {
            occupied[h] = _count[h] > 0 && (double)_positive[h] / _count[h] > settings.OccupancyThreshold;
        }
    }

    private void ComputeResiduals(int n)
    {
        var f = _features;
        var xc = _xc;
        for (var i = 0; i < n; i++)
        {
            var group = _groups[_group[i]];
            var coefficients = group.Coefficients;
            var row = i * f;
            var k = group.K;
            var r = _yc[i];
            for (var j = 0; j < k; j++)
            {
                r -= xc[row + j] * coefficients[j];
            }

            _residual[i] = r;
        }
    }

    /// <summary>The small normal-equation system of one occupancy group (row-major, stride = feature capacity).</summary>
    private sealed class Group(int capacity)
    {
        public double[] Endpoints { get; } = new double[Math.Max(capacity - 1, 1)];

        public int EndpointCount { get; set; }

        public int K { get; set; }

        public int Rows { get; set; }

        public double[] Gram { get; } = new double[capacity * capacity];

        public double[] Rhs { get; } = new double[capacity];

        public double[] Raw { get; } = new double[capacity];

        public double[] Scale { get; } = new double[capacity];

        public double[] Cholesky { get; } = new double[capacity * capacity];

        public bool[] Dropped { get; } = new bool[capacity];

        public double[] Coefficients { get; } = new double[capacity];

        public double[] Correction { get; } = new double[capacity];

        public double[] Inverse { get; } = new double[capacity * capacity];

        private double[] Work { get; } = new double[capacity];

        private double[] Unit { get; } = new double[capacity];

        private double[] Column { get; } = new double[capacity];

        public void Reset()
        {
            Array.Clear(Gram);
            Array.Clear(Rhs);
            Array.Clear(Raw);
            Array.Clear(Coefficients);
            Array.Clear(Dropped);
        }

        /// <summary>Equilibrated Cholesky of the lower triangle of <see cref="Gram"/>, dropping dependent columns.</summary>
        public void Factor(int f)
        {
            Array.Clear(Cholesky);
            for (var j = 0; j < K; j++)
            {
                var d = Gram[(j * f) + j];
                Dropped[j] = !(d > DependentTolerance * Raw[j]) || Raw[j] == 0;
                Scale[j] = Dropped[j] ? 0 : 1 / Math.Sqrt(d);
            }

            for (var j = 0; j < K; j++)
            {
                if (Dropped[j])
                {
                    continue;
                }

                for (var i = j; i < K; i++)
                {
                    if (Dropped[i])
                    {
                        continue;
                    }

                    var sum = Gram[(i * f) + j] * Scale[i] * Scale[j];
                    for (var l = 0; l < j; l++)
                    {
                        sum -= Cholesky[(i * f) + l] * Cholesky[(j * f) + l];
                    }

                    if (i == j)
                    {
                        if (sum <= PivotTolerance)
                        {
                            Dropped[j] = true;
                            break;
                        }

                        Cholesky[(j * f) + j] = Math.Sqrt(sum);
                    }
                    else
                    {
                        Cholesky[(i * f) + j] = sum / Cholesky[(j * f) + j];
                    }
                }

                if (Dropped[j])
                {
                    for (var i = j; i < K; i++)
                    {
                        Cholesky[(i * f) + j] = 0;
                    }
                }
            }
        }

        /// <summary>Solves Gram·x = b with the factor; dropped columns get 0.</summary>
        public void Solve(int f, double[] b, double[] x)
        {
            for (var i = 0; i < K; i++)
            {
                if (Dropped[i])
                {
                    Work[i] = 0;
                    continue;
                }

                var sum = b[i] * Scale[i];
                for (var l = 0; l < i; l++)
                {
                    sum -= Cholesky[(i * f) + l] * Work[l];
                }

                Work[i] = sum / Cholesky[(i * f) + i];
            }

            for (var i = K - 1; i >= 0; i--)
            {
                if (Dropped[i])
                {
                    Work[i] = 0;
                    continue;
                }

                var sum = Work[i];
                for (var l = i + 1; l < K; l++)
                {
                    sum -= Cholesky[(l * f) + i] * Work[l];
                }

                Work[i] = sum / Cholesky[(i * f) + i];
            }

            for (var i = 0; i < K; i++)
            {
                x[i] = Work[i] * Scale[i];
            }
        }

        /// <summary>Gram⁻¹ (zero rows and columns for dropped features), for standard errors.</summary>
        public void Invert(int f)
        {
            Array.Clear(Inverse);
            var e = Unit;
            var column = Column;
            for (var j = 0; j < K; j++)
            {
                if (Dropped[j])
                {
                    continue;
                }

                Array.Clear(e);
                e[j] = 1;
                Solve(f, e, column);
                for (var i = 0; i < K; i++)
                {
                    Inverse[(i * f) + j] = column[i];
                }
            }
        }
    }
}
