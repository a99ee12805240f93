namespace EnergySom.Contracts.Ledger;

/// <summary>
/// Contracts registered in the ledger (<c>contract.registered</c>): the document the statements settle
/// against, filed by the contract's ESCO. A contract is registered once; registering the same document again
/// changes nothing, and a different document under the same id is refused.
/// </summary>
public sealed class ContractRegistry
{
    private readonly LedgerWriter _writer;

    internal ContractRegistry(LedgerWriter writer) => _writer = writer;

    /// <summary>Registers a contract, signed by its ESCO's key.</summary>
    /// <exception cref="ArgumentException">The document is not JSON.</exception>
    /// <exception cref="WorkflowException">The signer is not the contract's ESCO, the id is taken by another document, or the parties are invalid; nothing was recorded.</exception>
    public async Task<(RecordOutcome Outcome, RegisteredContract Contract)> RegisterAsync(
        ContractRegistration contract, PartyKey escoKey, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(escoKey);
        LedgerIds.Require(contract.ContractId, "contract id");
        LedgerIds.Require(contract.Esco, "ESCO");
        LedgerIds.Require(contract.Factory, "factory");
        var document = Canonical(contract.Document, $"contract {contract.ContractId}");
        var digest = CanonicalJson.DigestHex(document);
        var entry = await _writer.AppendAsync(
            async (head, token) =>
            {
                var replay = await _writer.ReplayAsync(head, [contract.ContractId], token);
                if (replay.Contracts.TryGetValue(contract.ContractId, out var existing))
                {
                    return existing.DocumentDigest == digest && existing.Esco == contract.Esco && existing.Factory == contract.Factory
                        ? null
                        : throw new WorkflowException(
                            $"contract {contract.ContractId} is already registered (entry {existing.Sequence}) with a different document or parties; a registered contract is never replaced");
                }

                var actor = LedgerWriter.PartyOf(replay, escoKey);
                var payload = LedgerPayloads.Encode(new ContractRegistrationPayload(
                    LedgerPayloads.Schema, contract.ContractId, contract.Esco, contract.Factory, digest, new RawJson(document)));
                var pending = new PendingEntry(LedgerEntryTypes.ContractRegistered, contract.ContractId, contract.ContractId, actor, payload);
                LedgerWriter.Require(replay, pending, head, escoKey);
                return pending;
            },
            escoKey,
            ct);

        var registered = await GetAsync(contract.ContractId, ct)
            ?? throw new InvalidOperationException($"contract {contract.ContractId} vanished after registration");
        return (entry is null ? RecordOutcome.AlreadyRecorded : RecordOutcome.Recorded, registered);
    }

    /// <summary>A registered contract, or null.</summary>
    public async Task<RegisteredContract?> GetAsync(string contractId, CancellationToken ct = default)
    {
        var head = await _writer.Store.ReadHeadAsync(ct);
        var replay = await _writer.ReplayAsync(head, [contractId], ct);
        return replay.Contracts.GetValueOrDefault(contractId);
    }

    /// <summary>Every registered contract, in registration order.</summary>
    public async Task<IReadOnlyList<RegisteredContract>> ListAsync(CancellationToken ct = default)
    {
        var head = await _writer.Store.ReadHeadAsync(ct);
        var ids = (await _writer.Store.ReadByTypeAsync(LedgerEntryTypes.ContractRegistered, ct)).Select(e => e.ContractId);
        var replay = await _writer.ReplayAsync(head, ids, ct);
        return [.. replay.Contracts.Values.OrderBy(c => c.Sequence)];
    }

    internal static byte[] Canonical(ReadOnlyMemory<byte> document, string what)
    {
        try
        {
            return CanonicalJson.Canonicalize(document.Span);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"{what}: the document is not usable JSON: {ex.Message}", nameof(document), ex);
        }
    }
}
