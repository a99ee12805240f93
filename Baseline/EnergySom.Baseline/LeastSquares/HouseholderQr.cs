namespace EnergySom.Baseline.LeastSquares;

/// <summary>
/// Least squares by Householder QR: solves min ‖√W (y − Xβ)‖² for a tall design X (n × p, column-major).
/// Stable where the normal equations are not (Golub and Van Loan, Matrix Computations, 4th ed., §5.3.3):
/// the condition number enters once, not squared. Allocation-free given caller workspace.
/// </summary>
public static class HouseholderQr
{
    /// <summary>
    /// Fits <paramref name="y"/> on the columns of <paramref name="x"/> (<c>x[j * n + i]</c> is row i, column j).
    /// </summary>
    /// <param name="x">Design, column-major, n × p.</param>
    /// <param name="y">Response, length n.</param>
    /// <param name="weights">Optional positive row weights (WLS); empty for OLS.</param>
    /// <param name="coefficients">Receives β (length p).</param>
    /// <param name="workspace">At least n × p + n doubles; receives the factorisation (R in the upper triangle of the first p rows).</param>
    /// <param name="rInverseDiagonal">Optional (length p): receives diag((RᵀR)⁻¹) = diag((XᵀWX)⁻¹), for standard errors.</param>
    /// <param name="columnNames">Optional names for the error message of a singular design.</param>
    /// <exception cref="SingularDesignException">A column is (numerically) a combination of the previous ones.</exception>
    public static void Solve(
        ReadOnlySpan<double> x,
        int n,
        int p,
        ReadOnlySpan<double> y,
        ReadOnlySpan<double> weights,
        Span<double> coefficients,
        Span<double> workspace,
        Span<double> rInverseDiagonal = default,
        IReadOnlyList<string>? columnNames = null)
    {
        if (p < 1 || n < p)
        {
            throw new ArgumentException($"least squares needs at least as many rows ({n}) as columns ({p}) and one column");
        }

        if (x.Length < n * p || y.Length < n || workspace.Length < (n * p) + n || coefficients.Length < p)
        {
            throw new ArgumentException("span too short for the given dimensions");
        }

        var a = workspace[..(n * p)];
        var b = workspace.Slice(n * p, n);
        var weighted = !weights.IsEmpty;
        for (var i = 0; i < n; i++)
        {
            var s = weighted ? Math.Sqrt(weights[i]) : 1.0;
            if (!double.IsFinite(y[i]) || !double.IsFinite(s) || (weighted && weights[i] < 0))
            {
                throw new ArgumentException($"row {i}: response {y[i]} or weight is not a finite, non-negative number; drop missing rows before fitting");
            }

            b[i] = y[i] * s;
            for (var j = 0; j < p; j++)
            {
                var v = x[(j * n) + i];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"row {i}, column {j}: {v} is not finite; drop missing rows before fitting");
                }

                a[(j * n) + i] = v * s;
            }
        }

        // Column scale, for a rank test relative to each column's own size.
        Span<double> norms = p <= 64 ? stackalloc double[p] : new double[p];
        for (var j = 0; j < p; j++)
        {
            norms[j] = Norm(a.Slice(j * n, n));
        }

        for (var k = 0; k < p; k++)
        {
            var column = a.Slice((k * n) + k, n - k);
            var alpha = Norm(column);
            var tolerance = 1e-12 * Math.Max(norms[k], double.Epsilon);
            if (alpha <= tolerance || norms[k] == 0)
            {
                throw new SingularDesignException(k, columnNames is not null && k < columnNames.Count ? columnNames[k] : null,
                    norms[k] == 0 ? "is all zeros" : "is a linear combination of the columns before it");
            }

            if (column[0] > 0)
            {
                alpha = -alpha;
            }

            // v = column − alpha e1, stored in place; R[k,k] = alpha.
            column[0] -= alpha;
            var vNorm2 = Dot(column, column);
            for (var j = k + 1; j < p; j++)
            {
                var target = a.Slice((j * n) + k, n - k);
                var f = 2 * Dot(column, target) / vNorm2;
                Axpy(-f, column, target);
            }

            var tail = b[k..];
            var g = 2 * Dot(column, tail) / vNorm2;
            Axpy(-g, column, tail);

            // Keep v for nothing else: overwrite the sub-diagonal with zeros and store R[k,k].
            column.Clear();
            column[0] = alpha;
        }

        // Back substitution R β = (Qᵀb)[0..p).
        for (var k = p - 1; k >= 0; k--)
        {
            var sum = b[k];
            for (var j = k + 1; j < p; j++)
            {
                sum -= a[(j * n) + k] * coefficients[j];
            }

            coefficients[k] = sum / a[(k * n) + k];
        }

        if (!rInverseDiagonal.IsEmpty)
        {
            InverseDiagonal(a, n, p, rInverseDiagonal);
        }
    }

    /// <summary>
    /// The full (XᵀWX)⁻¹ = R⁻¹R⁻ᵀ (p × p, row-major) from the factor <see cref="Solve"/> left in
    /// <paramref name="workspace"/>: the unscaled covariance of the coefficients, for prediction intervals.
    /// </summary>
    /// <param name="workspace">The workspace passed to <see cref="Solve"/>, unchanged since.</param>
    /// <param name="result">At least p × p doubles.</param>
    /// <param name="scratch">At least p × p doubles (receives R⁻¹).</param>
    public static void InverseGram(ReadOnlySpan<double> workspace, int n, int p, Span<double> result, Span<double> scratch)
    {
        if (result.Length < p * p || scratch.Length < p * p || workspace.Length < n * p)
        {
            throw new ArgumentException("span too short for the given dimensions");
        }

        // scratch[i * p + j] = (R⁻¹)ᵢⱼ, upper triangular; column j solves R c = e_j.
        var inverse = scratch[..(p * p)];
        inverse.Clear();
        for (var j = 0; j < p; j++)
        {
            for (var i = j; i >= 0; i--)
            {
                var sum = i == j ? 1.0 : 0.0;
                for (var k = i + 1; k <= j; k++)
                {
                    sum -= workspace[(k * n) + i] * inverse[(k * p) + j];
                }

                inverse[(i * p) + j] = sum / workspace[(i * n) + i];
            }
        }

        for (var i = 0; i < p; i++)
        {
            for (var j = i; j < p; j++)
            {
                // (R⁻¹R⁻ᵀ)ᵢⱼ = Σ_k (R⁻¹)ᵢₖ (R⁻¹)ⱼₖ, k ≥ max(i, j) = j.
                var sum = 0.0;
                for (var k = j; k < p; k++)
                {
                    sum += inverse[(i * p) + k] * inverse[(j * p) + k];
                }

                result[(i * p) + j] = sum;
                result[(j * p) + i] = sum;
            }
        }
    }

    /// <summary>diag((RᵀR)⁻¹) = row sums of squares of R⁻¹, computing R⁻¹ column by column.</summary>
    private static void InverseDiagonal(ReadOnlySpan<double> r, int n, int p, Span<double> result)
    {
        result[..p].Clear();
        Span<double> column = p <= 64 ? stackalloc double[p] : new double[p];
        for (var j = 0; j < p; j++)
        {
            // Solve R c = e_j for column j of R⁻¹ (upper triangular: c[i] = 0 for i > j).
            column.Clear();
            for (var i = j; i >= 0; i--)
            {
                var sum = i == j ? 1.0 : 0.0;
                for (var k = i + 1; k <= j; k++)
                {
                    sum -= r[(k * n) + i] * column[k];
                }

                column[i] = sum / r[(i * n) + i];
            }

            for (var i = 0; i <= j; i++)
            {
                result[i] += column[i] * column[i];
            }
        }
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        // Scaled to avoid overflow and underflow on extreme inputs. Four independent accumulators in a fixed order:
        // the same result on every machine (no hardware-width SIMD), without the latency of one dependent chain.
        double m0 = 0, m1 = 0, m2 = 0, m3 = 0;
        var i = 0;
        for (; i + 3 < v.Length; i += 4)
        {
            m0 = Math.Max(m0, Math.Abs(v[i]));
            m1 = Math.Max(m1, Math.Abs(v[i + 1]));
            m2 = Math.Max(m2, Math.Abs(v[i + 2]));
            m3 = Math.Max(m3, Math.Abs(v[i + 3]));
        }

        for (; i < v.Length; i++)
        {
            m0 = Math.Max(m0, Math.Abs(v[i]));
        }

        var scale = Math.Max(Math.Max(m0, m1), Math.Max(m2, m3));
        if (scale == 0 || !double.IsFinite(scale))
        {
            return scale;
        }

        // Multiply by the reciprocal: one division per column instead of one per element.
        var inverse = 1 / scale;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        i = 0;
        for (; i + 3 < v.Length; i += 4)
        {
            var a = v[i] * inverse;
            var b = v[i + 1] * inverse;
            var c = v[i + 2] * inverse;
            var d = v[i + 3] * inverse;
            s0 += a * a;
            s1 += b * b;
            s2 += c * c;
            s3 += d * d;
        }

        for (; i < v.Length; i++)
        {
            var a = v[i] * inverse;
            s0 += a * a;
        }

        return scale * Math.Sqrt((s0 + s1) + (s2 + s3));
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        // Fixed-order, four accumulators (see Norm).
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var i = 0;
        for (; i + 3 < a.Length; i += 4)
        {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }

        for (; i < a.Length; i++)
        {
            s0 += a[i] * b[i];
        }

        return (s0 + s1) + (s2 + s3);
    }

    private static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }
}
