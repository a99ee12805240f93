using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// The payload schema of ledger entries (version 1): what each entry type carries, as canonical JSON with
/// camelCase member names. Documents (contracts, statements) are embedded verbatim as canonical JSON values,
/// with their SHA-256 beside them, so the ledger never needs to understand their schema.
/// </summary>
/// <remarks>
/// Payloads are written canonical, so an embedded document's bytes inside the payload are its canonical form:
/// its digest is the SHA-256 of exactly those bytes, and reading a payload never re-serialises a document.
/// Reading is a hand-written pass over <see cref="Utf8JsonReader"/> because verification reads every payload of
/// a ledger (100,000 and more): strict (unknown, missing, duplicate or mistyped members are errors) and
/// allocation-light.
/// </remarks>
internal static class LedgerPayloads
{
    public const string Schema = "energysom.ledger/1";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new RawJsonConverter() },
    };

    /// <summary>Canonical JSON of a payload record.</summary>
    public static byte[] Encode<T>(T payload) => CanonicalJson.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(payload, Options));

    /// <summary>
    /// Reads the payload of an entry of <paramref name="type"/> into its record (<see cref="KeyRegistrationPayload"/>,
    /// <see cref="ContractRegistrationPayload"/>, <see cref="StatementDraftPayload"/>, <see cref="StatementDecisionPayload"/>
    /// or <see cref="CheckpointPayload"/>); null for an unknown type.
    /// </summary>
    /// <exception cref="FormatException">The payload does not match the schema; the message names the member.</exception>
    public static object? Decode(string type, ReadOnlyMemory<byte> payload)
    {
        switch (type)
        {
            case LedgerEntryTypes.KeyRegistered:
            {
                var f = Fields.Read(payload, type, KeyMembers);
                return new KeyRegistrationPayload(f.Text(0), f.Text(1), f.Text(2), f.Text(3), f.TextOrNull(4));
            }

            case LedgerEntryTypes.ContractRegistered:
            {
                var f = Fields.Read(payload, type, ContractMembers);
                return new ContractRegistrationPayload(f.Text(0), f.Text(1), f.Text(2), f.Text(3), f.Text(4), f.Raw(5));
            }

            case LedgerEntryTypes.StatementDrafted:
            {
                var f = Fields.Read(payload, type, DraftMembers);
                return new StatementDraftPayload(f.Text(0), f.Text(1), f.Text(2), f.Text(3), f.Text(4), f.Text(5), f.TextOrNull(6), f.Raw(7));
            }

            case LedgerEntryTypes.StatementApproved or LedgerEntryTypes.StatementDisputed or LedgerEntryTypes.StatementReversed:
            {
                var f = Fields.Read(payload, type, DecisionMembers);
                return new StatementDecisionPayload(f.Text(0), f.Text(1), f.Text(2), f.Text(3), f.TextOrNull(4));
            }

            case LedgerEntryTypes.Checkpoint:
            {
                var f = Fields.Read(payload, type, CheckpointMembers);
                return new CheckpointPayload(f.Text(0), f.Number(1), f.Text(2));
            }

            default:
                return null;
        }
    }

    private static readonly Member[] KeyMembers = Members("schema", "party", "keyId", "publicKey", "replaces");
    private static readonly Member[] ContractMembers = Members("schema", "contractId", "esco", "factory", "documentDigest", "document");
    private static readonly Member[] DraftMembers = Members("schema", "statementId", "contractId", "period", "inputDigest", "documentDigest", "supersedes", "document");
    private static readonly Member[] DecisionMembers = Members("schema", "statementId", "role", "documentDigest", "reason");
    private static readonly Member[] CheckpointMembers = Members("schema", "throughSequence", "throughHash");

    private static Member[] Members(params string[] names) => [.. names.Select(n => new Member(n, System.Text.Encoding.UTF8.GetBytes(n)))];

    private sealed record Member(string Name, byte[] Utf8);

    /// <summary>The top-level members of a payload object, by their position in the schema's member list.</summary>
    private readonly struct Fields
    {
        private readonly (JsonTokenType Kind, string? Text, long Number, int Start, int Length)[] _values;
        private readonly Member[] _members;
        private readonly ReadOnlyMemory<byte> _payload;
        private readonly string _type;

        private Fields(string type, Member[] members, ReadOnlyMemory<byte> payload, (JsonTokenType, string?, long, int, int)[] values)
        {
            _type = type;
            _members = members;
            _payload = payload;
            _values = values;
        }

        public static Fields Read(ReadOnlyMemory<byte> payload, string type, Member[] members)
        {
            var values = new (JsonTokenType Kind, string? Text, long Number, int Start, int Length)[members.Length];
            try
            {
                var reader = new Utf8JsonReader(payload.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new FormatException($"{type} payload is not a JSON object");
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var index = members.Length - 1;
                    while (index >= 0 && !reader.ValueTextEquals(members[index].Utf8))
                    {
                        index--;
                    }

                    if (index < 0)
                    {
                        throw new FormatException($"{type} payload has an unknown member '{reader.GetString()}'");
                    }

                    if (values[index].Kind != JsonTokenType.None)
                    {
                        throw new FormatException($"{type} payload has '{members[index].Name}' twice");
                    }

                    reader.Read();
                    var kind = reader.TokenType;
                    var start = (int)reader.TokenStartIndex;
                    string? text = null;
                    long number = 0;
                    switch (kind)
                    {
                        case JsonTokenType.String:
                            text = reader.GetString();
                            break;
                        case JsonTokenType.Number:
                            number = reader.TryGetInt64(out var n) ? n : throw new FormatException($"{type} payload: '{members[index].Name}' is not a whole number");
                            break;
                        case JsonTokenType.StartObject or JsonTokenType.StartArray:
                            reader.Skip();
                            break;
                    }

                    values[index] = (kind, text, number, start, (int)reader.BytesConsumed - start);
                }

                if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                {
                    throw new FormatException($"{type} payload has content after its object");
                }
            }
            catch (JsonException ex)
            {
                throw new FormatException($"{type} payload is not JSON: {ex.Message}", ex);
            }
            catch (InvalidOperationException ex)
            {
                throw new FormatException($"{type} payload is not valid JSON text: {ex.Message}", ex);
            }

            for (var i = 0; i < members.Length; i++)
            {
                if (values[i].Kind == JsonTokenType.None)
                {
                    throw new FormatException($"{type} payload lacks '{members[i].Name}' (schema {Schema})");
                }
            }

            return new Fields(type, members, payload, values);
        }

        public string Text(int index) =>
            _values[index] is { Kind: JsonTokenType.String, Text: { } text } ? text : throw new FormatException($"{_type} payload: '{_members[index].Name}' is not a string");

        public string? TextOrNull(int index) => _values[index].Kind == JsonTokenType.Null ? null : Text(index);

        public long Number(int index) =>
            _values[index] is { Kind: JsonTokenType.Number } value ? value.Number : throw new FormatException($"{_type} payload: '{_members[index].Name}' is not a number");

        /// <summary>A member's JSON value as the bytes it occupies in the payload (no copy).</summary>
        public RawJson Raw(int index) => new(_payload.Slice(_values[index].Start, _values[index].Length));
    }

    /// <summary>Writes a <see cref="RawJson"/> value verbatim.</summary>
    private sealed class RawJsonConverter : JsonConverter<RawJson>
    {
        public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("payloads are read by LedgerPayloads.Decode");

        public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Bytes.Span);
    }
}

/// <summary>An embedded JSON document, as its exact (canonical) bytes.</summary>
internal sealed record RawJson(ReadOnlyMemory<byte> Bytes)
{
    /// <summary>SHA-256 (hex) of the bytes.</summary>
    public string Digest => CanonicalJson.DigestHex(Bytes.Span);
}

/// <summary><c>key.registered</c>: a party's P-256 public key (SubjectPublicKeyInfo DER, base64).</summary>
/// <param name="Replaces">Key id of the party's previous key, for a rotation; null for its first key.</param>
internal sealed record KeyRegistrationPayload(string Schema, string Party, string KeyId, string PublicKey, string? Replaces);

/// <summary><c>contract.registered</c>: a contract document and its two parties.</summary>
internal sealed record ContractRegistrationPayload(string Schema, string ContractId, string Esco, string Factory, string DocumentDigest, RawJson Document);

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
    RawJson Document);

/// <summary><c>statement.approved</c>, <c>statement.disputed</c>, <c>statement.reversed</c>: a party's decision on a statement.</summary>
/// <param name="DocumentDigest">Digest of the statement document decided on, binding the decision to its content.</param>
/// <param name="Reason">Why (required for disputes and reversals; null for approvals).</param>
internal sealed record StatementDecisionPayload(string Schema, string StatementId, string Role, string DocumentDigest, string? Reason);

/// <summary><c>ledger.checkpoint</c>: the signer verified every entry and signature up to <paramref name="ThroughSequence"/>.</summary>
internal sealed record CheckpointPayload(string Schema, long ThroughSequence, string ThroughHash);
