using System.Diagnostics;
using System.Globalization;
using EnergySom.Testing;
using Npgsql;

namespace EnergySom.Contracts.Tests.Storage;

/// <summary>
/// A real PostgreSQL server (Debian's <c>postgresql</c> package, installed by ./test.sh) for one test run: a new
/// cluster in a temporary folder (<c>initdb -A trust</c>), listening on 127.0.0.1 on a free port with its Unix
/// socket in that folder, stopped (fast shutdown) and deleted at the end. PostgreSQL refuses to run as root, so
/// when the tests run as root the cluster belongs to the <c>postgres</c> user and runs through <c>runuser</c>.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly Dictionary<string, string> _databases = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string _root = "";
    private string _bin = "";
    private bool _asPostgresUser;
    private PeerProcess? _server;

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        _root = Directory.CreateTempSubdirectory("esom-pg-").FullName;
        _asPostgresUser = Environment.IsPrivilegedProcess;
        if (_asPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", _root], asPostgres: false);
        }

        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", DataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"], _asPostgresUser);
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Get();
            _server = Start(Path.Combine(_bin, "postgres"), [
                "-D", DataDirectory,
                "-p", Port.ToString(CultureInfo.InvariantCulture),
                "-k", _root,
                "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off",
                "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
            ]);
            try
            {
                await _server.WaitForOutputAsync("database system is ready to accept connections", TimeSpan.FromSeconds(30));
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && _server.Output.Contains("could not bind", StringComparison.Ordinal))
            {
                // Another process took the port between FreePort and the bind: try another one.
                await _server.DisposeAsync();
            }
        }
    }

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Connection string of a database of its own for <paramref name="owner"/> (a test class), created on first use.</summary>
    public async Task<string> DatabaseForAsync(string owner)
    {
        await _gate.WaitAsync();
        try
        {
            if (_databases.TryGetValue(owner, out var existing))
            {
                return existing;
            }

            var name = $"t{_databases.Count + 1}_{new string(owner.Where(char.IsAsciiLetterOrDigit).Take(40).ToArray()).ToLowerInvariant()}";
            await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }

            return _databases[owner] = ConnectionString(name);
        }
        finally
        {
            _gate.Release();
        }
    }

    public string ConnectionString(string database, string? searchPath = null)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Timeout = 15,
        };
        if (searchPath is not null)
        {
            builder.SearchPath = searchPath;
        }

        return builder.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            if (!_server.HasExited)
            {
                // SIGTERM would be a "smart" shutdown, which waits for every client to disconnect; -m fast does not.
                try
                {
                    await RunAsync(Path.Combine(_bin, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "20"], _asPostgresUser);
                }
                catch (InvalidOperationException)
                {
                    // The server is gone already; disposing the process below cleans up whatever is left.
                }
            }

            await _server.DisposeAsync();
        }

        _gate.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temporary folder.
        }
    }

    private PeerProcess Start(string executable, string[] arguments) =>
        _asPostgresUser
            ? PeerProcess.Start("runuser", ["-u", "postgres", "--", executable, .. arguments])
            : PeerProcess.Start(executable, arguments);

    private static async Task RunAsync(string executable, string[] arguments, bool asPostgres)
    {
        var start = asPostgres ? new ProcessStartInfo("runuser") : new ProcessStartInfo(executable);
        if (asPostgres)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", executable })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    private static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
            : [];
        return versions.OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            ?? Path.GetDirectoryName(PeerProcess.Which("initdb") ?? "")
            ?? throw new InvalidOperationException("PostgreSQL is not installed: run ./test.sh, which installs Debian's postgresql package");
    }
}

/// <summary>One PostgreSQL server for every test class of the collection.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
