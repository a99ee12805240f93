namespace EnergySom.Contracts.Ledger;

/// <summary>A checkpoint verification relied on: entries up to <paramref name="Through"/> were vouched for by <paramref name="Signer"/>.</summary>
/// <param name="Sequence">The checkpoint entry.</param>
/// <param name="Through">The last entry it vouches for.</param>
public sealed record TrustedCheckpoint(long Sequence, long Through, string Signer);
