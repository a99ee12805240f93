using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// The payload schema of ledger entries (version 1): what each entry type carries, as canonical JSON with
/// camelCase member names. Documents (contracts, statements) are embedded verbatim as canonical JSON values,
/// with their SHA-256 beside them, so the ledger never needs to understand their schema.
/// </summary>
internal static class LedgerPayloads
{
    public const string Schema = "energysom.ledger/1";

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static byte[] Encode<T>(T payload) => CanonicalJson.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(payload, Options));

    /// <summary>Reads a payload; a malformed one gives a <see cref="FormatException"/> naming the entry type.</summary>
    public static T Decode<T>(ReadOnlySpan<byte> payload, string type)
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(payload, Options) ?? throw new FormatException($"{type} payload is null");
            return value;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{type} payload does not match schema {Schema}: {ex.Message}", ex);
        }
    }

    /// <summary>Canonical bytes and SHA-256 (hex) of an embedded document.</summary>
    public static (byte[] Bytes, string Digest) Document(JsonElement document)
    {
        var bytes = CanonicalJson.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(document));
        return (bytes, CanonicalJson.DigestHex(bytes));
    }

    public static JsonElement Embed(ReadOnlySpan<byte> canonicalDocument)
    {
        using var parsed = JsonDocument.Parse(canonicalDocument.ToArray());
        return parsed.RootElement.Clone();
    }
}

/// <summary><c>key.registered</c>: a party's P-256 public key (SubjectPublicKeyInfo DER, base64).</summary>
/// <param name="Replaces">Key id of the party's previous key, for a rotation; null for its first key.</param>
internal sealed record KeyRegistrationPayload(string Schema, string Party, string KeyId, string PublicKey, string? Replaces);

/// <summary><c>contract.registered</c>: a contract document and its two parties.</summary>
internal sealed record ContractRegistrationPayload(string Schema, string ContractId, string Esco, string Factory, string DocumentDigest, JsonElement Document);

/// <summary><c>statement.drafted</c>: a settlement statement as computed.</summary>
/// <param name="InputDigest">Digest of the inputs the engine priced; equal inputs give an equal statement.</param>
/// <param name="Supersedes">The statement of the same period it replaces (changed inputs, or the correction of a reversed one).</param>
internal sealed record StatementDraftPayload(
    string Schema,
    string StatementId,
    string ContractId,
    string Period,
    string InputDigest,
    string DocumentDigest,
    string? Supersedes,
    JsonElement Document);

/// <summary><c>statement.approved</c>, <c>statement.disputed</c>, <c>statement.reversed</c>: a party's decision on a statement.</summary>
/// <param name="DocumentDigest">Digest of the statement document decided on, binding the decision to its content.</param>
/// <param name="Reason">Why (required for disputes and reversals; null for approvals).</param>
internal sealed record StatementDecisionPayload(string Schema, string StatementId, string Role, string DocumentDigest, string? Reason);

/// <summary><c>ledger.checkpoint</c>: the signer verified every entry and signature up to <paramref name="ThroughSequence"/>.</summary>
internal sealed record CheckpointPayload(string Schema, long ThroughSequence, string ThroughHash);
