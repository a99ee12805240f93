using System.Globalization;
using System.Security.Cryptography;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// A party's signing key: ECDSA on the NIST P-256 curve (FIPS 186-4, SEC 2 secp256r1), from
/// System.Security.Cryptography (OpenSSL on Linux). The private key lives in a PEM file the party keeps; only
/// the public key is registered in the ledger.
/// </summary>
/// <remarks>
/// Signatures are over the 32-byte entry hash, in IEEE P1363 form (r‖s, 64 bytes). The key id is the first 16
/// bytes (32 hex digits) of the SHA-256 of the public key's SubjectPublicKeyInfo DER encoding.
/// </remarks>
public sealed class PartyKey : IDisposable
{
    /// <summary>OID of the P-256 curve (prime256v1 / secp256r1).</summary>
    public const string P256Oid = "1.2.840.10045.3.1.7";

    public const int SignatureSize = 64;

    private readonly ECDsa _key;

    private PartyKey(ECDsa key)
    {
        _key = key;
        PublicKey = key.ExportSubjectPublicKeyInfo();
        KeyId = KeyIdOf(PublicKey.Span);
    }

    /// <summary>Id of this key (32 lower-case hex digits).</summary>
    public string KeyId { get; }

    /// <summary>Public key as SubjectPublicKeyInfo DER, as registered in the ledger.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>A new random P-256 key.</summary>
    public static PartyKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>
    /// Reads a private key from PEM text (<c>PRIVATE KEY</c>, <c>EC PRIVATE KEY</c>, or <c>ENCRYPTED PRIVATE KEY</c>
    /// with <paramref name="passphrase"/>). Explanatory lines before the PEM block are ignored.
    /// </summary>
    /// <exception cref="FormatException">No usable P-256 private key in the text, or a wrong passphrase.</exception>
    public static PartyKey FromPem(string pem, string? passphrase = null)
    {
        var key = ECDsa.Create();
        try
        {
            if (pem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
            {
                if (string.IsNullOrEmpty(passphrase))
                {
                    throw new FormatException("the key is encrypted: set its passphrase in ENERGYSOM_KEY_PASSPHRASE");
                }

                key.ImportFromEncryptedPem(pem, passphrase);
            }
            else if (pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            {
                key.ImportFromPem(pem);
            }
            else
            {
                throw new FormatException("no PEM private key found (expected '-----BEGIN PRIVATE KEY-----')");
            }

            RequireP256(key);
            return new PartyKey(key);
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new FormatException($"not a readable private key: {ex.Message}", ex);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Reads a private key file; errors name the file.</summary>
    /// <exception cref="FormatException">The file is missing, unreadable or holds no usable key.</exception>
    public static PartyKey Load(string path, string? passphrase = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"{path}: cannot read key file: {ex.Message}", ex);
        }

        try
        {
            return FromPem(text, passphrase);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Signs a 32-byte entry hash.</summary>
    public byte[] Sign(ReadOnlySpan<byte> hash) => _key.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>
    /// The private key as a PEM file: a few explanatory lines (party, key id) and a PKCS#8 block, encrypted
    /// with <paramref name="passphrase"/> (AES-256-CBC, PBKDF2-SHA256, 600,000 iterations) when one is given.
    /// </summary>
    public string ExportPrivatePem(string party, string? passphrase = null)
    {
        var block = string.IsNullOrEmpty(passphrase)
            ? _key.ExportPkcs8PrivateKeyPem()
            : _key.ExportEncryptedPkcs8PrivateKeyPem(
                passphrase,
                new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 600_000));
        return Header("private", party) + block + "\n";
    }

    /// <summary>The public key as a PEM file (for registering it or pinning it in <c>ledger verify</c>).</summary>
    public string ExportPublicPem(string party) => Header("public", party) + _key.ExportSubjectPublicKeyInfoPem() + "\n";

    private string Header(string kind, string party) => string.Create(
        CultureInfo.InvariantCulture,
        $"EnergySom {kind} key (ECDSA P-256)\nparty: {party.Replace('\n', ' ')}\nkey id: {KeyId}\n\n");

    /// <summary>Key id of a SubjectPublicKeyInfo DER public key.</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo)[..16]);

    /// <summary>Reads a public key from PEM text (<c>PUBLIC KEY</c>), or the public half of a private key PEM.</summary>
    /// <exception cref="FormatException">No usable P-256 key in the text.</exception>
    public static byte[] PublicKeyFromPem(string pem, string? passphrase = null)
    {
        if (pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            using var privateKey = FromPem(pem, passphrase);
            return privateKey.PublicKey.ToArray();
        }

        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            RequireP256(key);
            return key.ExportSubjectPublicKeyInfo();
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new FormatException($"no readable public key: {ex.Message}", ex);
        }
    }

    /// <summary>A verifier for a registered public key; fails unless it is a P-256 key.</summary>
    /// <exception cref="FormatException">The bytes are not a P-256 SubjectPublicKeyInfo.</exception>
    public static ECDsa OpenPublicKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length)
            {
                throw new FormatException("trailing bytes after the public key");
            }

            RequireP256(key);
            return key;
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new FormatException($"not a public key: {ex.Message}", ex);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="signature"/> is a valid signature of <paramref name="hash"/> by <paramref name="key"/>.</summary>
    public static bool Verify(ECDsa key, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureSize && key.VerifyHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    private static void RequireP256(ECDsa key)
    {
        var curve = key.ExportParameters(false).Curve;
        if (curve.Oid?.Value != P256Oid && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1"))
        {
            throw new FormatException($"the key is on curve {curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "(explicit)"}, not P-256");
        }
    }

    public void Dispose() => _key.Dispose();
}
