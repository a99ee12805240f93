using System.Security.Cryptography;

namespace EnergySom.Contracts.Terms;

/// <summary>
/// The frozen baseline result a carrier is settled against: the versioned JSON result record the Baseline
/// module writes, named by its id and version and pinned by the SHA-256 of its bytes.
/// </summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the result file's bytes.</param>
public sealed record BaselineResultReference(string Id, string Version, string Sha256)
{
    /// <summary>True when <paramref name="resultFile"/> is exactly the frozen result (same bytes).</summary>
    public bool Matches(ReadOnlySpan<byte> resultFile) =>
        string.Equals(Convert.ToHexStringLower(SHA256.HashData(resultFile)), Sha256, StringComparison.Ordinal);

    public override string ToString() => $"{Id}@{Version}";
}
