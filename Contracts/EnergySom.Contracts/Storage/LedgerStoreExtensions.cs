using System.Runtime.CompilerServices;
using EnergySom.Contracts.Ledger;

namespace EnergySom.Contracts.Storage;

/// <summary>Reading a whole ledger page by page.</summary>
public static class LedgerStoreExtensions
{
    /// <summary>Every entry after <paramref name="afterSequence"/>, in order, read in pages of <paramref name="pageSize"/>.</summary>
    public static async IAsyncEnumerable<LedgerEntry> ReadAllAsync(
        this ILedgerStore store,
        long afterSequence = 0,
        int pageSize = 4096,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var after = afterSequence;
        while (true)
        {
            var page = await store.ReadRangeAsync(after, pageSize, ct);
            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = page[^1].Sequence;
        }
    }
}
