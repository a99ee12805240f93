using System.Globalization;

namespace EnergySom.Contracts;

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
