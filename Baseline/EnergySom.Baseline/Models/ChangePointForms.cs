namespace EnergySom.Baseline.Models;

/// <summary>The stable codes of the change-point forms in results (<c>model_type</c>) and on the command line.</summary>
public static class ChangePointForms
{
    /// <summary><c>1p</c>, <c>2p</c>, <c>3ph</c>, <c>3pc</c>, <c>4p</c> or <c>5p</c>.</summary>
    public static string Code(ChangePointForm form) => form switch
    {
        ChangePointForm.Mean => "1p",
        ChangePointForm.TwoParameter => "2p",
        ChangePointForm.ThreeParameterHeating => "3ph",
        ChangePointForm.ThreeParameterCooling => "3pc",
        ChangePointForm.FourParameter => "4p",
        ChangePointForm.FiveParameter => "5p",
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, null),
    };

    /// <summary>The form of a code written by <see cref="Code"/>.</summary>
    /// <exception cref="FormatException">Not a change-point form code.</exception>
    public static ChangePointForm Parse(string code) => code switch
    {
        "1p" => ChangePointForm.Mean,
        "2p" => ChangePointForm.TwoParameter,
        "3ph" => ChangePointForm.ThreeParameterHeating,
        "3pc" => ChangePointForm.ThreeParameterCooling,
        "4p" => ChangePointForm.FourParameter,
        "5p" => ChangePointForm.FiveParameter,
        _ => throw new FormatException($"'{code}' is not a change-point form (1p, 2p, 3ph, 3pc, 4p, 5p)"),
    };

    /// <summary>Coefficient names of a form, in design order.</summary>
    public static IReadOnlyList<string> CoefficientNames(ChangePointForm form) => form switch
    {
        ChangePointForm.Mean => ["mean"],
        ChangePointForm.TwoParameter => ["intercept", "slope"],
        ChangePointForm.ThreeParameterHeating => ["base", "heating_slope"],
        ChangePointForm.ThreeParameterCooling => ["base", "cooling_slope"],
        _ => ["base", "heating_slope", "cooling_slope"],
    };

    /// <summary>
    /// The design row of <paramref name="form"/> at driver <paramref name="x"/> (change points h, c; NaN where the form
    /// has none), scaled by <paramref name="scale"/> (e.g. the days of a period whose model predicts per day).
    /// </summary>
    public static void DesignRow(ChangePointForm form, double x, double h, double c, double scale, Span<double> row)
    {
        row[0] = scale;
        switch (form)
        {
            case ChangePointForm.TwoParameter:
                row[1] = scale * x;
                break;
            case ChangePointForm.ThreeParameterHeating:
                row[1] = scale * Math.Min(x - h, 0);
                break;
            case ChangePointForm.ThreeParameterCooling:
                row[1] = scale * Math.Max(x - c, 0);
                break;
            case ChangePointForm.FourParameter:
            case ChangePointForm.FiveParameter:
                row[1] = scale * Math.Min(x - h, 0);
                row[2] = scale * Math.Max(x - c, 0);
                break;
        }
    }
}
