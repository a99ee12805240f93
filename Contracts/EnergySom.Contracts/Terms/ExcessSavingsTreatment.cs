namespace EnergySom.Contracts.Terms;

/// <summary>What happens to savings above the guaranteed quantity.</summary>
public enum ExcessSavingsTreatment
{
    /// <summary>The host keeps the excess.</summary>
    KeptByHost,

    /// <summary>The excess, valued at the agreed price, is shared with the ESCO by an agreed share.</summary>
    Shared,

    /// <summary>The ESCO is paid the whole excess at the agreed price.</summary>
    KeptByEsco,
}
