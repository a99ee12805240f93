using System.Text.Json;
using NodaTime;

namespace EnergySom.Contracts.Ledger;

/// <summary>
/// The ledger's rules, applied entry by entry: who may register keys, contracts and statements, and which
/// statement transitions are legal. The same replay decides whether a new entry may be written (the books ask
/// it first) and re-checks every stored entry during verification, so a well-signed entry that breaks the
/// rules (an approval out of order, written by some other client) is still reported.
/// </summary>
/// <remarks>
/// Replaying a subset is exact as long as it holds every key entry and every entry of the contracts it is
/// asked about: no rule looks across contracts.
/// Verification replays without <c>detailed</c>: it needs the states, not the documents and histories.
/// </remarks>
internal sealed class LedgerReplay(bool detailed = true)
{
    public const int MaxReasonLength = 2000;

    private readonly Dictionary<string, RegisteredKey> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _activeKeyOfParty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RegisteredContract> _contracts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StatementRecord> _statements = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Contract, string Period), string> _live = [];

    public IReadOnlyDictionary<string, RegisteredKey> Keys => _keys;

    public IReadOnlyDictionary<string, RegisteredContract> Contracts => _contracts;

    public IEnumerable<StatementView> Statements => _statements.Values.Select(s => s.View());

    public StatementView? Statement(string statementId) => _statements.TryGetValue(statementId, out var s) ? s.View() : null;

    /// <summary>The party's current key, if it has one.</summary>
    public RegisteredKey? ActiveKeyOf(string party) =>
        _activeKeyOfParty.TryGetValue(party, out var keyId) ? _keys[keyId] : null;

    /// <summary>The statement currently standing for a contract's period (not superseded), if any.</summary>
    public string? LiveStatement(string contractId, string period) => _live.GetValueOrDefault((contractId, period));

    /// <summary>
    /// Checks <paramref name="entry"/> against the rules and, when it passes, applies it. Returns null, or why the
    /// entry is not allowed (nothing is applied then). Hash, link and signature are checked elsewhere.
    /// </summary>
    public string? Apply(LedgerEntry entry) => Apply(entry, Decode(entry));

    /// <summary>
    /// Reads an entry's payload for <see cref="Apply(LedgerEntry, object)"/>: its payload record, or the
    /// <see cref="FormatException"/> that says why it cannot be read. Pure, so verification decodes in parallel.
    /// </summary>
    public static object Decode(LedgerEntry entry)
    {
        try
        {
            return LedgerPayloads.Decode(entry.Type, entry.Payload) ?? UnknownType;
        }
        catch (FormatException ex)
        {
            return ex;
        }
    }

    private static readonly object UnknownType = new();

    /// <summary>As <see cref="Apply(LedgerEntry)"/>, with the payload already decoded by <see cref="Decode"/>.</summary>
    public string? Apply(LedgerEntry entry, object decoded) => decoded switch
    {
        FormatException ex => $"malformed payload: {ex.Message}",
        KeyRegistrationPayload key => ApplyKey(entry, key),
        ContractRegistrationPayload contract => ApplyContract(entry, contract),
        StatementDraftPayload draft => ApplyDraft(entry, draft),
        StatementDecisionPayload decision => ApplyDecision(entry, decision),
        CheckpointPayload checkpoint => ApplyCheckpoint(entry, checkpoint),
        _ => $"unknown entry type '{entry.Type}' (this EnergySom reads {LedgerPayloads.Schema})",
    };

    private string? SignerCheck(LedgerEntry entry)
    {
        if (!_keys.TryGetValue(entry.KeyId, out var key))
        {
            return $"signed with key {entry.KeyId}, which is not registered in the ledger";
        }

        if (!string.Equals(key.Party, entry.Actor, StringComparison.Ordinal))
        {
            return $"signed with key {entry.KeyId} of '{key.Party}', but recorded as acting for '{entry.Actor}'";
        }

        return key.RetiredAt is { } retired
            ? $"signed with key {entry.KeyId} of '{key.Party}', which was replaced at entry {retired}"
            : null;
    }

    private string? ApplyKey(LedgerEntry entry, KeyRegistrationPayload payload)
    {
        if (Header(entry, payload.Schema, payload.Party, "") is { } header)
        {
            return header;
        }

        if (LedgerIds.Check(payload.Party, "party") is { } badParty)
        {
            return badParty;
        }

        byte[] publicKey;
        try
        {
            publicKey = Convert.FromBase64String(payload.PublicKey);
            PartyKey.OpenPublicKey(publicKey).Dispose();
        }
        catch (FormatException ex)
        {
            return $"public key of '{payload.Party}' is not a P-256 key: {ex.Message}";
        }

        var keyId = PartyKey.KeyIdOf(publicKey);
        if (!string.Equals(keyId, payload.KeyId, StringComparison.Ordinal))
        {
            return $"key id {payload.KeyId} does not match the public key (its id is {keyId})";
        }

        if (_keys.TryGetValue(keyId, out var existing))
        {
            return $"key {keyId} is already registered to '{existing.Party}' (entry {existing.RegisteredAt})";
        }

        var current = ActiveKeyOf(payload.Party);
        if (_keys.Count == 0)
        {
            // The first key of a ledger is its root of trust: it proves possession by signing its own registration.
            if (entry.KeyId != keyId || entry.Actor != payload.Party || payload.Replaces is not null)
            {
                return $"the first key of the ledger must be registered by its own party '{payload.Party}', signed with itself";
            }
        }
        else if (current is null)
        {
            // A new party's key is introduced by a party that already has one, so that nobody with mere write
            // access to the database can add a party (and sign in its name).
            if (SignerCheck(entry) is { } signer)
            {
                return signer;
            }

            if (payload.Replaces is not null)
            {
                return $"'{payload.Party}' has no key to replace";
            }
        }
        else
        {
            if (entry.Actor != payload.Party || entry.KeyId != current.KeyId)
            {
                return $"'{payload.Party}' already has key {current.KeyId}: only that key can register its replacement";
            }

            if (payload.Replaces != current.KeyId)
            {
                return $"the new key of '{payload.Party}' must state that it replaces {current.KeyId}";
            }

            if (SignerCheck(entry) is { } signer)
            {
                return signer;
            }

            _keys[current.KeyId] = current with { RetiredAt = entry.Sequence };
        }

        _keys[keyId] = new RegisteredKey(keyId, payload.Party, publicKey, entry.Sequence, entry.Actor, null);
        _activeKeyOfParty[payload.Party] = keyId;
        return null;
    }

    private string? ApplyContract(LedgerEntry entry, ContractRegistrationPayload payload)
    {
        if (Header(entry, payload.Schema, payload.ContractId, payload.ContractId) is { } header)
        {
            return header;
        }

        if ((LedgerIds.Check(payload.ContractId, "contract id") ?? LedgerIds.Check(payload.Esco, "ESCO") ?? LedgerIds.Check(payload.Factory, "factory")) is { } bad)
        {
            return bad;
        }

        if (SignerCheck(entry) is { } signer)
        {
            return signer;
        }

        if (_contracts.TryGetValue(payload.ContractId, out var existing))
        {
            return $"contract {payload.ContractId} is already registered (entry {existing.Sequence})";
        }

        if (payload.Esco == payload.Factory)
        {
            return $"contract {payload.ContractId}: the ESCO and the factory must be different parties (both are '{payload.Esco}')";
        }

        if (entry.Actor != payload.Esco)
        {
            return $"contract {payload.ContractId} is registered by its ESCO '{payload.Esco}', not by '{entry.Actor}'";
        }

        var digest = payload.Document.Digest;
        if (digest != payload.DocumentDigest)
        {
            return $"contract {payload.ContractId}: document digest {payload.DocumentDigest} does not match the document ({digest})";
        }

        _contracts[payload.ContractId] = new RegisteredContract(
            payload.ContractId, payload.Esco, payload.Factory, digest, detailed ? payload.Document.Bytes.ToArray() : [], entry.Sequence, entry.RecordedAt);
        return null;
    }

    private string? ApplyDraft(LedgerEntry entry, StatementDraftPayload payload)
    {
        if (Header(entry, payload.Schema, payload.StatementId, payload.ContractId) is { } header)
        {
            return header;
        }

        if ((LedgerIds.Check(payload.StatementId, "statement id") ?? LedgerIds.Check(payload.Period, "period")) is { } bad)
        {
            return bad;
        }

        if (SignerCheck(entry) is { } signer)
        {
            return signer;
        }

        if (!_contracts.TryGetValue(payload.ContractId, out var contract))
        {
            return $"statement {payload.StatementId} is for contract {payload.ContractId}, which is not registered in the ledger";
        }

        if (entry.Actor != contract.Esco)
        {
            return $"statements of contract {contract.ContractId} are drafted by its ESCO '{contract.Esco}', not by '{entry.Actor}'";
        }

        if (_statements.TryGetValue(payload.StatementId, out var existing))
        {
            return $"statement {payload.StatementId} is already in the ledger (entry {existing.DraftSequence})";
        }

        var digest = payload.Document.Digest;
        if (digest != payload.DocumentDigest)
        {
            return $"statement {payload.StatementId}: document digest {payload.DocumentDigest} does not match the document ({digest})";
        }

        var liveId = LiveStatement(payload.ContractId, payload.Period);
        StatementRecord? live = liveId is null ? null : _statements[liveId];
        if (live is null)
        {
            if (payload.Supersedes is not null)
            {
                return $"statement {payload.StatementId} supersedes {payload.Supersedes}, but period {payload.Period} of contract {payload.ContractId} has no statement";
            }
        }
        else if (live.State == StatementState.Final)
        {
            return $"period {payload.Period} of contract {payload.ContractId} has a final statement, {live.Id}: reverse it before issuing a new one";
        }
        else if (payload.Supersedes != live.Id)
        {
            return $"statement {payload.StatementId} must supersede {live.Id}, the current statement of period {payload.Period} of contract {payload.ContractId}";
        }

        var record = new StatementRecord(payload.StatementId, contract, payload.Period, payload.InputDigest, digest, detailed ? payload.Document.Bytes.ToArray() : [], entry.Sequence, entry.RecordedAt)
        {
            Supersedes = payload.Supersedes,
        };
        if (detailed)
        {
            record.Add(entry, null, null);
        }
        if (live is not null)
        {
            live.SupersededBy = record.Id;
            if (live.State != StatementState.Reversed)
            {
                live.State = StatementState.Superseded;
            }
        }

        _statements[record.Id] = record;
        _live[(payload.ContractId, payload.Period)] = record.Id;
        return null;
    }

    private string? ApplyDecision(LedgerEntry entry, StatementDecisionPayload payload)
    {
        if (!_statements.TryGetValue(payload.StatementId, out var statement))
        {
            return $"statement {payload.StatementId} is not in the ledger";
        }

        if (Header(entry, payload.Schema, payload.StatementId, statement.Contract.ContractId) is { } header)
        {
            return header;
        }

        if (SignerCheck(entry) is { } signer)
        {
            return signer;
        }

        if (!PartyRoles.TryParse(payload.Role, out var role))
        {
            return $"unknown role '{payload.Role}' (esco or factory)";
        }

        var party = statement.Contract.PartyOf(role);
        if (entry.Actor != party)
        {
            return $"'{entry.Actor}' cannot act as {role.Title()} on statement {statement.Id}: {role.Title()} of contract {statement.Contract.ContractId} is '{party}'";
        }

        if (payload.DocumentDigest != statement.DocumentDigest)
        {
            return $"the decision is about document {payload.DocumentDigest}, but statement {statement.Id} is document {statement.DocumentDigest}";
        }

        var needsReason = entry.Type != LedgerEntryTypes.StatementApproved;
        if (needsReason && string.IsNullOrWhiteSpace(payload.Reason))
        {
            return entry.Type == LedgerEntryTypes.StatementDisputed ? "a dispute needs a reason" : "a reversal needs a reason";
        }

        if (!needsReason && payload.Reason is not null)
        {
            return "an approval carries no reason";
        }

        if (payload.Reason is { Length: > MaxReasonLength })
        {
            return $"the reason is {payload.Reason.Length} characters long; at most {MaxReasonLength}";
        }

        if (Transition(statement, entry.Type, role) is { } refused)
        {
            return refused;
        }

        statement.State = (entry.Type, role) switch
        {
            (LedgerEntryTypes.StatementApproved, PartyRole.Esco) => StatementState.ApprovedByEsco,
            (LedgerEntryTypes.StatementApproved, PartyRole.Factory) => StatementState.Final,
            (LedgerEntryTypes.StatementDisputed, _) => StatementState.Disputed,
            _ => StatementState.Reversed,
        };
        statement.Reason = payload.Reason ?? statement.Reason;
        if (detailed)
        {
            statement.Add(entry, role, payload.Reason);
        }
        return null;
    }

    /// <summary>Why a decision is not allowed in the statement's current state, or null when it is.</summary>
    private static string? Transition(StatementRecord statement, string type, PartyRole role)
    {
        var id = statement.Id;
        switch (statement.State)
        {
            case StatementState.Superseded:
                return $"statement {id} was superseded by {statement.SupersededBy}; act on that statement instead";
            case StatementState.Reversed:
                return $"statement {id} was reversed ({statement.Reason}){(statement.SupersededBy is { } by ? $" and corrected by {by}" : "")}";
            case StatementState.Disputed when type != LedgerEntryTypes.StatementReversed:
                return $"statement {id} is disputed ({statement.Reason}); settle the period again to issue a corrected statement";
        }

        return (type, role, statement.State) switch
        {
            (LedgerEntryTypes.StatementApproved, PartyRole.Esco, StatementState.Draft) => null,
            (LedgerEntryTypes.StatementApproved, PartyRole.Esco, StatementState.ApprovedByEsco) => $"the ESCO has already approved statement {id}; it awaits the factory",
            (LedgerEntryTypes.StatementApproved, PartyRole.Factory, StatementState.ApprovedByEsco) => null,
            (LedgerEntryTypes.StatementApproved, PartyRole.Factory, StatementState.Draft) => $"statement {id} awaits the ESCO's approval: the ESCO approves first, then the factory",
            (LedgerEntryTypes.StatementApproved, _, StatementState.Final) => $"statement {id} is already final",
            (LedgerEntryTypes.StatementDisputed, _, StatementState.Draft or StatementState.ApprovedByEsco) => null,
            (LedgerEntryTypes.StatementDisputed, _, StatementState.Final) => $"statement {id} is final and cannot be disputed; reverse it and issue a new statement",
            (LedgerEntryTypes.StatementReversed, _, StatementState.Final) => null,
            (LedgerEntryTypes.StatementReversed, _, _) => $"statement {id} is {statement.State.Code()}, not final: only a final statement is reversed (a draft is corrected by settling again)",
            _ => $"{type} is not allowed on a {statement.State.Code()} statement",
        };
    }

    private string? ApplyCheckpoint(LedgerEntry entry, CheckpointPayload payload)
    {
        if (Header(entry, payload.Schema, LedgerCheckpoints.Subject, "") is { } header)
        {
            return header;
        }

        if (SignerCheck(entry) is { } signer)
        {
            return signer;
        }

        if (payload.ThroughSequence < 1 || payload.ThroughSequence >= entry.Sequence)
        {
            return $"a checkpoint at entry {entry.Sequence} cannot vouch for entry {payload.ThroughSequence}";
        }

        return payload.ThroughHash.Length != 2 * EntryHash.Size || !payload.ThroughHash.All(char.IsAsciiHexDigitLower)
            ? $"checkpoint hash '{payload.ThroughHash}' is not 64 lower-case hex digits"
            : null;
    }

    private static string? Header(LedgerEntry entry, string schema, string subject, string contract)
    {
        if (schema != LedgerPayloads.Schema)
        {
            return $"payload schema '{schema}' is not {LedgerPayloads.Schema}";
        }

        if (entry.SubjectId != subject || entry.ContractId != contract)
        {
            return $"entry is filed under subject '{entry.SubjectId}', contract '{entry.ContractId}', but its payload is about '{subject}', contract '{contract}'";
        }

        return null;
    }

    /// <summary>The mutable state of one statement during a replay.</summary>
    private sealed class StatementRecord(
        string id,
        RegisteredContract contract,
        string period,
        string inputDigest,
        string documentDigest,
        byte[] document,
        long draftSequence,
        Instant draftedAt)
    {
        private readonly List<StatementEvent> _history = [];

        public string Id { get; } = id;

        public RegisteredContract Contract { get; } = contract;

        public string DocumentDigest { get; } = documentDigest;

        public long DraftSequence { get; } = draftSequence;

        public StatementState State { get; set; } = StatementState.Draft;

        public string? Supersedes { get; init; }

        public string? SupersededBy { get; set; }

        public string? Reason { get; set; }

        public void Add(LedgerEntry entry, PartyRole? role, string? reason) =>
            _history.Add(new StatementEvent(entry.Sequence, entry.Type, entry.Actor, role, entry.RecordedAt, reason, entry.HashHex));

        public StatementView View() => new(
            Id, Contract.ContractId, period, Contract.Esco, Contract.Factory, State, inputDigest, DocumentDigest, document,
            Supersedes, SupersededBy, Reason, draftedAt, [.. _history]);
    }
}
