using System.Globalization;
using System.Net;
using System.Text;

namespace EnergySom.Reporting.Charts;

/// <summary>A named series of values for a chart; NaN values leave a gap.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values, string Color);

/// <summary>
/// Small, dependency-free SVG charts for reports (line and grouped bar), readable in any browser and printable
/// to PDF by Chromium. Deterministic output: same data, same bytes.
/// </summary>
public static class SvgChart
{
    private const int Width = 860;
    private const int Height = 320;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 36;
    private const int Bottom = 56;

    /// <summary>A line chart over categorical x labels (e.g. days), labelling about a dozen ticks.</summary>
    public static string Line(string title, IReadOnlyList<string> xLabels, IReadOnlyList<ChartSeries> series, string yUnit)
    {
        var (min, max) = Range(series);
        var svg = Begin(title);
        Axes(svg, xLabels, min, max, yUnit, bars: false);
        var n = xLabels.Count;
        foreach (var s in series)
        {
            var path = new StringBuilder();
            var pen = false;
            for (var i = 0; i < s.Values.Count && i < n; i++)
            {
                var v = s.Values[i];
                if (double.IsNaN(v))
                {
                    pen = false;
                    continue;
                }

                path.Append(pen ? 'L' : 'M').Append(F(X(i, n, bars: false))).Append(',').Append(F(Y(v, min, max))).Append(' ');
                pen = true;
            }

            svg.Append($"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.2\"/>");
        }

        Legend(svg, series);
        return End(svg);
    }

    /// <summary>A grouped bar chart: one group per category, one bar per series.</summary>
    public static string Bars(string title, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, string yUnit)
    {
        var (min, max) = Range(series);
        min = Math.Min(min, 0);
        var svg = Begin(title);
        Axes(svg, categories, min, max, yUnit, bars: true);
        var n = categories.Count;
        var slot = (double)(Width - Left - Right) / Math.Max(n, 1);
        var barWidth = slot * 0.8 / Math.Max(series.Count, 1);
        for (var k = 0; k < series.Count; k++)
        {
            for (var i = 0; i < n && i < series[k].Values.Count; i++)
            {
                var v = series[k].Values[i];
                if (double.IsNaN(v))
                {
                    continue;
                }

                var x = Left + (i * slot) + (slot * 0.1) + (k * barWidth);
                var y0 = Y(0, min, max);
                var y1 = Y(v, min, max);
                svg.Append($"<rect x=\"{F(x)}\" y=\"{F(Math.Min(y0, y1))}\" width=\"{F(barWidth)}\" height=\"{F(Math.Abs(y1 - y0))}\" fill=\"{series[k].Color}\"><title>{Escape(series[k].Name)} {Escape(categories[i])}: {v.ToString("N1", CultureInfo.InvariantCulture)}</title></rect>");
            }
        }

        Legend(svg, series);
        return End(svg);
    }

    private static StringBuilder Begin(string title)
    {
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Escape(title)}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append($"<text x=\"{Left}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>");
        return svg;
    }

    private static string End(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static void Axes(StringBuilder svg, IReadOnlyList<string> labels, double min, double max, string yUnit, bool bars)
    {
        svg.Append($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#444\"/>");
        svg.Append($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#444\"/>");
        for (var k = 0; k <= 4; k++)
        {
            var v = min + ((max - min) * k / 4);
            var y = Y(v, min, max);
            svg.Append($"<line x1=\"{Left}\" y1=\"{F(y)}\" x2=\"{Width - Right}\" y2=\"{F(y)}\" stroke=\"#ddd\"/>");
            svg.Append($"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{v.ToString("N0", CultureInfo.InvariantCulture)}</text>");
        }

        svg.Append($"<text x=\"14\" y=\"{(Top + Height - Bottom) / 2}\" transform=\"rotate(-90 14 {(Top + Height - Bottom) / 2})\" text-anchor=\"middle\">{Escape(yUnit)}</text>");
        var n = labels.Count;
        var every = Math.Max(1, (int)Math.Ceiling(n / 12.0));
        for (var i = 0; i < n; i += every)
        {
            var x = X(i, n, bars);
            svg.Append($"<text x=\"{F(x)}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Escape(labels[i])}</text>");
        }
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<ChartSeries> series)
    {
        var x = Left;
        foreach (var s in series)
        {
            svg.Append($"<rect x=\"{x}\" y=\"{Height - 22}\" width=\"12\" height=\"12\" fill=\"{s.Color}\"/>");
            svg.Append($"<text x=\"{x + 16}\" y=\"{Height - 12}\">{Escape(s.Name)}</text>");
            x += 24 + (7 * s.Name.Length);
        }
    }

    private static (double Min, double Max) Range(IReadOnlyList<ChartSeries> series)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in series.SelectMany(s => s.Values).Where(double.IsFinite))
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        if (!double.IsFinite(min))
        {
            return (0, 1);
        }

        var pad = (max - min) * 0.05;
        return max > min ? (min - pad, max + pad) : (min - 1, max + 1);
    }

    private static double X(int i, int n, bool bars)
    {
        var span = Width - Left - Right;
        return bars ? Left + ((i + 0.5) * span / Math.Max(n, 1)) : Left + (n <= 1 ? 0 : (double)i * span / (n - 1));
    }

    private static double Y(double v, double min, double max) => Top + ((Height - Top - Bottom) * (max - v) / (max - min));

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
