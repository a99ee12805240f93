using EnergySom.Baseline.LeastSquares;
using EnergySom.Baseline.Statistics;
using Xunit.Abstractions;

namespace EnergySom.Baseline.Tests.LeastSquares;

/// <summary>
/// NIST Statistical Reference Datasets for linear least squares (https://www.itl.nist.gov/div898/strd/lls/lls.shtml):
/// data and certified values typed from NIST's pages (Norris.dat, Pontius.dat, Longley.dat; U.S. government work,
/// public domain). Accuracy is scored as NIST and McCullough do, by the log relative error
/// LRE = −log10(|estimate − certified| / |certified|), capped at the 15 certified digits.
/// </summary>
public class NistStrdTests(ITestOutputHelper output)
{
    // Norris: 36 observations, y = b0 + b1 x. Lower difficulty.
    private static readonly double[] NorrisY =
    [
        0.1, 338.8, 118.1, 888.0, 9.2, 228.1, 668.5, 998.5, 449.1, 778.9, 559.2, 0.3, 0.1, 778.1, 668.8, 339.3, 448.9, 10.8,
        557.7, 228.3, 998.0, 888.8, 119.6, 0.3, 0.6, 557.6, 339.3, 888.0, 998.5, 778.9, 10.2, 117.6, 228.9, 668.4, 449.2, 0.2,
    ];

    private static readonly double[] NorrisX =
    [
        0.2, 337.4, 118.2, 884.6, 10.1, 226.5, 666.3, 996.3, 448.6, 777.0, 558.2, 0.4, 0.6, 775.5, 666.9, 338.0, 447.5, 11.6,
        556.0, 228.1, 995.8, 887.6, 120.2, 0.3, 0.3, 556.8, 339.1, 887.2, 999.0, 779.0, 11.1, 118.3, 229.2, 669.1, 448.9, 0.5,
    ];

    // Pontius: 40 observations, y = b0 + b1 x + b2 x². Lower difficulty (load-cell calibration).
    private static readonly double[] PontiusY =
    [
        .11019, .21956, .32949, .43899, .54803, .65694, .76562, .87487, .98292, 1.09146, 1.20001, 1.30822, 1.41599, 1.52399,
        1.63194, 1.73947, 1.84646, 1.95392, 2.06128, 2.16844, .11052, .22018, .32939, .43886, .54798, .65739, .76596, .87474,
        .98300, 1.09150, 1.20004, 1.30818, 1.41613, 1.52408, 1.63159, 1.73965, 1.84696, 1.95445, 2.06177, 2.16829,
    ];

    // Longley: 16 observations, 6 predictors (GNP deflator, GNP, unemployed, armed forces, population, year). Higher difficulty.
    private static readonly double[,] LongleyX =
    {
        { 83.0, 234289, 2356, 1590, 107608, 1947 },
        { 88.5, 259426, 2325, 1456, 108632, 1948 },
        { 88.2, 258054, 3682, 1616, 109773, 1949 },
        { 89.5, 284599, 3351, 1650, 110929, 1950 },
        { 96.2, 328975, 2099, 3099, 112075, 1951 },
        { 98.1, 346999, 1932, 3594, 113270, 1952 },
        { 99.0, 365385, 1870, 3547, 115094, 1953 },
        { 100.0, 363112, 3578, 3350, 116219, 1954 },
        { 101.2, 397469, 2904, 3048, 117388, 1955 },
        { 104.6, 419180, 2822, 2857, 118734, 1956 },
        { 108.4, 442769, 2936, 2798, 120445, 1957 },
        { 110.8, 444546, 4681, 2637, 121950, 1958 },
        { 112.6, 482704, 3813, 2552, 123366, 1959 },
        { 114.2, 502601, 3931, 2514, 125368, 1960 },
        { 115.7, 518173, 4806, 2572, 127852, 1961 },
        { 116.9, 554894, 4007, 2827, 130081, 1962 },
    };

    private static readonly double[] LongleyY = [60323, 61122, 60171, 61187, 63221, 63639, 64989, 63761, 66019, 67857, 68169, 66513, 68655, 69564, 69331, 70551];

    private static double Lre(double estimate, double certified) =>
        estimate == certified ? 15 : Math.Min(15, -Math.Log10(Math.Abs(estimate - certified) / Math.Abs(certified)));

    private void AssertCertified(string dataset, string what, double estimate, double certified, double minimumLre)
    {
        var lre = Lre(estimate, certified);
        output.WriteLine($"{dataset} {what}: {estimate:R} vs {certified:R}, LRE {lre:0.0}");
        Assert.True(lre >= minimumLre, $"{dataset} {what}: {estimate:R} vs certified {certified:R}: LRE {lre:0.0} < {minimumLre}");
    }

    private void Check(string dataset, double[] design, int n, string[] names, double[] y, double[] certified, double[] certifiedSe, double residualSd, double rSquared, double minimumLre)
    {
        var fit = LinearFit.Fit(design, n, names, y);
        for (var j = 0; j < certified.Length; j++)
        {
            AssertCertified(dataset, $"B{j}", fit.Coefficients[j], certified[j], minimumLre);
            AssertCertified(dataset, $"SE(B{j})", fit.StandardError(j), certifiedSe[j], minimumLre);
        }

        AssertCertified(dataset, "residual SD", Math.Sqrt(fit.ResidualVariance), residualSd, minimumLre);
        var statistics = GoodnessOfFit.Compute(y, [.. fit.Fitted], default, names.Length, names.Length - 1);
        AssertCertified(dataset, "R²", statistics.RSquared, rSquared, minimumLre);
    }

    [Fact]
    public void Norris_MatchesCertifiedValues()
    {
        var n = NorrisX.Length;
        var x = new double[2 * n];
        for (var i = 0; i < n; i++)
        {
            x[i] = 1;
            x[n + i] = NorrisX[i];
        }

        // Certified: B0 −0.262323073774029 (SD 0.232818234301152), B1 1.00211681802045 (SD 0.429796848199937E−03),
        // residual SD 0.884796396144373, R² 0.999993745883712.
        Check("Norris", x, n, ["b0", "b1"], NorrisY, [-0.262323073774029, 1.00211681802045], [0.232818234301152, 0.429796848199937E-03], 0.884796396144373, 0.999993745883712, 12);
    }

    [Fact]
    public void Pontius_MatchesCertifiedValues()
    {
        var n = PontiusY.Length;
        var x = new double[3 * n];
        for (var i = 0; i < n; i++)
        {
            var load = 150000.0 * ((i % 20) + 1);
            x[i] = 1;
            x[n + i] = load;
            x[(2 * n) + i] = load * load;
        }

        // Certified: B0 0.673565789473684E−03 (SD 0.107938612033077E−03), B1 0.732059160401003E−06 (SD 0.157817399981659E−09),
        // B2 −0.316081871345029E−14 (SD 0.486652849992036E−16), residual SD 0.205177424076185E−03, R² 0.999999900178537.
        Check("Pontius", x, n, ["b0", "b1", "b2"], PontiusY,
            [0.673565789473684E-03, 0.732059160401003E-06, -0.316081871345029E-14],
            [0.107938612033077E-03, 0.157817399981659E-09, 0.486652849992036E-16],
            0.205177424076185E-03, 0.999999900178537, 12);
    }

    [Fact]
    public void Longley_MatchesCertifiedValues()
    {
        var n = LongleyY.Length;
        var x = new double[7 * n];
        for (var i = 0; i < n; i++)
        {
            x[i] = 1;
            for (var j = 0; j < 6; j++)
            {
                x[((j + 1) * n) + i] = LongleyX[i, j];
            }
        }

        // Certified: B0 −3482258.63459582 (SD 890420.383607373), B1 15.0618722713733 (84.9149257747669),
        // B2 −0.358191792925910E−01 (0.334910077722432E−01), B3 −2.02022980381683 (0.488399681651699),
        // B4 −1.03322686717359 (0.214274163161675), B5 −0.511041056535807E−01 (0.226073200069370),
        // B6 1829.15146461355 (455.478499142212); residual SD 304.854073561965; R² 0.995479004577296.
        Check("Longley", x, n, ["b0", "b1", "b2", "b3", "b4", "b5", "b6"], LongleyY,
            [-3482258.63459582, 15.0618722713733, -0.358191792925910E-01, -2.02022980381683, -1.03322686717359, -0.511041056535807E-01, 1829.15146461355],
            [890420.383607373, 84.9149257747669, 0.334910077722432E-01, 0.488399681651699, 0.214274163161675, 0.226073200069370, 455.478499142212],
            304.854073561965, 0.995479004577296, 12);
    }
}
