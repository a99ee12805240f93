using System.Globalization;

namespace EnergySom.Contracts;

/// <summary>How money is rounded: to a step (the fen, 0.01 yuan, by default) with a midpoint rule.</summary>
/// <param name="Step">Rounding step in yuan: 0.01 (fen), 0.1 (jiao) or 1.</param>
/// <param name="Mode">Midpoint rule; Chinese accounting practice (四舍五入) rounds half away from zero.</param>
public sealed record RoundingPolicy(decimal Step, MidpointRounding Mode)
{
    /// <summary>To the fen, half away from zero.</summary>
    public static readonly RoundingPolicy Fen = new(0.01m, MidpointRounding.AwayFromZero);

    public decimal Round(decimal amount)
    {
        if (Step <= 0)
        {
            throw new InvalidOperationException("rounding step must be positive");
        }

        return Math.Round(amount / Step, 0, Mode) * Step;
    }

    public override string ToString() => $"{Step.ToString(CultureInfo.InvariantCulture)} CNY, {Mode}";
}

/// <summary>An amount of Chinese yuan (CNY). Decimal, never floating point.</summary>
public readonly record struct Money(decimal Amount) : IComparable<Money>
{
    public static readonly Money Zero = new(0m);

    public const string Currency = "CNY";

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount);

    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount);

    public static Money operator -(Money a) => new(-a.Amount);

    public static bool operator <(Money a, Money b) => a.Amount < b.Amount;

    public static bool operator >(Money a, Money b) => a.Amount > b.Amount;

    public static bool operator <=(Money a, Money b) => a.Amount <= b.Amount;

    public static bool operator >=(Money a, Money b) => a.Amount >= b.Amount;

    public Money Round(RoundingPolicy policy) => new(policy.Round(Amount));

    public int CompareTo(Money other) => Amount.CompareTo(other.Amount);

    public Money Add(Money other) => this + other;

    public Money Subtract(Money other) => this - other;

    public Money Negate() => -this;

    public override string ToString() => $"{Amount.ToString("0.00", CultureInfo.InvariantCulture)} {Currency}";
}
