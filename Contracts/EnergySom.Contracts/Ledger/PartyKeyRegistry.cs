
namespace EnergySom.Contracts.Ledger;

/// <summary>
/// The parties' public keys, registered in the ledger as <c>key.registered</c> entries.
/// </summary>
/// <remarks>
/// Trust works like this: the first key of a ledger registers itself (it signs its own registration) and is
/// the root; every other party's first key is introduced by a party that already has one (typically the ESCO
/// registers its factory's public key, received with the signed contract); a party replaces its key by
/// signing the new key's registration with the old one. So nobody who can merely write to the database can
/// add a party or a key, and an entry in a party's name needs that party's private key.
/// </remarks>
public sealed class PartyKeyRegistry
{
    private readonly LedgerWriter _writer;

    internal PartyKeyRegistry(LedgerWriter writer) => _writer = writer;

    /// <summary>
    /// Registers <paramref name="publicKey"/> (SubjectPublicKeyInfo DER) for <paramref name="party"/>, signed by
    /// <paramref name="signer"/>: the key itself for the ledger's first key, an already registered party's key to
    /// introduce a new party, or the party's current key to replace it. Registering a key that is already the
    /// party's key changes nothing.
    /// </summary>
    /// <exception cref="WorkflowException">The signer may not register this key; nothing was recorded.</exception>
    public async Task<RegisteredKey> RegisterAsync(string party, ReadOnlyMemory<byte> publicKey, PartyKey signer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        LedgerIds.Require(party, "party");
        string keyId;
        try
        {
            PartyKey.OpenPublicKey(publicKey.Span).Dispose();
            keyId = PartyKey.KeyIdOf(publicKey.Span);
        }
        catch (FormatException ex)
        {
            throw new WorkflowException($"the public key for '{party}' is not usable: {ex.Message}", ex);
        }

        await _writer.AppendAsync(
            async (head, token) =>
            {
                var replay = await _writer.ReplayAsync(head, [], token);
                if (replay.Keys.TryGetValue(keyId, out var existing))
                {
                    return existing.Party == party
                        ? null
                        : throw new WorkflowException($"key {keyId} is already registered to '{existing.Party}'");
                }

                var current = replay.ActiveKeyOf(party);
                string actor;
                if (replay.Keys.Count == 0)
                {
                    if (signer.KeyId != keyId)
                    {
                        throw new WorkflowException(
                            $"the ledger has no keys yet: its first key registers itself, so sign with the private key of '{party}' being registered");
                    }

                    actor = party;
                }
                else
                {
                    actor = LedgerWriter.PartyOf(replay, signer);
                    if (current is not null && actor != party)
                    {
                        throw new WorkflowException(
                            $"'{party}' already has key {current.KeyId}: only that key can register its replacement, not a key of '{actor}'");
                    }
                }

                var payload = LedgerPayloads.Encode(new KeyRegistrationPayload(
                    LedgerPayloads.Schema, party, keyId, Convert.ToBase64String(publicKey.Span), current?.KeyId));
                var pending = new PendingEntry(LedgerEntryTypes.KeyRegistered, party, "", actor, payload);
                LedgerWriter.Require(replay, pending, head, signer);
                return pending;
            },
            signer,
            ct);

        return (await FindAsync(keyId, ct))!;
    }

    /// <summary>Every key ever registered, with its party and whether it is still the party's key.</summary>
    public async Task<IReadOnlyList<RegisteredKey>> ListAsync(CancellationToken ct = default)
    {
        var head = await _writer.Store.ReadHeadAsync(ct);
        var replay = await _writer.ReplayAsync(head, [], ct);
        return [.. replay.Keys.Values.OrderBy(k => k.RegisteredAt)];
    }

    /// <summary>A registered key by id, or null.</summary>
    public async Task<RegisteredKey?> FindAsync(string keyId, CancellationToken ct = default) =>
        (await ListAsync(ct)).FirstOrDefault(k => k.KeyId == keyId);
}
