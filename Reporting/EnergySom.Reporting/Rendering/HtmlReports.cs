using System.Globalization;
using System.Net;
using System.Text;
using EnergySom.Reporting.Charts;
using EnergySom.Reporting.Documents;

namespace EnergySom.Reporting.Rendering;

/// <summary>Self-contained HTML pages (inline CSS and SVG, no scripts, no network) for each report document.</summary>
public static class HtmlReports
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:960px;color:#222;line-height:1.4}
        h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
        table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.25rem .5rem}
        th{background:#f3f3f3;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .meta{color:#555;font-size:.9rem}.ok{color:#1a7f37}.bad{color:#b42318}figure{margin:1rem 0}
        @media print{body{margin:0}}
        """;

    public static string MvReport(MvReport report)
    {
        var html = Begin("M&V report", report.Site);
        html.Append(Meta($"Baseline {report.BaselineFrom} to {report.BaselineTo} · reporting {report.ReportingFrom} to {report.ReportingTo} (half-open, {report.TimeZone}) · {report.Method}"));
        foreach (var c in report.Carriers)
        {
            html.Append($"<h2>{E(c.Carrier)} ({E(c.Unit)})</h2>");
            html.Append($"<p>Model: <code>{E(c.ModelForm)}</code> ({E(c.AlgorithmVersion)})</p>");
            Table(html, ["term", "coefficient", "std. error", "t"], c.Terms.Select(t => new[] { t.Name, N(t.Coefficient, 4), N(t.StandardError, 4), N(t.TStatistic, 2) }));
            var f = c.Fit;
            Table(html, ["n", "p", "R²", "adj. R²", "CV(RMSE) %", "NMBE %", "Guideline 14"],
                [[f.N.ToString(CultureInfo.InvariantCulture), f.P.ToString(CultureInfo.InvariantCulture), N(f.RSquared, 4), N(f.AdjustedRSquared, 4), N(f.CvRmsePercent, 2), N(f.NmbePercent, 3),
                  f.MeetsGuideline14 ? "meets" : "does not meet"]]);
            html.Append(Meta($"{f.Convention}. Check: {f.Guideline14Criteria}."));
            html.Append($"<p><b>Avoided energy: {N(c.AvoidedTotal, 0)} {E(c.Unit)}</b> ({N(c.AvoidedPercent, 1)} % of the adjusted baseline {N(c.AdjustedBaselineTotal, 0)} {E(c.Unit)}; actual {N(c.ActualTotal, 0)} {E(c.Unit)}; {c.ReportingDaysUsed} days).</p>");
            if (c.Uncertainty.Count > 0)
            {
                Table(html, ["uncertainty method", "confidence", $"± {c.Unit}", "± % of avoided"],
                    c.Uncertainty.Select(u => new[] { u.Method, P((decimal)u.Confidence), N(u.Absolute, 0), N(100 * u.Fractional, 1) }));
            }

            html.Append("<figure>").Append(SvgChart.Line(
                $"{c.Carrier}: adjusted baseline vs actual, per day",
                c.Days.Select(d => d.Date[..7]).ToList(),
                [new ChartSeries("adjusted baseline", c.Days.Select(d => d.AdjustedBaseline).ToList(), "#9aa5b1"), new ChartSeries("actual", c.Days.Select(d => d.Actual).ToList(), "#1f6feb")],
                c.Unit + "/day")).Append("</figure>");
            Table(html, ["month", "adjusted baseline", "actual", "avoided"], c.Months.Select(m => new[] { m.Month, N(m.AdjustedBaseline, 0), N(m.Actual, 0), N(m.Avoided, 0) }));
        }

        return End(html);
    }

    public static string Statements(StatementSet set)
    {
        var html = Begin("Settlement statements", $"{set.ContractId}: {set.Esco} and {set.Factory}");
        html.Append("<figure>").Append(SvgChart.Bars(
            "Savings value per month (CNY)",
            set.Statements.Select(s => s.Period).ToList(),
            [new ChartSeries("ESCO", set.Statements.Select(s => (double)s.EscoAmount).ToList(), "#1f6feb"), new ChartSeries("factory", set.Statements.Select(s => (double)s.FactoryAmount).ToList(), "#2da44e")],
            "CNY")).Append("</figure>");
        Table(html, ["period", "savings value", "ESCO share", "to ESCO", "to factory"],
            set.Statements.Select(s => new[] { s.Period, M(s.SavingsValue), P(s.EscoShare), M(s.EscoAmount), M(s.FactoryAmount) })
                .Append(["total", M(set.TotalSavingsValue), "", M(set.TotalEscoAmount), M(set.TotalFactoryAmount)]));
        foreach (var s in set.Statements)
        {
            html.Append($"<h2>Statement {E(s.Period)}</h2>");
            Table(html, ["line", "quantity", "unit", "unit price (CNY)", "amount (CNY)"],
                s.Lines.Select(l => new[] { l.Description, l.Quantity.ToString("N3", CultureInfo.InvariantCulture), l.Unit, l.UnitPrice.ToString("0.0000", CultureInfo.InvariantCulture), M(l.Amount) })
                    .Append(["savings value", "", "", "", M(s.SavingsValue)])
                    .Append([$"to {s.Esco} ({P(s.EscoShare)})", "", "", "", M(s.EscoAmount)])
                    .Append([$"to {s.Factory}", "", "", "", M(s.FactoryAmount)]));
            html.Append(Meta($"Statement {s.StatementId} · tariffs {s.TariffVersion}, {s.GasTariffVersion} · baseline {s.BaselineVersion} · engine {s.EngineVersion} · rounding {s.RoundingPolicy} · {s.IntervalPolicy} · input digest {s.InputDigest}"));
        }

        return End(html);
    }

    public static string CarbonReport(CarbonReport report)
    {
        var html = Begin("Carbon report", report.Site);
        html.Append(Meta($"Period {report.PeriodFrom} to {report.PeriodTo} · Scope 2 {report.Scope2Method}"));
        html.Append($"<p><b>Avoided: {N(report.AvoidedTonnesCo2, 1)} tCO₂</b> (adjusted baseline {N(report.BaselineTonnesCo2, 1)} t, actual {N(report.ActualTonnesCo2, 1)} t).</p>");
        Table(html, ["basis", "scope", "source", "activity", "unit", "factor (kgCO₂/unit)", "factor", "tCO₂"],
            report.Rows.Select(r => new[] { r.Basis, r.Scope.ToString(CultureInfo.InvariantCulture), r.Source, N(r.Activity, 0), r.ActivityUnit, N(r.FactorKgCo2PerUnit, 4), $"{r.FactorId}: {r.FactorSource}; {r.FactorPublished}", N(r.TonnesCo2, 2) }));
        html.Append("<h2>Energy (GB/T 2589, tce)</h2>");
        Table(html, ["basis", "electricity kWh", "gas Nm³", "tce"], report.Energy.Select(e => new[] { e.Basis, N(e.ElectricityKwh, 0), N(e.GasNm3, 0), N(e.Tce, 2) }));
        return End(html);
    }

    /// <summary>An index page linking the other files of the bundle.</summary>
    public static string Index(string site, IEnumerable<(string Title, string Href)> links)
    {
        var html = Begin("EnergySom reports", site);
        html.Append("<ul>");
        foreach (var (title, href) in links)
        {
            html.Append($"<li><a href=\"{E(href)}\">{E(title)}</a></li>");
        }

        html.Append("</ul>");
        return End(html);
    }

    private static StringBuilder Begin(string title, string subtitle)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        html.Append($"<title>{E(title)}: {E(subtitle)}</title><style>{Style}</style></head><body>");
        html.Append($"<h1>{E(title)}</h1><p class=\"meta\">{E(subtitle)}</p>");
        return html;
    }

    private static string End(StringBuilder html) => html.Append("</body></html>\n").ToString();

    private static string Meta(string text) => $"<p class=\"meta\">{E(text)}</p>";

    private static void Table(StringBuilder html, string[] headers, IEnumerable<string[]> rows)
    {
        html.Append("<table><thead><tr>");
        foreach (var h in headers)
        {
            html.Append($"<th>{E(h)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                var numeric = cell.Length > 0 && (char.IsAsciiDigit(cell[0]) || cell[0] == '-') && !cell.Contains(' ', StringComparison.Ordinal);
                html.Append(numeric ? $"<td class=\"n\">{E(cell)}</td>" : $"<td>{E(cell)}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
    }

    private static string N(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "–";

    private static string M(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);

    private static string P(decimal? share) => share is { } value ? (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %" : "–";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
