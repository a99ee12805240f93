using System.Globalization;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// A receipt: the hash an entry had when a party saw it (printed by every command that records an entry, and by
/// <c>ledger verify</c> for the head). Verification against a receipt detects what the chain alone cannot:
/// entries deleted from the end, or the whole ledger rebuilt.
/// </summary>
public sealed record LedgerReceipt(long Sequence, string Hash)
{
    /// <summary>Parses <c>SEQUENCE:HASH</c> (hash as 64 hex digits).</summary>
    /// <exception cref="FormatException">Not in that form.</exception>
    public static LedgerReceipt Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence < 1
            || parts[1].Length != 64
            || !parts[1].All(char.IsAsciiHexDigit))
        {
            throw new FormatException($"'{text}' is not a receipt: expected SEQUENCE:HASH, e.g. 42:{new string('0', 64)}");
        }

        return new LedgerReceipt(sequence, parts[1].ToLowerInvariant());
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Sequence}:{Hash}");
}
