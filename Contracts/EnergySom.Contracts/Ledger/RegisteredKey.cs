namespace EnergySom.Contracts.Ledger;

/// <summary>A party's public key as registered in the ledger.</summary>
/// <param name="KeyId">Key id (<see cref="PartyKey.KeyIdOf"/>).</param>
/// <param name="Party">The party it signs for.</param>
/// <param name="PublicKey">SubjectPublicKeyInfo DER of the P-256 public key.</param>
/// <param name="RegisteredAt">Sequence of the <c>key.registered</c> entry.</param>
/// <param name="RegisteredBy">The party that signed the registration (itself for the first key of the ledger and for rotations).</param>
/// <param name="RetiredAt">Sequence of the rotation that replaced it, or null while it is the party's key.</param>
#pragma warning disable CA1819 // the DER bytes are what is registered and hashed
public sealed record RegisteredKey(string KeyId, string Party, byte[] PublicKey, long RegisteredAt, string RegisteredBy, long? RetiredAt)
{
    public bool IsActive => RetiredAt is null;
}
#pragma warning restore CA1819
