namespace EnergySom.Baseline.Models;

/// <summary>
/// Exhaustive change-point search in O(1) per candidate. The data are sorted by the driver once and turned into
/// weighted prefix sums of 1, x, x², y and x·y; for a change point τ with k points at or below it, every sum the
/// hinge columns (x − τ)⁻ and (x − τ)⁺ need follows from the prefix (left) and the complement (right), e.g.
/// Σ(x − τ)² over the left = Sxx[k] − 2τ·Sx[k] + τ²·Sw[k]. The intercept is eliminated by centring, leaving a 1×1 or
/// 2×2 system per candidate, whose residual sum of squares is Syy − βᵀc. The two hinge columns of 4P and 5P have
/// disjoint supports, so their centred cross-product is just −Sa·Sb/W.
/// </summary>
/// <remarks>
/// The driver is shifted by its weighted mean and the energy by its weighted mean before the sums are formed, which
/// keeps the cancellation in the centred sums small. The sums only rank candidates; the winner is refitted on its
/// actual design by Householder QR for the reported coefficients. The per-candidate arrays are filled once per fit,
/// so the searches, including the O(m²) 5P pair loop, allocate nothing.
/// </remarks>
internal sealed class ChangePointSearch
{
    private readonly int _n;
    private readonly double _shift;
    private readonly double[] _pw;
    private readonly double[] _px;
    private readonly double[] _pxx;
    private readonly double[] _py;
    private readonly double[] _pxy;
    private readonly double _syy;
    private readonly double _sumY;
    private readonly int _m;
    private readonly double[] _tau;
    private readonly double[] _changePoint;
    private readonly int[] _left;
    private readonly double[] _meanA;
    private readonly double[] _caa;
    private readonly double[] _cay;
    private readonly double[] _meanB;
    private readonly double[] _cbb;
    private readonly double[] _cby;

    public ChangePointSearch(ReadOnlySpan<double> driver, ReadOnlySpan<double> energy, ReadOnlySpan<double> weights, double? gridStep)
    {
        _n = driver.Length;
        var x = driver.ToArray();
        var index = new int[_n];
        for (var i = 0; i < _n; i++)
        {
            index[i] = i;
        }

        Array.Sort(x, index);
        double sw = 0, sx = 0, sy = 0;
        for (var i = 0; i < _n; i++)
        {
            var w = weights.IsEmpty ? 1 : weights[index[i]];
            sw += w;
            sx += w * x[i];
            sy += w * energy[index[i]];
        }

        _shift = sx / sw;
        var meanY = sy / sw;
        _pw = new double[_n + 1];
        _px = new double[_n + 1];
        _pxx = new double[_n + 1];
        _py = new double[_n + 1];
        _pxy = new double[_n + 1];
        double syy = 0;
        for (var i = 0; i < _n; i++)
        {
            var w = weights.IsEmpty ? 1 : weights[index[i]];
            var xi = x[i] - _shift;
            var yi = energy[index[i]] - meanY;
            _pw[i + 1] = _pw[i] + w;
            _px[i + 1] = _px[i] + (w * xi);
            _pxx[i + 1] = _pxx[i] + (w * xi * xi);
            _py[i + 1] = _py[i] + (w * yi);
            _pxy[i + 1] = _pxy[i] + (w * xi * yi);
            syy += w * yi * yi;
        }

        _sumY = _py[_n];
        _syy = syy - (_sumY * _sumY / _pw[_n]);

        // Candidates: every distinct value (k = points ≤ it), or a uniform grid over the range.
        var capacity = gridStep is { } step ? (int)Math.Min(int.MaxValue - 1, Math.Floor((x[_n - 1] - x[0]) / step) + 1) : _n;
        _tau = new double[capacity];
        _changePoint = new double[capacity];
        _left = new int[capacity];
        var m = 0;
        if (gridStep is { } s)
        {
            var k = 0;
            for (var j = 0; j < capacity; j++)
            {
                var tau = x[0] + (j * s);
                while (k < _n && x[k] <= tau)
                {
                    k++;
                }

                _changePoint[m] = tau;
                _tau[m] = tau - _shift;
                _left[m++] = k;
            }
        }
        else
        {
            for (var i = 0; i < _n; i++)
            {
                if (i + 1 < _n && x[i + 1] == x[i])
                {
                    continue;
                }

                _changePoint[m] = x[i];
                _tau[m] = x[i] - _shift;
                _left[m++] = i + 1;
            }
        }

        _m = m;
        _meanA = new double[m];
        _caa = new double[m];
        _cay = new double[m];
        _meanB = new double[m];
        _cbb = new double[m];
        _cby = new double[m];
        var total = _pw[_n];
        for (var c = 0; c < m; c++)
        {
            double tau = _tau[c];
            var k = _left[c];

            // Left hinge a = (x − τ) for x ≤ τ (zero elsewhere).
            var sa = _px[k] - (tau * _pw[k]);
            var saa = _pxx[k] - (2 * tau * _px[k]) + (tau * tau * _pw[k]);
            var say = _pxy[k] - (tau * _py[k]);
            _meanA[c] = sa / total;
            _caa[c] = saa - (sa * _meanA[c]);
            _cay[c] = say - (_meanA[c] * _sumY);

            // Right hinge b = (x − τ) for x > τ.
            double rw = _pw[_n] - _pw[k], rx = _px[_n] - _px[k], rxx = _pxx[_n] - _pxx[k], ry = _py[_n] - _py[k], rxy = _pxy[_n] - _pxy[k];
            var sb = rx - (tau * rw);
            var sbb = rxx - (2 * tau * rx) + (tau * tau * rw);
            var sby = rxy - (tau * ry);
            _meanB[c] = sb / total;
            _cbb[c] = sbb - (sb * _meanB[c]);
            _cby[c] = sby - (_meanB[c] * _sumY);
        }
    }

    /// <summary>Distinct candidate change points.</summary>
    public int Candidates => _m;

    /// <summary>Centred Σw(y − ȳ)², the SSE of the mean model.</summary>
    public double TotalSumOfSquares => _syy;

    /// <summary>
    /// Best change point(s) of <paramref name="form"/> by least SSE among candidates that pass the population test
    /// (at least <paramref name="minimumPoints"/> points each side) and the shape test (slope signs).
    /// </summary>
    public Result Search(ChangePointForm form, int minimumPoints)
    {
        var best = new Result(false, double.NaN, double.NaN, double.PositiveInfinity, 0);
        long evaluated = 0;
        var negligible = 1e-12 * _pxx[_n]; // a hinge column that is rounding noise next to the driver's spread
        switch (form)
        {
            case ChangePointForm.ThreeParameterHeating:
            case ChangePointForm.ThreeParameterCooling:
            {
                var heating = form == ChangePointForm.ThreeParameterHeating;
                for (var c = 0; c < _m; c++)
                {
                    var k = _left[c];
                    if (k < minimumPoints || _n - k < minimumPoints)
                    {
                        continue;
                    }

                    evaluated++;
                    double cxx = heating ? _caa[c] : _cbb[c], cxy = heating ? _cay[c] : _cby[c];
                    if (!(cxx > negligible))
                    {
                        continue;
                    }

                    var beta = cxy / cxx;
                    if (heating ? !(beta < 0) : !(beta > 0))
                    {
                        continue;
                    }

                    var sse = _syy - (beta * cxy);
                    if (sse < best.Sse)
                    {
                        best = heating ? new Result(true, Unshift(c), double.NaN, sse, 0) : new Result(true, double.NaN, Unshift(c), sse, 0);
                    }
                }

                break;
            }

            case ChangePointForm.FourParameter:
                for (var c = 0; c < _m; c++)
                {
                    var k = _left[c];
                    if (k < minimumPoints || _n - k < minimumPoints)
                    {
                        continue;
                    }

                    evaluated++;
                    if (TwoSlopes(c, c, out var ba, out var bb, out var sse) && ba < bb && sse < best.Sse)
                    {
                        best = new Result(true, Unshift(c), Unshift(c), sse, 0);
                    }
                }

                break;

            case ChangePointForm.FiveParameter:
                for (var c1 = 0; c1 < _m; c1++)
                {
                    if (_left[c1] < minimumPoints)
                    {
                        continue;
                    }

                    for (var c2 = c1 + 1; c2 < _m; c2++)
                    {
                        if (_n - _left[c2] < minimumPoints)
                        {
                            break; // right counts only fall as c2 grows
                        }

                        evaluated++;
                        if (TwoSlopes(c1, c2, out var ba, out var bb, out var sse) && ba < 0 && bb > 0 && sse < best.Sse)
                        {
                            best = new Result(true, Unshift(c1), Unshift(c2), sse, 0);
                        }
                    }
                }

                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(form), form, "only 3P, 4P and 5P forms have change points to search");
        }

        return best with { Evaluated = evaluated };
    }

    /// <summary>Least squares on the centred hinges a(τ_left) and b(τ_right) (disjoint supports).</summary>
    private bool TwoSlopes(int left, int right, out double betaA, out double betaB, out double sse)
    {
        double caa = _caa[left], cbb = _cbb[right], cay = _cay[left], cby = _cby[right];
        var cab = -_pw[_n] * _meanA[left] * _meanB[right];
        var det = (caa * cbb) - (cab * cab);
        if (!(caa > 0 && cbb > 0 && det > 1e-12 * caa * cbb))
        {
            betaA = betaB = sse = double.NaN;
            return false;
        }

        betaA = ((cbb * cay) - (cab * cby)) / det;
        betaB = ((caa * cby) - (cab * cay)) / det;
        sse = _syy - (betaA * cay) - (betaB * cby);
        return true;
    }

    /// <summary>The candidate as given (an observed value or grid point), not recomputed from the shifted one.</summary>
    private double Unshift(int candidate) => _changePoint[candidate];

    /// <summary>A search result: change points in the driver's unit and the SSE that ranked them.</summary>
    public readonly record struct Result(bool Found, double HeatingChangePoint, double CoolingChangePoint, double Sse, long Evaluated);
}
