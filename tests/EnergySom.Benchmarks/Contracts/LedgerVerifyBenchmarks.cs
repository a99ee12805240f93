using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EnergySom.Contracts.Ledger;
using EnergySom.Contracts.Storage;
using EnergySom.Contracts.Storage.Sqlite;

namespace EnergySom.Benchmarks.Contracts;

/// <summary>
/// <c>ledger verify</c> of a 100,002-entry SQLite ledger (goal: under 2 s on 2 cores), by what it checks:
/// the default (every hash, link, digest and rule; signatures after the latest checkpoint) on every core and on
/// one core, every signature on every core (<c>--full</c>), a naive verifier (sequential, every signature, one key
/// import per entry, no rules), and reading the entries alone.
/// </summary>
/// <remarks>
/// Each operation takes seconds, so the job measures single invocations (monitoring strategy) in process: the
/// generated-project toolchain adds nothing at this scale and its build times out on a loaded machine.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(LedgerVerifyBenchmarks.SecondsScale))]
public class LedgerVerifyBenchmarks
{
    private SqliteLedgerStore _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = SqliteLedgerStore.Open(LedgerBenchmarkData.Ensure(), create: false);
        var check = LedgerVerifier.VerifyAsync(_store).GetAwaiter().GetResult();
        if (!check.IsIntact || check.Entries < 100_000)
        {
            throw new InvalidOperationException($"benchmark ledger is not intact: {check.Fault}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary><c>energysom ledger verify</c>: trusts the latest checkpoint for older signatures.</summary>
    [Benchmark]
    public async Task<long> VerifyTrustingCheckpoint() => Checked(await LedgerVerifier.VerifyAsync(_store));

    /// <summary><c>energysom ledger verify --full</c>: every signature, on every core.</summary>
    [Benchmark]
    public async Task<long> VerifyAllSignatures() =>
        Checked(await LedgerVerifier.VerifyAsync(_store, new LedgerVerifyOptions { AllSignatures = true }));

    /// <summary>The default verification on one core.</summary>
    [Benchmark]
    public async Task<long> VerifyTrustingCheckpointOneCore() =>
        Checked(await LedgerVerifier.VerifyAsync(_store, new LedgerVerifyOptions { MaxDegreeOfParallelism = 1 }));

    /// <summary>Naive reference: one entry at a time, the signer's key imported for each, no rules, no parallelism.</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> NaiveSequential()
    {
        var keys = new Dictionary<string, byte[]>();
        foreach (var k in await _store.ReadByTypeAsync(LedgerEntryTypes.KeyRegistered))
        {
            using var json = System.Text.Json.JsonDocument.Parse(k.Payload);
            keys[k.SubjectId == k.Actor ? k.KeyId : json.RootElement.GetProperty("keyId").GetString()!] =
                Convert.FromBase64String(json.RootElement.GetProperty("publicKey").GetString()!);
        }

        var previousHash = new byte[EntryHash.Size];
        byte[] previousSignature = [];
        long count = 0;
        await foreach (var entry in _store.ReadAllAsync())
        {
            if (!CanonicalJson.Digest(entry.Payload).AsSpan().SequenceEqual(entry.PayloadDigest)
                || !entry.PreviousHash.AsSpan().SequenceEqual(previousHash)
                || !EntryHash.Of(entry, previousSignature).AsSpan().SequenceEqual(entry.Hash))
            {
                throw new InvalidOperationException($"entry {entry.Sequence} altered");
            }

            using var key = PartyKey.OpenPublicKey(keys[entry.KeyId]);
            if (!PartyKey.Verify(key, entry.Hash, entry.Signature))
            {
                throw new InvalidOperationException($"entry {entry.Sequence}: bad signature");
            }

            previousHash = entry.Hash;
            previousSignature = entry.Signature;
            count++;
        }

        return count;
    }

    /// <summary>Reading the 100,002 entries from SQLite, nothing else: the floor under every verifier.</summary>
    [Benchmark]
    public async Task<long> ReadAllEntries()
    {
        long bytes = 0;
        await foreach (var entry in _store.ReadAllAsync())
        {
            bytes += entry.Payload.Length;
        }

        return bytes;
    }

    /// <summary>Single invocations, one warm-up, five measured, in process.</summary>
    public sealed class SecondsScale : ManualConfig
    {
        public SecondsScale() =>
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(5)
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: false)));
    }

    private static long Checked(LedgerVerification verification) =>
        verification.IsIntact ? verification.SignaturesChecked : throw new InvalidOperationException(verification.Fault!.ToString());
}
