namespace EnergySom.Contracts.Ledger;

/// <summary>The last entry of the ledger: what the next entry chains onto.</summary>
/// <param name="Sequence">Sequence number of the last entry.</param>
/// <param name="Hash">Its hash (32 bytes).</param>
/// <param name="Signature">Its signature; the next entry's hash covers it too.</param>
#pragma warning disable CA1819 // raw chain bytes, compared and hashed as stored
public sealed record LedgerHead(long Sequence, byte[] Hash, byte[] Signature)
{
    public string HashHex => Convert.ToHexStringLower(Hash);
}
#pragma warning restore CA1819
