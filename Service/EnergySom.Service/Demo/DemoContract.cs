using System.Reflection;
using EnergySom.Contracts.Terms;

namespace EnergySom.Service.Demo;

/// <summary>
/// The demo's contract file and its tariffs, written to a folder so the demo loads them exactly as a user's files
/// are loaded (and a user can run <c>energysom contract check</c> on them afterwards). The contract template pins
/// the baseline results by id and SHA-256, filled in once the baseline is frozen.
/// </summary>
public static class DemoContract
{
    public const string FileName = "EPC-DEMO-001.yaml";

    private const string ResourcePrefix = "demo/";

    /// <summary>Writes <c>FileName</c> and <c>tariffs/*.yaml</c> into <paramref name="folder"/>; returns the contract's path.</summary>
    public static string Write(string folder, BaselineResultReference electricity, BaselineResultReference gas)
    {
        ArgumentNullException.ThrowIfNull(electricity);
        ArgumentNullException.ThrowIfNull(gas);
        var tariffs = Path.Combine(folder, "tariffs");
        Directory.CreateDirectory(tariffs);
        var assembly = typeof(DemoContract).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix + "tariffs/", StringComparison.Ordinal)))
        {
            File.WriteAllText(Path.Combine(tariffs, name[(ResourcePrefix.Length + "tariffs/".Length)..]), Read(assembly, name));
        }

        var text = Read(assembly, ResourcePrefix + "demo-contract.yaml")
            .Replace("{{electricity_id}}", electricity.Id, StringComparison.Ordinal)
            .Replace("{{electricity_sha256}}", electricity.Sha256, StringComparison.Ordinal)
            .Replace("{{gas_id}}", gas.Id, StringComparison.Ordinal)
            .Replace("{{gas_sha256}}", gas.Sha256, StringComparison.Ordinal);
        var path = Path.Combine(folder, FileName);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
