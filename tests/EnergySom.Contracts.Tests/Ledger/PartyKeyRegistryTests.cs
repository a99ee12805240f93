using EnergySom.Contracts.Ledger;
using EnergySom.Contracts.Storage.Sqlite;
using EnergySom.Testing;

namespace EnergySom.Contracts.Tests.Ledger;

/// <summary>
/// Keys: the ledger's first key registers itself; new parties are introduced by a registered party; a party
/// replaces its key with the old one. Nobody else can add or replace a key.
/// </summary>
public sealed class PartyKeyRegistryTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new("esom-keys-");
    private SqliteLedgerStore _store = null!;
    private LedgerScenario _scenario = null!;

    private PartyKeyRegistry Keys => _scenario.Ledger.Keys;

    public Task InitializeAsync()
    {
        _store = SqliteLedgerStore.Open(_dir.File("ledger.db"));
        _scenario = new LedgerScenario(_store);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose()
    {
        _scenario.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task FirstKey_RegistersItself_AndIntroducesTheNextParty()
    {
        var esco = await Keys.RegisterAsync("esco", _scenario.EscoKey.PublicKey, _scenario.EscoKey);
        var factory = await Keys.RegisterAsync("factory", _scenario.FactoryKey.PublicKey, _scenario.EscoKey);

        Assert.Equal(("esco", "esco", 1L), (esco.Party, esco.RegisteredBy, esco.RegisteredAt));
        Assert.Equal(("factory", "esco", 2L), (factory.Party, factory.RegisteredBy, factory.RegisteredAt));
        Assert.Equal(_scenario.FactoryKey.KeyId, factory.KeyId);
        Assert.True((await _scenario.Ledger.VerifyAsync(new LedgerVerifyOptions { AllSignatures = true })).IsIntact);
    }

    [Fact]
    public async Task FirstKey_SignedByAnotherKey_IsRefused()
    {
        var error = await Assert.ThrowsAsync<WorkflowException>(() => Keys.RegisterAsync("esco", _scenario.EscoKey.PublicKey, _scenario.FactoryKey));

        Assert.Contains("first key registers itself", error.Message, StringComparison.Ordinal);
        Assert.Null(await _store.ReadHeadAsync());
    }

    [Fact]
    public async Task UnregisteredKey_CannotIntroduceAParty()
    {
        await Keys.RegisterAsync("esco", _scenario.EscoKey.PublicKey, _scenario.EscoKey);
        using var mallory = PartyKey.Generate();

        var error = await Assert.ThrowsAsync<WorkflowException>(() => Keys.RegisterAsync("mallory", mallory.PublicKey, mallory));

        Assert.Contains("is not registered in this ledger", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotation_ByTheOldKey_RetiresIt()
    {
        await Keys.RegisterAsync("esco", _scenario.EscoKey.PublicKey, _scenario.EscoKey);
        await Keys.RegisterAsync("factory", _scenario.FactoryKey.PublicKey, _scenario.EscoKey);
        using var newFactoryKey = PartyKey.Generate();

        // The ESCO cannot replace the factory's key; the factory can.
        var error = await Assert.ThrowsAsync<WorkflowException>(() => Keys.RegisterAsync("factory", newFactoryKey.PublicKey, _scenario.EscoKey));
        Assert.Contains("only that key can register its replacement", error.Message, StringComparison.Ordinal);
        var rotated = await Keys.RegisterAsync("factory", newFactoryKey.PublicKey, _scenario.FactoryKey);

        var keys = await Keys.ListAsync();
        Assert.Equal(3L, rotated.RegisteredAt);
        Assert.Equal(3L, keys.Single(k => k.KeyId == _scenario.FactoryKey.KeyId).RetiredAt);
        Assert.True(keys.Single(k => k.KeyId == newFactoryKey.KeyId).IsActive);
        using var otherKey = PartyKey.Generate();
        var retired = await Assert.ThrowsAsync<WorkflowException>(() => Keys.RegisterAsync("other", otherKey.PublicKey, _scenario.FactoryKey));
        Assert.Contains("was replaced at entry 3", retired.Message, StringComparison.Ordinal);
        Assert.True((await _scenario.Ledger.VerifyAsync(new LedgerVerifyOptions { AllSignatures = true })).IsIntact);
    }

    [Fact]
    public async Task RegisteringTheSameKeyAgain_RecordsNothing_ButAnotherPartysKeyIsRefused()
    {
        await Keys.RegisterAsync("esco", _scenario.EscoKey.PublicKey, _scenario.EscoKey);
        await Keys.RegisterAsync("esco", _scenario.EscoKey.PublicKey, _scenario.EscoKey);
        Assert.Equal(1, (await _store.ReadHeadAsync())!.Sequence);

        var error = await Assert.ThrowsAsync<WorkflowException>(() => Keys.RegisterAsync("factory", _scenario.EscoKey.PublicKey, _scenario.EscoKey));
        Assert.Contains("is already registered to 'esco'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAP256Key_IsRefused()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        await Keys.RegisterAsync("esco", _scenario.EscoKey.PublicKey, _scenario.EscoKey);

        var error = await Assert.ThrowsAsync<WorkflowException>(() => Keys.RegisterAsync("factory", rsa.ExportSubjectPublicKeyInfo(), _scenario.EscoKey));

        Assert.Contains("not usable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadPartyName_IsRefused()
    {
        var error = await Assert.ThrowsAsync<WorkflowException>(() => Keys.RegisterAsync(" esco", _scenario.EscoKey.PublicKey, _scenario.EscoKey));

        Assert.Contains("leading or trailing spaces", error.Message, StringComparison.Ordinal);
    }
}
