using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using EnergySom.Baseline.LeastSquares;

namespace EnergySom.Baseline.Tests.Architecture;

/// <summary>
/// EnergySom.Baseline is the pure numeric core: it must not touch I/O, the clock, logging, HTTP or a database.
/// Checked on the compiled assembly's metadata: every type and member it references from elsewhere.
/// </summary>
public class PurityTests
{
    private static readonly string[] ForbiddenNamespaces =
    [
        "System.IO", "System.Net", "System.Data", "System.Diagnostics.Tracing", "System.Console",
        "Microsoft.Extensions", "Npgsql", "SQLitePCL", "System.Threading.Tasks", "System.Security.Cryptography",
        "System.Runtime.InteropServices.Marshal",
    ];

    private static readonly string[] ForbiddenTypes =
    [
        "System.Console", "System.Environment", "System.TimeProvider", "System.Random", "System.GC",
        "System.Diagnostics.Stopwatch", "System.Diagnostics.Process", "System.Diagnostics.Trace", "System.Diagnostics.Debug",
        "System.Diagnostics.Activity", "System.Threading.Thread", "System.Threading.Timer",
        "NodaTime.SystemClock", "NodaTime.IClock", "NodaTime.DateTimeZoneProviders",
    ];

    private static readonly string[] ForbiddenMembers =
    [
        "System.DateTime.get_Now", "System.DateTime.get_UtcNow", "System.DateTime.get_Today",
        "System.DateTimeOffset.get_Now", "System.DateTimeOffset.get_UtcNow",
    ];

    private static readonly string[] ForbiddenAssemblies =
    [
        "System.Console", "System.Net", "System.Data", "Microsoft.Extensions", "Npgsql", "SQLitePCLRaw", "System.IO.FileSystem",
    ];

    public static IReadOnlyList<string> Violations(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var violations = new List<string>();

        foreach (var handle in md.AssemblyReferences)
        {
            var name = md.GetString(md.GetAssemblyReference(handle).Name);
            if (ForbiddenAssemblies.Any(f => name == f || name.StartsWith(f + ".", StringComparison.Ordinal)))
            {
                violations.Add($"references assembly {name}");
            }
        }

        foreach (var handle in md.TypeReferences)
        {
            var full = FullName(md, handle);
            if (ForbiddenTypes.Contains(full) || ForbiddenNamespaces.Any(ns => full.StartsWith(ns + ".", StringComparison.Ordinal)))
            {
                violations.Add($"uses type {full}");
            }
        }

        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            if (member.Parent.Kind == HandleKind.TypeReference)
            {
                var full = $"{FullName(md, (TypeReferenceHandle)member.Parent)}.{md.GetString(member.Name)}";
                if (ForbiddenMembers.Contains(full))
                {
                    violations.Add($"calls {full}");
                }
            }
        }

        return violations;
    }

    private static string FullName(MetadataReader md, TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        var name = md.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return $"{FullName(md, (TypeReferenceHandle)type.ResolutionScope)}+{name}";
        }

        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    [Fact]
    public void Baseline_ReferencesNoIoClockLoggingHttpOrDatabaseTypes()
    {
        var violations = Violations(typeof(HouseholderQr).Assembly.Location);
        Assert.True(violations.Count == 0, "EnergySom.Baseline must stay pure:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Check_CatchesAnImpureAssembly()
    {
        // This test assembly reads files (File.OpenRead above); the same check must see it.
        var violations = Violations(typeof(PurityTests).Assembly.Location);
        Assert.Contains(violations, v => v == "uses type System.IO.File");
    }
}
