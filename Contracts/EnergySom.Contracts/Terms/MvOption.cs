namespace EnergySom.Contracts.Terms;

/// <summary>IPMVP measurement and verification options a contract may use (reference/standards.md §1.1).</summary>
public enum MvOption
{
    /// <summary>Retrofit isolation, key parameter measured, others stipulated.</summary>
    A,

    /// <summary>Retrofit isolation, all parameters measured.</summary>
    B,

    /// <summary>Whole facility (utility or main meters), usually a regression baseline.</summary>
    C,
}
