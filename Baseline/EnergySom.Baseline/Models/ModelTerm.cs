namespace EnergySom.Baseline.Models;

/// <summary>One fitted coefficient: its name, value, standard error and t statistic.</summary>
public sealed record ModelTerm(string Name, double Coefficient, double StandardError)
{
    public double TStatistic => StandardError > 0 ? Coefficient / StandardError : double.NaN;
}
