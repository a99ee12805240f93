namespace EnergySom.Contracts.Terms;

/// <summary>
/// Limits on what the ESCO is paid (before VAT treatment, on the net amount of each statement). A minimum
/// payment tops the ESCO's periodic amount up; caps cut the amount so the cumulative ESCO total stays within them.
/// Caps win over the minimum payment.
/// </summary>
/// <param name="EscoCapTotal">Most the ESCO receives over the whole term, yuan.</param>
/// <param name="EscoCapPerYear">Most the ESCO receives in one contract year, yuan.</param>
/// <param name="MinimumPaymentPerPeriod">Least the ESCO receives per settlement period, yuan (before year-end true-ups).</param>
public sealed record PaymentLimits(decimal? EscoCapTotal, decimal? EscoCapPerYear, decimal? MinimumPaymentPerPeriod)
{
    public static readonly PaymentLimits None = new(null, null, null);

    public bool Any => EscoCapTotal is not null || EscoCapPerYear is not null || MinimumPaymentPerPeriod is not null;
}
