using EnergySom.Metering.Storage;

namespace EnergySom.Metering.Tests.Storage;

/// <summary>The store contract on the embedded file store.</summary>
public sealed class EmbeddedReadingStoreContractTests : ReadingStoreContract, IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("esom-contract-");
    private int _files;

    public void Dispose() => _dir.Delete(recursive: true);

    protected override Task<IReadingStore> CreateAsync() =>
        Task.FromResult<IReadingStore>(EmbeddedReadingStore.Open(Path.Combine(_dir.FullName, $"store{Interlocked.Increment(ref _files)}.ests"), new EmbeddedStoreOptions { BlockSize = 64 }));

    protected override async Task<IReadingStore> ReopenAsync(IReadingStore store)
    {
        var path = ((EmbeddedReadingStore)store).Path;
        await store.DisposeAsync();
        return EmbeddedReadingStore.Open(path, new EmbeddedStoreOptions { BlockSize = 64 });
    }
}
