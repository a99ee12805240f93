using System.Security.Cryptography;
using EnergySom.Contracts.Ledger;
using EnergySom.Testing;

namespace EnergySom.Contracts.Tests.Ledger;

public sealed class PartyKeyTests : IDisposable
{
    private readonly TempDirectory _dir = new("esom-key-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void PrivatePem_RoundTrips_WithItsHeader_AndSignsVerifiably()
    {
        using var key = PartyKey.Generate();
        var pem = key.ExportPrivatePem("esco");
        File.WriteAllText(_dir.File("esco.pem"), pem);

        using var loaded = PartyKey.Load(_dir.File("esco.pem"));
        var hash = SHA256.HashData("entry"u8);
        using var verifier = PartyKey.OpenPublicKey(key.PublicKey.Span);

        Assert.StartsWith("EnergySom private key (ECDSA P-256)\nparty: esco\nkey id: " + key.KeyId, pem, StringComparison.Ordinal);
        Assert.Equal(key.KeyId, loaded.KeyId);
        Assert.True(PartyKey.Verify(verifier, hash, loaded.Sign(hash)));
        Assert.Equal(PartyKey.SignatureSize, loaded.Sign(hash).Length);
        Assert.False(PartyKey.Verify(verifier, SHA256.HashData("other"u8), loaded.Sign(hash)));
    }

    [Fact]
    public void EncryptedPem_NeedsItsPassphrase()
    {
        using var key = PartyKey.Generate();
        var pem = key.ExportPrivatePem("factory", "correct horse");

        Assert.Contains("ENCRYPTED PRIVATE KEY", pem, StringComparison.Ordinal);
        Assert.Equal(key.KeyId, PartyKey.FromPem(pem, "correct horse").KeyId);
        Assert.Contains("ENERGYSOM_KEY_PASSPHRASE", Assert.Throws<FormatException>(() => PartyKey.FromPem(pem)).Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => PartyKey.FromPem(pem, "wrong"));
    }

    [Fact]
    public void PublicPem_GivesTheSameKeyId()
    {
        using var key = PartyKey.Generate();

        var publicKey = PartyKey.PublicKeyFromPem(key.ExportPublicPem("esco"));

        Assert.Equal(key.KeyId, PartyKey.KeyIdOf(publicKey));
        Assert.Equal(key.KeyId, PartyKey.KeyIdOf(PartyKey.PublicKeyFromPem(key.ExportPrivatePem("esco"))));
    }

    [Fact]
    public void OtherCurves_AndGarbage_AreRefused_NamingTheFile()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        File.WriteAllText(_dir.File("p384.pem"), p384.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(_dir.File("junk.pem"), "hello");

        Assert.Contains("not P-256", Assert.Throws<FormatException>(() => PartyKey.Load(_dir.File("p384.pem"))).Message, StringComparison.Ordinal);
        Assert.StartsWith(_dir.File("junk.pem"), Assert.Throws<FormatException>(() => PartyKey.Load(_dir.File("junk.pem"))).Message, StringComparison.Ordinal);
        Assert.Contains("cannot read key file", Assert.Throws<FormatException>(() => PartyKey.Load(_dir.File("missing.pem"))).Message, StringComparison.Ordinal);
    }
}
